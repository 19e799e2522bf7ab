//! Key material and key slots.
//!
//! The vault's data key is a random 256-bit key. It never touches the disk in the clear: it is
//! stored only wrapped (XChaCha20-Poly1305) in key slots (see [`slots`]). Key types here are
//! deliberately not `Debug`, `Clone` or `Serialize`, and are zeroized on drop.

pub mod kdf;
pub mod keyring_store;
pub mod recovery;
pub mod slots;

use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, ErrorCode, Result};

pub const KEY_LEN: usize = 32;

/// Fills `buf` from the operating system's random source.
pub fn os_random(buf: &mut [u8]) -> Result<()> {
    getrandom::fill(buf)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("OS randomness failed: {e}")))
}

/// The key SQLCipher encrypts the vault with.
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    pub fn generate() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        os_random(k.as_mut())?;
        Ok(Self(k))
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let arr: [u8; KEY_LEN] = bytes.try_into().map_err(|_| {
            Error::new(
                ErrorCode::KeyFileDamaged,
                "unwrapped data key has the wrong length",
            )
        })?;
        let k = Zeroizing::new(arr);
        // `arr` was copied into the Zeroizing box; wipe the stack copy too.
        let mut arr = arr;
        arr.zeroize();
        Ok(Self(k))
    }

    /// A second handle on the same key, for work that outlives a borrow of the vault (a backup
    /// checking its copy). Deliberately not `Clone`: every copy is made here, on purpose, and is
    /// zeroized when dropped like the first.
    pub(crate) fn duplicate(&self) -> DataKey {
        DataKey(Zeroizing::new(*self.0))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The SQLCipher raw-key literal `"x'<64 hex>'"`: used as-is, no PBKDF2 per connection.
    pub(crate) fn sqlcipher_pragma_value(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(hex::encode(self.0.as_ref()));
        let v = Zeroizing::new(format!("\"x'{}'\"", hex.as_str()));
        hex.zeroize();
        v
    }
}

/// A key that wraps the data key in one slot (from the keyring, a passphrase or a recovery code).
pub struct WrappingKey(Zeroizing<[u8; KEY_LEN]>);

impl WrappingKey {
    pub fn generate() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        os_random(k.as_mut())?;
        Ok(Self(k))
    }

    pub(crate) fn zeroed() -> Self {
        Self(Zeroizing::new([0u8; KEY_LEN]))
    }

    pub(crate) fn as_bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    pub(crate) fn as_mut_bytes(&mut self) -> &mut [u8; KEY_LEN] {
        &mut self.0
    }
}

// Key material must never be printed, copied or serialised by accident: `cargo test` fails to
// compile if one of these traits is ever derived for a key type.
#[cfg(test)]
mod hygiene {
    use super::{DataKey, WrappingKey};
    static_assertions::assert_not_impl_any!(DataKey: std::fmt::Debug, Clone, Copy, serde::Serialize, std::fmt::Display);
    static_assertions::assert_not_impl_any!(WrappingKey: std::fmt::Debug, Clone, Copy, serde::Serialize, std::fmt::Display);
}
