//! Argon2id for the passphrase and recovery slots.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};

use super::{KEY_LEN, WrappingKey};
use crate::error::{Error, ErrorCode, Result};

/// Floor for the passphrase slot: 64 MiB and 3 passes, whatever the calibration says.
pub const MIN_PASSPHRASE_MEMORY_KIB: u32 = 64 * 1024;
pub const MIN_PASSPHRASE_PASSES: u32 = 3;
/// Calibration aims for this much work on the machine that creates the slot.
pub const TARGET_PASSPHRASE_TIME: Duration = Duration::from_millis(700);
/// The most passes calibration ever chooses; a slot asking for more was edited.
pub const MAX_PASSES: u32 = 12;
/// At most 4 × 64 MiB = 256 MiB, so that unlocking works on a modest laptop.
const MAX_MEMORY_FACTOR: u32 = 4;
/// The most memory any slot this app writes asks for; a slot asking for more was edited.
pub const MAX_MEMORY_KIB: u32 = MIN_PASSPHRASE_MEMORY_KIB * MAX_MEMORY_FACTOR;
/// The app writes one lane; a few more are tolerated, many are not.
pub const MAX_LANES: u32 = 4;

/// Argon2id cost parameters, stored in the slot so that any machine can unwrap it later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl KdfParams {
    pub const PASSPHRASE_FLOOR: KdfParams = KdfParams {
        memory_kib: MIN_PASSPHRASE_MEMORY_KIB,
        passes: MIN_PASSPHRASE_PASSES,
        lanes: 1,
    };

    /// A recovery code already carries 160 random bits, so its KDF only needs to be moderate.
    pub const RECOVERY: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        passes: 2,
        lanes: 1,
    };

    /// Measures one derivation at the floor, then raises the memory (up to 256 MiB: memory is what
    /// makes guessing expensive on GPUs) and then the passes until a derivation takes about
    /// [`TARGET_PASSPHRASE_TIME`] here. Never goes below the floor.
    pub fn calibrate_passphrase() -> Result<KdfParams> {
        let floor = Self::PASSPHRASE_FLOOR;
        let salt = [0u8; 16];
        let start = Instant::now();
        derive(b"calibration", &salt, floor)?;
        // Cost is about proportional to memory × passes; measure in "floor-memory passes".
        let per_unit = start.elapsed().as_secs_f64() / f64::from(floor.passes);
        let units = if per_unit > 0.0 {
            TARGET_PASSPHRASE_TIME.as_secs_f64() / per_unit
        } else {
            f64::MAX
        };
        let memory_factor = (units / f64::from(floor.passes))
            .clamp(1.0, f64::from(MAX_MEMORY_FACTOR))
            .floor();
        let passes = (units / memory_factor)
            .round()
            .clamp(f64::from(floor.passes), f64::from(MAX_PASSES));
        Ok(KdfParams {
            // Both values are clamped to small ranges above, so the casts cannot truncate.
            memory_kib: floor.memory_kib * memory_factor as u32,
            passes: passes as u32,
            ..floor
        })
    }

    /// Refuses parameters this app never writes, before any work is done: an edited key file
    /// must not make an unlock spend minutes and gigabytes before blaming the passphrase. The
    /// message says which parameter and its bound.
    pub fn check_bounds(&self) -> Result<()> {
        let damaged = |what: String| Error::new(ErrorCode::KeyFileDamaged, what);
        if self.memory_kib > MAX_MEMORY_KIB {
            return Err(damaged(format!(
                "the key file asks for {} MiB of memory; at most {} MiB is allowed",
                self.memory_kib / 1024,
                MAX_MEMORY_KIB / 1024
            )));
        }
        if self.passes == 0 || self.passes > MAX_PASSES {
            return Err(damaged(format!(
                "the key file asks for {} passes; 1 to {MAX_PASSES} are allowed",
                self.passes
            )));
        }
        if self.lanes == 0 || self.lanes > MAX_LANES {
            return Err(damaged(format!(
                "the key file asks for {} lanes; 1 to {MAX_LANES} are allowed",
                self.lanes
            )));
        }
        Ok(())
    }

    fn validate(&self) -> Result<Params> {
        self.check_bounds()?;
        Params::new(self.memory_kib, self.passes, self.lanes, Some(KEY_LEN)).map_err(|e| {
            Error::new(
                ErrorCode::KeyFileDamaged,
                format!("key slot KDF parameters: {e}"),
            )
        })
    }
}

/// Derives a wrapping key from a secret (passphrase or recovery code) and a salt.
pub fn derive(secret: &[u8], salt: &[u8], params: KdfParams) -> Result<WrappingKey> {
    let p = params.validate()?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = WrappingKey::zeroed();
    argon
        .hash_password_into(secret, salt, out.as_mut_bytes())
        .map_err(|e| Error::new(ErrorCode::Internal, format!("argon2id failed: {e}")))?;
    Ok(out)
}
