//! The versioned key-slot file that sits beside the vault (`vault.keys`).
//!
//! Each slot holds the data key wrapped with XChaCha20-Poly1305 under a key from one source:
//! the OS keyring, a passphrase (Argon2id) or a recovery code (Argon2id). Any slot unlocks. The
//! AEAD tag proves that an unwrapped key is the vault's key, so a wrong passphrase is told apart
//! from a damaged database. Changing the passphrase rewrites one slot; the database is untouched.

use std::fs;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::kdf::{self, KdfParams};
use super::keyring_store::SecretStore;
use super::{DataKey, KEY_LEN, WrappingKey, os_random};
use crate::error::{Error, ErrorCode, Result};
use crate::fsutil;

const FORMAT: &str = "ipt-companion-keyslots";
pub const SLOT_FILE_VERSION: u32 = 1;
const NONCE_LEN: usize = 24;
const SALT_LEN: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SlotKind {
    Keyring,
    Passphrase,
    Recovery,
}

impl SlotKind {
    fn label(self) -> &'static str {
        match self {
            SlotKind::Keyring => "keyring",
            SlotKind::Passphrase => "passphrase",
            SlotKind::Recovery => "recovery",
        }
    }
}

/// One wrapped copy of the data key. Holds no secret in the clear.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
    pub kind: SlotKind,
    /// Keyring slots: the keyring account that holds the wrapping key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// Passphrase and recovery slots: Argon2id parameters and salt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kdf: Option<KdfParams>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    pub nonce: String,
    pub wrapped: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeySlotFile {
    pub format: String,
    pub version: u32,
    /// Random id tying the slots (and the keyring entry) to this vault.
    pub vault_id: String,
    /// The first 16 bytes of `vault.db` (SQLCipher's salt, stored in the clear in the file and
    /// not a secret), hex: a key file and a database that do not belong together are then told
    /// apart from a damaged database or a wrong passphrase. Absent in files written before it was
    /// recorded, and until the database of a new vault exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub db_salt: Option<String>,
    pub slots: Vec<Slot>,
}

/// The same passphrase typed on different systems can arrive as different Unicode sequences
/// ("é" as one code point or as "e" + an accent): hash its NFC form so it always unlocks.
fn nfc(passphrase: &str) -> Zeroizing<String> {
    use unicode_normalization::UnicodeNormalization;
    Zeroizing::new(passphrase.nfc().collect())
}

fn aad(kind: SlotKind, vault_id: &str) -> Vec<u8> {
    format!("{FORMAT}/v{SLOT_FILE_VERSION}/{}/{vault_id}", kind.label()).into_bytes()
}

fn b64d(field: &str, s: &str) -> Result<Vec<u8>> {
    B64.decode(s).map_err(|_| {
        Error::new(
            ErrorCode::KeyFileDamaged,
            format!("key slot field {field} is not base64"),
        )
    })
}

impl KeySlotFile {
    pub fn new() -> Result<Self> {
        let mut id = [0u8; 16];
        os_random(&mut id)?;
        Ok(Self {
            format: FORMAT.into(),
            version: SLOT_FILE_VERSION,
            vault_id: hex::encode(id),
            db_salt: None,
            slots: Vec::new(),
        })
    }

    /// Reads and checks the file. Anything unreadable is `Damaged`; the file is never rewritten
    /// here.
    pub fn load(path: &Path) -> Result<Self> {
        let bytes = fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::new(
                    ErrorCode::KeyFileMissing,
                    "the key-slot file (vault.keys) beside the vault is missing",
                )
            } else {
                Error::io("reading key-slot file", e)
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::new(
                ErrorCode::KeyFileDamaged,
                "the key-slot file (vault.keys) is empty",
            ));
        }
        let file: KeySlotFile = serde_json::from_slice(&bytes).map_err(|_| {
            Error::new(
                ErrorCode::KeyFileDamaged,
                "the key-slot file cannot be read",
            )
        })?;
        if file.format != FORMAT {
            return Err(Error::new(
                ErrorCode::KeyFileDamaged,
                "vault.keys is not an IPT Companion key-slot file",
            ));
        }
        if file.version != SLOT_FILE_VERSION {
            return Err(Error::new(
                ErrorCode::KeyFileDamaged,
                format!("key-slot file version {} is not supported", file.version),
            ));
        }
        if file.slots.is_empty() {
            return Err(Error::new(
                ErrorCode::KeyFileDamaged,
                "the key-slot file has no slots",
            ));
        }
        for slot in &file.slots {
            if let Some(params) = slot.kdf {
                params.check_bounds().map_err(|e| {
                    Error::new(
                        ErrorCode::KeyFileDamaged,
                        format!("{} slot: {}", slot.kind.label(), e.message()),
                    )
                })?;
            }
        }
        Ok(file)
    }

    /// Writes atomically (temporary file, fsync, rename, fsync of the folder), mode 0600.
    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("serialising key slots: {e}")))?;
        fsutil::write_atomic(path, &json)
    }

    pub fn has(&self, kind: SlotKind) -> bool {
        self.slots.iter().any(|s| s.kind == kind)
    }

    fn slot(&self, kind: SlotKind) -> Result<&Slot> {
        self.slots.iter().find(|s| s.kind == kind).ok_or_else(|| {
            let code = if kind == SlotKind::Keyring {
                ErrorCode::NoKeyringSlot
            } else {
                ErrorCode::KeyFileDamaged
            };
            Error::new(code, format!("this vault has no {} slot", kind.label()))
        })
    }

    fn put(&mut self, slot: Slot) {
        self.slots.retain(|s| s.kind != slot.kind);
        self.slots.push(slot);
    }

    fn wrap(&self, kind: SlotKind, wk: &WrappingKey, key: &DataKey) -> Result<(String, String)> {
        let cipher = XChaCha20Poly1305::new(wk.as_bytes().into());
        let mut nonce = [0u8; NONCE_LEN];
        os_random(&mut nonce)?;
        let aad = aad(kind, &self.vault_id);
        let ct = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: key.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::new(ErrorCode::Internal, "wrapping the data key failed"))?;
        Ok((B64.encode(nonce), B64.encode(ct)))
    }

    fn unwrap_slot(&self, slot: &Slot, wk: &WrappingKey) -> Result<DataKey> {
        let nonce = b64d("nonce", &slot.nonce)?;
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| {
            Error::new(
                ErrorCode::KeyFileDamaged,
                "key slot nonce has the wrong length",
            )
        })?;
        let ct = b64d("wrapped", &slot.wrapped)?;
        if ct.len() != KEY_LEN + 16 {
            return Err(Error::new(
                ErrorCode::KeyFileDamaged,
                "wrapped key has the wrong length",
            ));
        }
        let cipher = XChaCha20Poly1305::new(wk.as_bytes().into());
        let aad = aad(slot.kind, &self.vault_id);
        let plain = Zeroizing::new(
            cipher
                .decrypt(
                    &XNonce::from(nonce),
                    Payload {
                        msg: &ct,
                        aad: &aad,
                    },
                )
                .map_err(|_| Error::new(ErrorCode::WrongKey, "this does not unlock the vault"))?,
        );
        DataKey::from_bytes(&plain)
    }

    fn put_kdf_slot(
        &mut self,
        kind: SlotKind,
        key: &DataKey,
        secret: &[u8],
        params: KdfParams,
    ) -> Result<()> {
        let mut salt = [0u8; SALT_LEN];
        os_random(&mut salt)?;
        let wk = kdf::derive(secret, &salt, params)?;
        let (nonce, wrapped) = self.wrap(kind, &wk, key)?;
        self.put(Slot {
            kind,
            account: None,
            kdf: Some(params),
            salt: Some(B64.encode(salt)),
            nonce,
            wrapped,
        });
        Ok(())
    }

    fn unlock_kdf_slot(&self, kind: SlotKind, secret: &[u8]) -> Result<DataKey> {
        let slot = self.slot(kind)?;
        let params = slot.kdf.ok_or_else(|| {
            Error::new(ErrorCode::KeyFileDamaged, "key slot lacks KDF parameters")
        })?;
        let salt = b64d("salt", slot.salt.as_deref().unwrap_or_default())?;
        if salt.len() < 8 {
            return Err(Error::new(
                ErrorCode::KeyFileDamaged,
                "key slot salt is too short",
            ));
        }
        let wk = kdf::derive(secret, &salt, params)?;
        self.unwrap_slot(slot, &wk)
    }

    /// Adds or replaces the passphrase slot.
    pub fn set_passphrase(
        &mut self,
        key: &DataKey,
        passphrase: &str,
        params: KdfParams,
    ) -> Result<()> {
        self.put_kdf_slot(
            SlotKind::Passphrase,
            key,
            nfc(passphrase).as_bytes(),
            params,
        )
    }

    pub fn unlock_passphrase(&self, passphrase: &str) -> Result<DataKey> {
        self.unlock_kdf_slot(SlotKind::Passphrase, nfc(passphrase).as_bytes())
    }

    /// Adds or replaces the recovery slot for a code from [`super::recovery::generate`].
    pub fn set_recovery(&mut self, key: &DataKey, code: &str) -> Result<()> {
        let canonical = super::recovery::normalize(code)?;
        self.put_kdf_slot(
            SlotKind::Recovery,
            key,
            canonical.as_bytes(),
            KdfParams::RECOVERY,
        )
    }

    pub fn unlock_recovery(&self, code: &str) -> Result<DataKey> {
        let canonical = super::recovery::normalize(code)?;
        self.unlock_kdf_slot(SlotKind::Recovery, canonical.as_bytes())
    }

    pub fn keyring_account(&self) -> String {
        format!("vault-{}", self.vault_id)
    }

    /// Puts a fresh wrapping key in the keyring and adds or replaces the keyring slot.
    pub fn set_keyring(&mut self, key: &DataKey, store: &dyn SecretStore) -> Result<()> {
        let wk = WrappingKey::generate()?;
        let account = self.keyring_account();
        let (nonce, wrapped) = self.wrap(SlotKind::Keyring, &wk, key)?;
        store.set(&account, wk.as_bytes())?;
        self.put(Slot {
            kind: SlotKind::Keyring,
            account: Some(account),
            kdf: None,
            salt: None,
            nonce,
            wrapped,
        });
        Ok(())
    }

    pub fn unlock_keyring(&self, store: &dyn SecretStore) -> Result<DataKey> {
        let slot = self.slot(SlotKind::Keyring)?;
        let account = slot
            .account
            .clone()
            .unwrap_or_else(|| self.keyring_account());
        let secret = store.get(&account)?;
        if secret.len() != KEY_LEN {
            return Err(Error::new(
                ErrorCode::WrongKey,
                "the keyring entry is not this vault's",
            ));
        }
        let mut wk = WrappingKey::zeroed();
        wk.as_mut_bytes().copy_from_slice(&secret);
        self.unwrap_slot(slot, &wk)
    }

    /// Removes the keyring slot (and, best effort, the keyring entry).
    pub fn remove_keyring(&mut self, store: &dyn SecretStore) {
        if let Ok(slot) = self.slot(SlotKind::Keyring) {
            let account = slot
                .account
                .clone()
                .unwrap_or_else(|| self.keyring_account());
            let _ = store.delete(&account);
        }
        self.slots.retain(|s| s.kind != SlotKind::Keyring);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::keyring_store::MemoryStore;

    const FAST: KdfParams = KdfParams {
        memory_kib: 1024,
        passes: 1,
        lanes: 1,
    };

    #[test]
    fn each_slot_unwraps_the_same_key_and_wrong_secrets_fail() {
        let key = DataKey::generate().expect("key");
        let store = MemoryStore::new();
        let mut f = KeySlotFile::new().expect("file");
        f.set_passphrase(&key, "correct horse", FAST).expect("pass");
        let code = crate::keys::recovery::generate().expect("code");
        f.set_recovery(&key, &code).expect("rec");
        f.set_keyring(&key, &store).expect("kr");

        assert_eq!(
            f.unlock_passphrase("correct horse").expect("p").as_bytes(),
            key.as_bytes()
        );
        assert_eq!(
            f.unlock_recovery(&code).expect("r").as_bytes(),
            key.as_bytes()
        );
        assert_eq!(
            f.unlock_keyring(&store).expect("k").as_bytes(),
            key.as_bytes()
        );

        assert_eq!(
            f.unlock_passphrase("wrong horse").err().map(|e| e.code()),
            Some(ErrorCode::WrongKey)
        );
        let other = crate::keys::recovery::generate().expect("code");
        assert_eq!(
            f.unlock_recovery(&other).err().map(|e| e.code()),
            Some(ErrorCode::WrongKey)
        );
    }

    #[test]
    fn a_slot_moved_to_another_vault_or_kind_does_not_unwrap() {
        let key = DataKey::generate().expect("key");
        let mut f = KeySlotFile::new().expect("file");
        f.set_passphrase(&key, "pw-pw-pw-pw", FAST).expect("pass");
        let mut g = f.clone();
        g.vault_id = KeySlotFile::new().expect("other").vault_id;
        assert_eq!(
            g.unlock_passphrase("pw-pw-pw-pw").err().map(|e| e.code()),
            Some(ErrorCode::WrongKey)
        );
    }

    #[test]
    fn a_passphrase_unlocks_however_its_accents_were_composed() {
        let key = DataKey::generate().expect("key");
        let mut f = KeySlotFile::new().expect("file");
        f.set_passphrase(&key, "caf\u{e9} au lait", FAST)
            .expect("composed");
        let decomposed = "cafe\u{301} au lait";
        assert_eq!(
            f.unlock_passphrase(decomposed)
                .expect("decomposed unlocks")
                .as_bytes(),
            key.as_bytes()
        );
        assert_eq!(
            f.unlock_passphrase("cafe au lait").err().map(|e| e.code()),
            Some(ErrorCode::WrongKey)
        );
    }

    #[test]
    fn missing_keyring_entry_is_its_own_code() {
        let key = DataKey::generate().expect("key");
        let store = MemoryStore::new();
        let mut f = KeySlotFile::new().expect("file");
        f.set_keyring(&key, &store).expect("kr");
        store.delete(&f.keyring_account()).expect("delete");
        assert_eq!(
            f.unlock_keyring(&store).err().map(|e| e.code()),
            Some(ErrorCode::KeyringEntryMissing)
        );
        assert_eq!(
            f.unlock_keyring(&MemoryStore::unavailable())
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::KeyringUnavailable)
        );
    }

    #[test]
    fn tampered_kdf_parameters_are_refused_before_running() {
        let key = DataKey::generate().expect("key");
        let mut f = KeySlotFile::new().expect("file");
        f.set_passphrase(&key, "pw-pw-pw-pw", FAST).expect("pass");
        for (params, named) in [
            ((u32::MAX, 1, 1), "memory"),
            ((4 * 1024 * 1024, 3, 1), "memory"),
            ((64 * 1024, 40, 1), "passes"),
            ((64 * 1024, 3, 64), "lanes"),
        ] {
            f.slots[0].kdf = Some(KdfParams {
                memory_kib: params.0,
                passes: params.1,
                lanes: params.2,
            });
            let err = f.unlock_passphrase("pw-pw-pw-pw").err().expect("refused");
            assert_eq!(err.code(), ErrorCode::KeyFileDamaged);
            assert!(err.message().contains(named), "{}", err.message());
        }
    }
}
