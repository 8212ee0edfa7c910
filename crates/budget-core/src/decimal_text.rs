//! `Decimal::from_str` and `Decimal::from_str_exact`, as one plain loop.
//!
//! rust_decimal reads text with a state machine whose states are const generics (point seen,
//! sign, digits seen, 64/128-bit, first byte, rounding), so the wasm held 16 copies of its
//! digit step, and `from_str` brings scientific notation (`from_scientific_lossy`) along:
//! 5 KB of the gzipped app for the few places that read a long or untrusted figure (scenario
//! files, XLSX cells, formulas, figures of over 19 digits). This is the same reading with the
//! states as variables, rounding, underscores, signs and exponents included; the tests compare
//! it with rust_decimal's own on generated text, value and scale alike.

use rust_decimal::Decimal;

use crate::arith::Exact;

/// `Decimal::from_str(text).ok()`: rounds past 28 decimals, reads `1.5e3` and `2E-5`.
pub fn from_str(text: &str) -> Option<Decimal> {
    match read(text.as_bytes(), true) {
        Some(d) => Some(d),
        None if text.bytes().any(|b| b == b'e' || b == b'E') => scientific(text),
        None => None,
    }
}

/// `Decimal::from_str_exact(text).ok()`: `None` where `from_str` would round.
pub fn from_str_exact(text: &str) -> Option<Decimal> {
    read(text.as_bytes(), false)
}

/// The first figure a 64-bit accumulator is not trusted to take another digit after
/// (rust_decimal's `WILL_OVERFLOW_U64`); from there on digits go through 128-bit arithmetic
/// with slightly different rules (see `wide` below).
const WILL_OVERFLOW_U64: u128 = (u64::MAX / 10 - u8::MAX as u64) as u128;
/// Decimal's mantissa has 96 bits.
const OVERFLOW_U96: u128 = 1 << 96;
const MAX_SCALE: u32 = 28;

/// rust_decimal's `parse_str_radix_10` (`round`) and `parse_str_radix_10_exact` (not).
fn read(bytes: &[u8], round: bool) -> Option<Decimal> {
    let mut data: u128 = 0;
    let mut scale = 0u32;
    let (mut point, mut negative, mut digits) = (false, false, false);
    // Whether the 128-bit rules apply: once the figure reached `WILL_OVERFLOW_U64`.
    let mut wide = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        at += 1;
        match b {
            b'0'..=b'9' => {
                let digit = b - b'0';
                // Below WILL_OVERFLOW_U64 in 64-bit arithmetic: wasm multiplies 128-bit
                // figures by a call.
                let next = if wide {
                    data * 10 + u128::from(digit)
                } else {
                    u128::from(data as u64 * 10 + u64::from(digit))
                };
                if wide && next >= OVERFLOW_U96 {
                    // A digit that does not fit: an integer is too large, a fraction rounds.
                    return if point && round {
                        rounded(data, b, &bytes[at..], scale, negative)
                    } else {
                        None
                    };
                }
                data = next;
                digits = true;
                scale += u32::from(point);
                let Some(&following) = bytes.get(at) else {
                    break;
                };
                if point && scale >= MAX_SCALE {
                    if !round {
                        return None;
                    }
                    // The digit after the 28th decimal rounds; on the 64-bit path an
                    // underscore there counts as 0, on the 128-bit path it is skipped.
                    let rest = &bytes[at + 1..];
                    if wide && following == b'_' {
                        let skipped = rest.iter().position(|&b| b != b'_');
                        return match skipped {
                            Some(i) => rounded(data, rest[i], &rest[i + 1..], scale, negative),
                            None => finish(data, scale, negative),
                        };
                    }
                    return rounded(data, following, rest, scale, negative);
                }
                wide = wide || data >= WILL_OVERFLOW_U64;
            }
            b'.' if !point => point = true,
            b'-' | b'+' if at == 1 => negative = b == b'-',
            b'_' if digits => {}
            _ => return None,
        }
    }
    if digits {
        finish(data, scale, negative)
    } else {
        None
    }
}

/// rust_decimal's `maybe_round`: `digit` (the first one past the precision) rounds half away
/// from zero, and the rest must still be digits or underscores.
fn rounded(
    mut data: u128,
    digit: u8,
    rest: &[u8],
    mut scale: u32,
    negative: bool,
) -> Option<Decimal> {
    let digit = match digit {
        b'0'..=b'9' => digit - b'0',
        b'_' => 0,
        _ => return None,
    };
    if digit >= 5 {
        data += 1;
        if data >= OVERFLOW_U96 {
            if scale == 0 {
                return None;
            }
            data = (data + 4) / 10;
            scale -= 1;
        }
    }
    if rest.iter().all(|b| b.is_ascii_digit() || *b == b'_') {
        finish(data, scale, negative)
    } else {
        None
    }
}

fn finish(data: u128, scale: u32, negative: bool) -> Option<Decimal> {
    // Both below 2^96 and 28 here; the truncations take the mantissa's three 32-bit words.
    Some(Decimal::from_parts(
        data as u32,
        (data >> 32) as u32,
        (data >> 64) as u32,
        negative,
        scale,
    ))
}

/// rust_decimal's `from_scientific_lossy`, which `from_str` falls back to for an exponent:
/// the part before the first `e`/`E` as `from_str` reads it, moved by the exponent; past 28
/// decimals the figure is rounded to fit.
fn scientific(text: &str) -> Option<Decimal> {
    let (base, exponent) = text.split_once(['e', 'E'])?;
    let mut value = read(base.as_bytes(), true)?;
    let scale = value.scale();
    if let Some(exponent) = exponent.strip_prefix('-') {
        let exponent: u32 = exponent.parse().ok()?;
        if exponent > MAX_SCALE {
            return None;
        }
        if scale + exponent > MAX_SCALE {
            value.rescale(MAX_SCALE - exponent);
            value.set_scale(MAX_SCALE).ok()?;
        } else {
            value.set_scale(scale + exponent).ok()?;
        }
    } else {
        let exponent: u32 = exponent.parse().ok()?;
        if exponent <= scale {
            value.set_scale(scale - exponent).ok()?;
        } else {
            if exponent > MAX_SCALE {
                return None;
            }
            // 10^exponent in at most two factors of up to 10^19, as rust_decimal multiplies.
            let mut left = exponent;
            while left > 0 {
                let step = left.min(19);
                left -= step;
                value = value.times(Decimal::from(10u64.pow(step)))?;
            }
            value = value.normalize();
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    /// The same outcome as rust_decimal's reader, to the bit (value, scale and sign).
    fn same(text: &str) {
        let ours = from_str(text).map(|d| d.serialize());
        let theirs = Decimal::from_str(text).ok().map(|d| d.serialize());
        assert_eq!(ours, theirs, "from_str({text:?})");
        let ours = from_str_exact(text).map(|d| d.serialize());
        let theirs = Decimal::from_str_exact(text).ok().map(|d| d.serialize());
        assert_eq!(ours, theirs, "from_str_exact({text:?})");
        // What the readers of files and cells wrote: from_scientific never succeeds where
        // from_str failed, so dropping that fallback changed nothing.
        let with_fallback = Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .ok()
            .map(|d| d.serialize());
        assert_eq!(
            from_str(text).map(|d| d.serialize()),
            with_fallback,
            "{text:?}"
        );
    }

    #[test]
    fn figures_read_as_rust_decimal_reads_them() {
        let max = "79228162514264337593543950335";
        for text in [
            "",
            "-",
            "+",
            ".",
            "-.",
            "0",
            "-0",
            "+0",
            "00",
            "1.",
            ".5",
            "-.5",
            "1.5",
            "-1.5",
            "1..5",
            "1.5.",
            "--1",
            "+-1",
            "1-",
            "1_000",
            "_1",
            "1__0",
            "-_1",
            "1._5",
            "1_.5",
            "._5",
            "1e",
            "1e5",
            "1E5",
            "1e-5",
            "1e+5",
            "1e-+5",
            "1.5e3",
            "-1.5E-3",
            "e5",
            "1e5e5",
            "2.710505431213761e-20",
            "2.5e-28",
            "-2.5e-28",
            "2e-29",
            "1e28",
            "1e29",
            "1.2e10",
            "123456789012345678901234567890e-10",
            "5e-28",
            "0.5e-28",
            "1.0e-28",
            "9e28",
            "79228162514264337593543950335",
            "79228162514264337593543950336",
            "7922816251426433759354395033.5",
            "7922816251426433759354395033.55",
            "0.99999999999999999999999999995",
            "0.9999999999999999999999999999_5",
            "0.00000000000000000000000000005",
            "0.0000000000000000000000000001_",
            "1.0000000000000000000000000000",
            "1.00000000000000000000000000000",
            "0.1000000000000000055511151231257827",
            "1234567890123456789.123456789",
            "18446744073709551615",
            "1844674407370955161.5",
            "1844674407370955_1615",
            "-79228162514264337593543950335.5",
            "7922816251426433759354395033_5.5",
            "12345678901234567890123456789",
            "1234567890123456789012345678.9x",
            " 1",
            "1 ",
            "١",
            "1٫5",
        ] {
            same(text);
        }
        // The 64-bit path reads an underscore after the 28th decimal as a 0, the 128-bit path
        // skips it; the path changes at WILL_OVERFLOW_U64.
        same("0.0000000000000000000000000001_5");
        same("0.0000000000000000000000000004_9");
        for figure in [
            WILL_OVERFLOW_U64 - 1,
            WILL_OVERFLOW_U64,
            WILL_OVERFLOW_U64 + 1,
        ] {
            same(&format!("0.00000000{figure}0_5"));
            same(&format!("0.00000000{figure}9_5"));
        }
        for scale in 0..=max.len() {
            let (int, frac) = max.split_at(max.len() - scale);
            for tail in ["", "4", "5", "9", "_5", "5x", "5.", "99", "_"] {
                same(&format!("{int}.{frac}{tail}"));
                same(&format!("-{int}.{frac}{tail}"));
                same(&format!("{int}{frac}{tail}"));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn plain_and_scientific_figures(
            text in "[-+]?[0-9_]{0,34}(\\.[0-9_]{0,34})?([eE][-+]{0,2}[0-9]{0,3})?"
        ) {
            same(&text);
        }

        #[test]
        fn long_figures_near_the_limits(
            mantissa in 0u128..(1 << 96),
            decimals in 0usize..40,
            tail in "[0-9_]{0,6}",
            exponent in proptest::option::of(-40i32..40),
        ) {
            let digits = mantissa.to_string();
            let cut = digits.len().saturating_sub(decimals);
            let mut text = format!("{}.{}{tail}", &digits[..cut], &digits[cut..]);
            if let Some(e) = exponent {
                text += &format!("e{e}");
            }
            same(&text);
        }

        #[test]
        fn anything(text in "[-+0-9._eE x]{0,40}") {
            same(&text);
        }
    }
}
