//! Reading the write-ahead log (`vault.db-wal`) before SQLite does.
//!
//! When SQLite opens a log left by a crash it replays its frames up to the first one whose
//! checksum or salt is wrong, and silently drops that frame and everything after it. A log cut
//! short by a crash while writing (its last, unacknowledged transaction half written) ends that
//! way, and dropping that tail is right. A damaged byte in the middle of the log also ends the
//! replay there, dropping transactions that were acknowledged. The two are told apart by what
//! follows the first bad frame: frames that still carry this log's salts were written after it,
//! so the log was damaged, not cut short. (A damaged byte in the last transaction's frames looks
//! exactly like a crash while writing it; nothing can tell those apart.)
//!
//! The format is SQLite's (<https://www.sqlite.org/fileformat2.html#walformat>): a 32-byte header
//! then frames of a 24-byte header and one page; SQLCipher writes encrypted pages into it, the
//! frame headers and checksums are SQLite's own.

use std::path::Path;

const HEADER: usize = 32;
const FRAME_HEADER: usize = 24;
const MAGIC_LE: u32 = 0x377f_0682;
const MAGIC_BE: u32 = 0x377f_0683;

/// What a log holds beyond the point where SQLite will stop replaying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalDamage {
    /// Frames SQLite will replay (valid, up to the last commit among them).
    pub replayed_frames: usize,
    /// Frames after the first bad one that belong to this log: written later, and lost.
    pub lost_frames: usize,
}

fn be(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// SQLite's log checksum, continued from `(s0, s1)` over `data` (a multiple of 8 bytes), words
/// read in the byte order the log's magic number names.
fn checksum(big_endian: bool, mut s0: u32, mut s1: u32, data: &[u8]) -> (u32, u32) {
    let word = |c: &[u8]| {
        let w = [c[0], c[1], c[2], c[3]];
        if big_endian {
            u32::from_be_bytes(w)
        } else {
            u32::from_le_bytes(w)
        }
    };
    for pair in data.chunks_exact(8) {
        s0 = s0.wrapping_add(word(&pair[..4]).wrapping_add(s1));
        s1 = s1.wrapping_add(word(&pair[4..]).wrapping_add(s0));
    }
    (s0, s1)
}

/// Checks the log in memory. `None`: no log, an empty one, one SQLite replays whole, or one that
/// ends in a half-written transaction; `Some`: transactions after a damaged frame will be lost.
pub fn check_bytes(log: &[u8]) -> Option<WalDamage> {
    if log.len() < HEADER {
        return None;
    }
    let magic = be(log, 0);
    if magic != MAGIC_LE && magic != MAGIC_BE {
        return None;
    }
    let big_endian = magic == MAGIC_BE;
    let page = be(log, 8) as usize;
    if !(512..=65_536).contains(&page) || !page.is_power_of_two() {
        return None;
    }
    let salts = (be(log, 16), be(log, 20));
    let frame_len = FRAME_HEADER + page;
    let frames = log[HEADER..].chunks_exact(frame_len);
    let own = |f: &[u8]| (be(f, 8), be(f, 12)) == salts;
    let header_ok = checksum(big_endian, 0, 0, &log[..24]) == (be(log, 24), be(log, 28));
    if !header_ok {
        // SQLite ignores the whole log. Frames carrying the header's salts were written under
        // it, so they held transactions.
        let lost = frames.filter(|f| own(f)).count();
        return (lost > 0).then_some(WalDamage {
            replayed_frames: 0,
            lost_frames: lost,
        });
    }
    let (mut s0, mut s1) = (be(log, 24), be(log, 28));
    let mut replayed = 0;
    let mut frames = frames.enumerate();
    for (i, f) in frames.by_ref() {
        let (a, b) = checksum(big_endian, s0, s1, &f[..8]);
        let (a, b) = checksum(big_endian, a, b, &f[FRAME_HEADER..]);
        if !own(f) || (a, b) != (be(f, 16), be(f, 20)) {
            // The replay stops here. Anything after it carrying this log's salts is lost.
            let lost = frames.filter(|(_, f)| own(f)).count() + usize::from(own(f));
            let later = lost - usize::from(own(f));
            return (later > 0).then_some(WalDamage {
                replayed_frames: replayed,
                lost_frames: lost,
            });
        }
        (s0, s1) = (a, b);
        if be(f, 4) != 0 {
            replayed = i + 1;
        }
    }
    None
}

/// [`check_bytes`] on the log beside `db`, if there is one.
pub fn check(db: &Path) -> Option<WalDamage> {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let bytes = std::fs::read(Path::new(&wal)).ok()?;
    check_bytes(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: usize = 512;

    /// A little-endian log of `commits` transactions of `per` frames each, as SQLite writes it.
    fn log(commits: usize, per: usize) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend(MAGIC_LE.to_be_bytes());
        out.extend(3_007_000u32.to_be_bytes());
        out.extend((PAGE as u32).to_be_bytes());
        out.extend(0u32.to_be_bytes());
        out.extend(0x1234_5678u32.to_be_bytes());
        out.extend(0x9abc_def0u32.to_be_bytes());
        let (mut s0, mut s1) = checksum(false, 0, 0, &out[..24]);
        out.extend(s0.to_be_bytes());
        out.extend(s1.to_be_bytes());
        let mut n = 0u32;
        for c in 0..commits {
            for p in 0..per {
                n += 1;
                let mut fh = Vec::new();
                fh.extend(n.to_be_bytes());
                let commit = if p + 1 == per { 10 + c as u32 } else { 0 };
                fh.extend(commit.to_be_bytes());
                fh.extend(0x1234_5678u32.to_be_bytes());
                fh.extend(0x9abc_def0u32.to_be_bytes());
                let data: Vec<u8> = (0..PAGE).map(|i| (i as u32 * 31 + n) as u8).collect();
                (s0, s1) = checksum(false, s0, s1, &fh[..8]);
                (s0, s1) = checksum(false, s0, s1, &data);
                fh.extend(s0.to_be_bytes());
                fh.extend(s1.to_be_bytes());
                out.extend(fh);
                out.extend(data);
            }
        }
        out
    }

    fn frame_at(i: usize) -> usize {
        HEADER + i * (FRAME_HEADER + PAGE)
    }

    #[test]
    fn a_whole_log_and_no_log_are_fine() {
        assert_eq!(check_bytes(&log(4, 3)), None);
        assert_eq!(check_bytes(&[]), None);
        assert_eq!(check_bytes(&log(0, 0)), None);
        assert_eq!(check_bytes(&[7u8; 100]), None, "not a log at all");
    }

    #[test]
    fn a_log_cut_short_in_its_last_transaction_is_a_crash_not_damage() {
        let whole = log(4, 3);
        // Half of the last frame, or a last frame with a bad byte: the same to anyone.
        assert_eq!(check_bytes(&whole[..whole.len() - 100]), None);
        let mut torn = whole.clone();
        torn[frame_at(11) + FRAME_HEADER + 5] ^= 1;
        assert_eq!(check_bytes(&torn), None);
    }

    #[test]
    fn a_bad_byte_before_later_transactions_is_damage_and_says_how_much_is_lost() {
        let mut bad = log(4, 3);
        // Frame 7 is the first of the third transaction: two transactions replay (6 frames), the
        // bad frame and the five after it are lost.
        bad[frame_at(6) + FRAME_HEADER + 100] ^= 0x10;
        assert_eq!(
            check_bytes(&bad),
            Some(WalDamage {
                replayed_frames: 6,
                lost_frames: 6
            })
        );
        // In a frame's own header (its page number) too.
        let mut bad = log(4, 3);
        bad[frame_at(1) + 2] ^= 1;
        assert_eq!(
            check_bytes(&bad),
            Some(WalDamage {
                replayed_frames: 0,
                lost_frames: 11
            })
        );
    }

    #[test]
    fn a_bad_header_loses_every_frame_written_under_it() {
        let mut bad = log(2, 2);
        bad[13] ^= 1; // the checkpoint sequence: covered by the header checksum
        assert_eq!(
            check_bytes(&bad),
            Some(WalDamage {
                replayed_frames: 0,
                lost_frames: 4
            })
        );
    }

    #[test]
    fn frames_left_from_an_earlier_log_generation_are_not_damage() {
        // After a checkpoint SQLite starts the log again with new salts and overwrites it from
        // the top: the old frames behind the new ones carry the old salts.
        let mut reused = log(1, 2);
        let old = log(3, 2);
        reused.extend_from_slice(&old[frame_at(2)..]);
        for i in 2..6 {
            let at = frame_at(i) + 8;
            reused[at..at + 4].copy_from_slice(&0x0bad_cafeu32.to_be_bytes());
        }
        assert_eq!(check_bytes(&reused), None);
    }
}
