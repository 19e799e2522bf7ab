//! Recovery codes: 160 random bits shown once, as eight groups of five Crockford base-32
//! characters. Typing is forgiving: case, spaces, dashes and the look-alikes O/0 and I/L/1 all
//! read the same.

use zeroize::Zeroizing;

use super::os_random;
use crate::error::{Error, ErrorCode, Result};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BYTES: usize = 20;
const CHARS: usize = BYTES * 8 / 5; // 32
const GROUP: usize = 4;

/// Makes a new code, formatted for display: `XXXX-XXXX-…` (eight groups of four).
pub fn generate() -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new([0u8; BYTES]);
    os_random(bytes.as_mut())?;
    let mut chars = Zeroizing::new(String::with_capacity(CHARS + CHARS / GROUP));
    let mut acc: u64 = 0;
    let mut bits = 0;
    let mut n = 0;
    for &b in bytes.iter() {
        acc = (acc << 8) | u64::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            let idx = ((acc >> bits) & 31) as usize;
            if n > 0 && n % GROUP == 0 {
                chars.push('-');
            }
            chars.push(ALPHABET[idx] as char);
            n += 1;
        }
    }
    Ok(chars)
}

/// Canonical form of a typed code: the 32 symbols, upper case, without separators.
pub fn normalize(input: &str) -> Result<Zeroizing<String>> {
    let mut out = Zeroizing::new(String::with_capacity(CHARS));
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' | '\t' | '\n' | '\r' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c if ALPHABET.contains(&(c as u8)) && c.is_ascii() => c,
            _ => {
                return Err(Error::new(
                    ErrorCode::WrongKey,
                    "recovery code contains characters that are never part of one",
                ));
            }
        };
        out.push(c);
    }
    if out.len() != CHARS {
        return Err(Error::new(
            ErrorCode::WrongKey,
            "recovery code has the wrong length",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_normalize_and_differ() {
        let a = generate().expect("code");
        let b = generate().expect("code");
        assert_ne!(*a, *b);
        assert_eq!(a.split('-').count(), 8);
        let n = normalize(&a.to_lowercase().replace('-', " ")).expect("normalizes");
        assert_eq!(n.len(), 32);
        assert_eq!(*n, a.replace('-', ""));
    }

    #[test]
    fn lookalikes_are_forgiven_and_junk_refused() {
        let code = "0000-1111-2222-3333-4444-5555-6666-7777";
        let typed = "oooo-iiii-2222-3333-4444-5555-6666-7777";
        assert_eq!(
            *normalize(code).expect("ok"),
            *normalize(typed).expect("ok")
        );
        assert_eq!(
            normalize("short").err().map(|e| e.code()),
            Some(ErrorCode::WrongKey)
        );
        assert_eq!(
            normalize("UUUU-1111-2222-3333-4444-5555-6666-7777")
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::WrongKey)
        );
    }
}
