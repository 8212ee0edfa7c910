//! URL-safe base64 without padding (RFC 4648 §5) for share links, written and read exactly as
//! the `base64` crate's `URL_SAFE_NO_PAD` engine does, refusals and their wording included.
//!
//! The crate's engine is built for throughput (unrolled 8-symbol steps, lookup tables, every
//! alphabet and padding mode behind one generic engine): 3.6 KB of the gzipped app, for a link
//! of a few kilobytes read or written once per click. The tests compare both ways with the
//! crate, which stays a dev-dependency for that.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `URL_SAFE_NO_PAD.encode(bytes)`.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let group = chunk
            .iter()
            .zip([16, 8, 0])
            .fold(0u32, |group, (&b, shift)| group | u32::from(b) << shift);
        // One symbol per 6 bits begun: 2, 3 or 4 for 1, 2 or 3 bytes.
        for shift in [18, 12, 6, 0].into_iter().take(chunk.len() + 1) {
            out.push(char::from(ALPHABET[(group >> shift & 63) as usize]));
        }
    }
    out
}

/// Why a text is not URL-safe base64; `Display` words it as the `base64` crate does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// A byte outside the alphabet (or misplaced padding) at an offset.
    InvalidByte(usize, u8),
    /// A last group of a single symbol; the length counted in symbols.
    InvalidLength(usize),
    /// A last symbol with bits set that no byte takes.
    InvalidLastSymbol(usize, u8),
    /// Padding, which this form has none of.
    InvalidPadding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::InvalidByte(index, byte) => {
                write!(f, "Invalid symbol {byte}, offset {index}.")
            }
            DecodeError::InvalidLength(length) => write!(f, "Invalid input length: {length}"),
            DecodeError::InvalidLastSymbol(index, byte) => {
                write!(f, "Invalid last symbol {byte}, offset {index}.")
            }
            DecodeError::InvalidPadding => f.write_str("Invalid padding"),
        }
    }
}

fn value(symbol: u8) -> Option<u32> {
    let value = match symbol {
        b'A'..=b'Z' => symbol - b'A',
        b'a'..=b'z' => symbol - b'a' + 26,
        b'0'..=b'9' => symbol - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    };
    Some(u32::from(value))
}

/// `URL_SAFE_NO_PAD.decode(text)`. Like the crate, it reads every group but the last one, then
/// the last (up to four symbols), so the same fault is reported at the same offset.
pub fn decode(text: &[u8]) -> Result<Vec<u8>, DecodeError> {
    use DecodeError::*;
    let rest = text.len() % 4;
    // A stray last byte (a newline, say) is named before anything else.
    if let (1, Some(&last)) = (rest, text.last()) {
        if last != b'=' && value(last).is_none() {
            return Err(InvalidByte(text.len() - 1, last));
        }
    }
    // The last group is read on its own even when complete: it may hold padding.
    let body_len = text.len().saturating_sub(if rest == 0 { 4 } else { rest });
    let (body, last_group) = text.split_at_checked(body_len).unwrap_or((text, &[]));
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 3);
    let mut group = 0u32;
    for (at, &symbol) in body.iter().enumerate() {
        group = group << 6 | value(symbol).ok_or(InvalidByte(at, symbol))?;
        if at % 4 == 3 {
            out.extend_from_slice(&group.to_be_bytes()[1..]);
            group = 0;
        }
    }

    let (mut symbols, mut padding, mut first_padding, mut last) = (0, 0, 0, 0);
    for (at, &symbol) in last_group.iter().enumerate() {
        if symbol == b'=' {
            if at < 2 {
                return Err(InvalidByte(body_len + at, symbol));
            }
            if padding == 0 {
                first_padding = at;
            }
            padding += 1;
            continue;
        }
        if padding > 0 {
            return Err(InvalidByte(body_len + first_padding, b'='));
        }
        last = symbol;
        let value = value(symbol).ok_or(InvalidByte(body_len + at, symbol))?;
        group |= value << (26 - 6 * symbols);
        symbols += 1;
    }
    if !text.is_empty() && symbols < 2 {
        return Err(InvalidLength(body_len + symbols));
    }
    if padding > 0 {
        return Err(InvalidPadding);
    }
    let bytes = symbols * 6 / 8;
    if group & u32::MAX >> (bytes * 8) != 0 {
        return Err(InvalidLastSymbol(body_len + symbols - 1, last));
    }
    out.extend_from_slice(&group.to_be_bytes()[..bytes]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use proptest::prelude::*;

    use super::*;

    fn same_decoding(text: &[u8]) {
        let ours = decode(text).map_err(|e| e.to_string());
        let theirs = URL_SAFE_NO_PAD.decode(text).map_err(|e| e.to_string());
        assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(text));
    }

    #[test]
    fn refusals_as_the_crate_words_them() {
        for text in [
            "",
            "A",
            "AA",
            "AAA",
            "AAAA",
            "AAAAA",
            "QQ",
            "QR",
            "QUE",
            "QUF",
            "QUFB",
            "QUFBQQ",
            "QUFBQR",
            "====",
            "A===",
            "AA==",
            "AAA=",
            "AA=A",
            "AAAA=",
            "AAAA==",
            "AAAAA=",
            "AAAAAA=",
            "AA\n",
            "AAAA\n",
            "AAA\n",
            "!AAAA",
            "!AAA!",
            "AAAA!AAA",
            "AAAAAAA!",
            "AB+/",
            "AB-_",
            "A=AA",
            "=AAA",
            "AAAA====",
            "Zm9vYmFy",
            "Zm9vYmE",
            "Zm9vYg",
            "Zm9vYh",
            "Zm9vYmF",
            "Zm9vYmG",
            " AAA",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!",
        ] {
            same_decoding(text.as_bytes());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn encoding_as_the_crate_does(bytes in proptest::collection::vec(any::<u8>(), 0..70)) {
            let ours = encode(&bytes);
            prop_assert_eq!(&ours, &URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert_eq!(decode(ours.as_bytes()), Ok(bytes));
        }

        #[test]
        fn decoding_as_the_crate_does(text in "[A-Za-z0-9_=+/!. -]{0,40}") {
            same_decoding(text.as_bytes());
        }

        #[test]
        fn links_damaged_anywhere(
            bytes in proptest::collection::vec(any::<u8>(), 0..50),
            at in any::<prop::sample::Index>(),
            with in any::<u8>(),
            cut in 0usize..4,
        ) {
            let mut text = encode(&bytes).into_bytes();
            if !text.is_empty() {
                let at = at.index(text.len());
                text[at] = with;
            }
            text.truncate(text.len().saturating_sub(cut));
            same_decoding(&text);
        }
    }
}
