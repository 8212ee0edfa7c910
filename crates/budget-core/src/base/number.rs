//! Swedish number reading and writing: the only place that turns text into `Decimal` and back.
//!
//! Budget officers type `1 064 236`, `-4 482`, `−4 482` (U+2212, what Word and PDFs produce),
//! `12,5`, and paste figures whose groups are separated by NBSP or narrow NBSP. All of these
//! must read as the same exact decimal; anything else is refused with a reason rather than
//! guessed at, because a silently misread figure in a budget is worse than an error message.
//!
//! Over 600 lines with its tests (about 470 without): the reading rules and their cases are kept
//! side by side, since every figure the app holds passed through here.

use rust_decimal::{Decimal, RoundingStrategy};
use thiserror::Error;

use crate::base::i18n::Lang;
use crate::tr;

/// Why a piece of text is not an amount. Positions are 1-based character positions in the
/// trimmed input, which is what a user counts when looking at the cell.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message(Lang::Sv))]
pub enum NumberError {
    InvalidCharacter {
        input: String,
        ch: char,
        position: usize,
    },
    MultipleDecimalSeparators {
        input: String,
    },
    MisplacedGroupSeparator {
        input: String,
    },
    NoDigits {
        input: String,
    },
    OutOfRange {
        input: String,
    },
}

impl NumberError {
    /// The same refusal naming the text as the user typed it (before a style was translated).
    fn with_input(self, typed: &str) -> NumberError {
        let input = typed.to_string();
        match self {
            NumberError::InvalidCharacter { ch, position, .. } => NumberError::InvalidCharacter {
                input,
                // The rewrite maps ',' → ' ' and '.' → ',', one character for one.
                ch: typed.chars().nth(position.saturating_sub(1)).unwrap_or(ch),
                position,
            },
            NumberError::MultipleDecimalSeparators { .. } => {
                NumberError::MultipleDecimalSeparators { input }
            }
            NumberError::MisplacedGroupSeparator { .. } => {
                NumberError::MisplacedGroupSeparator { input }
            }
            NumberError::NoDigits { .. } => NumberError::NoDigits { input },
            NumberError::OutOfRange { .. } => NumberError::OutOfRange { input },
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            NumberError::InvalidCharacter { input, ch, position } => tr!(
                lang,
                "”{input}” är inte ett tal: tecknet ”{ch}” (position {position}) hör inte hemma i ett belopp",
                "“{input}” is not a number: the character “{ch}” (position {position}) does not belong in an amount"
            ),
            NumberError::MultipleDecimalSeparators { input } => tr!(
                lang,
                "”{input}” har fler än ett decimaltecken",
                "“{input}” has more than one decimal separator"
            ),
            NumberError::MisplacedGroupSeparator { input } => tr!(
                lang,
                "”{input}” har felaktig tusengruppering: skriv grupper om tre siffror, t.ex. 1 064 236",
                "“{input}” has misplaced thousands groups: write groups of three digits, e.g. 1 064 236"
            ),
            NumberError::NoDigits { input } => tr!(
                lang,
                "”{input}” saknar siffror",
                "“{input}” has no digits"
            ),
            NumberError::OutOfRange { input } => tr!(
                lang,
                "”{input}” är för stort eller har för många decimaler för att räknas exakt",
                "“{input}” is too large or has too many decimals to be calculated exactly"
            ),
        }
    }
}

/// Characters accepted between digit groups: space, NBSP, narrow NBSP and thin space.
fn is_group_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// Minus signs users produce: ASCII hyphen-minus, U+2212 MINUS SIGN and U+2013 EN DASH
/// (Word's autocorrect turns `-` before a figure into an en dash).
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}')
}

/// What budget tables print for "no figure": a lone dash of any kind.
fn is_no_figure_mark(s: &str) -> bool {
    matches!(s, "-" | "\u{2212}" | "\u{2013}" | "\u{2014}")
}

/// `str::trim`, without a call per character where both ends are ASCII (every figure and
/// nearly every label of an import); anything else is left to `trim` itself.
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    // The ASCII characters `char::is_whitespace` accepts: tab to carriage return, and space.
    let space = |b: &u8| matches!(b, b'\t'..=b'\r' | b' ');
    let start = bytes.iter().position(|b| !space(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !space(b))
        .map_or(start, |i| i + 1);
    let ascii_ends = bytes.get(start).is_none_or(u8::is_ascii)
        && (end == start || bytes.get(end - 1).is_some_and(u8::is_ascii));
    match text.get(start..end) {
        Some(trimmed) if ascii_ends => trimmed,
        _ => text.trim(),
    }
}

/// The character at byte `at` of `text` and its length in bytes. Figures are ASCII but for
/// NBSP and the dashes; reading them without `Chars`, which wasm does not inline, made the
/// import's 30 000 figures a third slower.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Reads a Swedish-written amount. `Ok(None)` means "no figure" (empty or a lone dash),
/// which is deliberately different from zero.
pub fn parse_amount(input: &str) -> Result<Option<Decimal>, NumberError> {
    let trimmed = trim(input);
    if trimmed.is_empty() || is_no_figure_mark(trimmed) {
        return Ok(None);
    }
    let err_input = || trimmed.to_string();
    // Name a foreign character first: "6,1 %" is wrong because of the '%', not the space.
    let (mut at, mut position) = (0, 0);
    while let Some((c, len)) = char_at(trimmed, at) {
        position += 1;
        if !(c.is_ascii_digit()
            || matches!(c, ',' | '.' | '+')
            || is_minus(c)
            || is_group_separator(c))
        {
            return Err(NumberError::InvalidCharacter {
                input: err_input(),
                ch: c,
                position,
            });
        }
        at += len;
    }

    // One pass builds the canonical text (`-1064236.75`) and checks the groups as it goes:
    // an import reads tens of thousands of figures, so no text per group is kept.
    let mut canonical = Canonical::default();
    let (mut at, mut position) = (0, 0);
    if let Some((c, len)) = char_at(trimmed, 0).filter(|(c, _)| is_minus(*c) || *c == '+') {
        if is_minus(c) {
            canonical.push(b'-');
        }
        (at, position) = (len, 1);
        while let Some((_, len)) = char_at(trimmed, at).filter(|(c, _)| is_group_separator(*c)) {
            at += len;
            position += 1;
        }
    }
    let (mut integer_digits, mut fraction_digits) = (0usize, 0usize);
    let (mut groups, mut first_group, mut group) = (1usize, 0usize, 0usize);
    let mut misgrouped = false;
    let mut in_fraction = false;
    let mut end_group = |groups: usize, group: usize| {
        if groups == 1 {
            first_group = group;
        } else if group != 3 {
            misgrouped = true;
        }
    };
    while let Some((c, len)) = char_at(trimmed, at) {
        at += len;
        position += 1;
        match c {
            '0'..='9' => {
                canonical.push(c as u8); // an ASCII digit
                if in_fraction {
                    fraction_digits += 1;
                } else {
                    integer_digits += 1;
                    group += 1;
                }
            }
            ',' | '.' if !in_fraction => {
                in_fraction = true;
                end_group(groups, group);
                if integer_digits == 0 {
                    canonical.push(b'0');
                }
                canonical.push(b'.');
            }
            ',' | '.' => return Err(NumberError::MultipleDecimalSeparators { input: err_input() }),
            c if is_group_separator(c) && !in_fraction => {
                end_group(groups, group);
                groups += 1;
                group = 0;
            }
            c if is_group_separator(c) => {
                return Err(NumberError::MisplacedGroupSeparator { input: err_input() })
            }
            c => {
                return Err(NumberError::InvalidCharacter {
                    input: err_input(),
                    ch: c,
                    position,
                })
            }
        }
    }
    if !in_fraction {
        end_group(groups, group);
    }
    if groups > 1 && (!(1..=3).contains(&first_group) || misgrouped) {
        return Err(NumberError::MisplacedGroupSeparator { input: err_input() });
    }
    if integer_digits == 0 && fraction_digits == 0 {
        return Err(NumberError::NoDigits { input: err_input() });
    }
    if in_fraction && fraction_digits == 0 {
        canonical.pop(); // `12,` is 12
    }
    let out_of_range = || NumberError::OutOfRange { input: err_input() };
    // Up to 19 digits the value is a u64 and the scale the number of decimals, well inside
    // Decimal's range; trailing zeros are dropped as `normalize` drops them. Longer figures
    // (and every overflow) go through rust_decimal's own `from_str_exact`.
    let text = canonical.as_str();
    if integer_digits + fraction_digits <= 19 {
        let mut mantissa = text
            .bytes()
            .filter(u8::is_ascii_digit)
            .fold(0u64, |m, d| m * 10 + u64::from(d - b'0'));
        let mut scale = u32::try_from(fraction_digits).unwrap_or(0);
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        let signed = if text.starts_with('-') {
            -i128::from(mantissa)
        } else {
            i128::from(mantissa)
        };
        return Decimal::try_from_i128_with_scale(signed, scale)
            .map(Some)
            .map_err(|_| out_of_range());
    }
    Decimal::from_str_exact(text)
        .map(|d| Some(d.normalize()))
        .map_err(|_| out_of_range())
}

/// The canonical text of a figure being read (`-1064236.75`): ASCII, on the stack unless it is
/// longer than any Decimal needs, so reading the 30 000 figures of an import allocates nothing.
#[derive(Default)]
struct Canonical {
    short: [u8; 32],
    len: usize,
    long: Vec<u8>,
}

impl Canonical {
    fn push(&mut self, byte: u8) {
        match self.short.get_mut(self.len) {
            Some(slot) if self.long.is_empty() => {
                *slot = byte;
                self.len += 1;
            }
            _ => {
                if self.long.is_empty() {
                    self.long.extend_from_slice(&self.short[..self.len]);
                }
                self.long.push(byte);
            }
        }
    }

    fn pop(&mut self) {
        if self.long.is_empty() {
            self.len = self.len.saturating_sub(1);
        } else {
            self.long.pop();
        }
    }

    fn as_str(&self) -> &str {
        let bytes = if self.long.is_empty() {
            &self.short[..self.len]
        } else {
            &self.long
        };
        // Only ASCII digits, '-' and '.' are ever pushed.
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

/// The one rounding rule of the app, used for everything shown or exported rounded:
/// half away from zero, as Swedish public accounts round. Never used inside calculations.
pub fn round_for_display(value: Decimal, decimals: u32) -> Decimal {
    let rounded = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() {
        // -0,4 rounds to zero and must not print as "-0".
        Decimal::ZERO.round_dp(decimals)
    } else {
        rounded
    }
}

/// How figures are written on screen. Swedish is the default in both interface languages (the
/// documents are Swedish); English is for readers who prefer `1,064,236.5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NumberStyle {
    /// `-1 064 236`, `12,5`, `6,1 %`
    #[default]
    Swedish,
    /// `-1,064,236`, `12.5`, `6.1 %`
    English,
}

impl NumberStyle {
    pub fn code(self) -> &'static str {
        match self {
            NumberStyle::Swedish => "sv",
            NumberStyle::English => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<NumberStyle> {
        match code.trim() {
            "sv" => Some(NumberStyle::Swedish),
            "en" => Some(NumberStyle::English),
            _ => None,
        }
    }

    /// Group separator and decimal mark.
    fn marks(self) -> (char, char) {
        match self {
            NumberStyle::Swedish => (' ', ','),
            NumberStyle::English => (',', '.'),
        }
    }
}

/// An amount written in `style`: `format_amount` for Swedish.
pub fn format_amount_in(style: NumberStyle, value: Decimal, decimals: u32) -> String {
    let (group, mark) = style.marks();
    write_decimal_with(value, decimals, Some(group), mark)
}

/// A percentage written in `style`: `format_percent` for Swedish.
pub fn format_percent_in(style: NumberStyle, value: Decimal) -> String {
    let (group, mark) = style.marks();
    let mut s = write_decimal_with(value, 1, Some(group), mark);
    s.push_str(" %");
    s
}

/// Reads an amount typed in `style`. English input (`1,234.5`) is rewritten to the Swedish form
/// and read by [`parse_amount`], so both styles obey the same rules (groups of three, one
/// decimal mark, exact or refused) and give the same messages.
pub fn parse_amount_in(style: NumberStyle, input: &str) -> Result<Option<Decimal>, NumberError> {
    match style {
        NumberStyle::Swedish => parse_amount(input),
        NumberStyle::English => {
            if input.contains(is_group_separator) {
                // "1 234.5" mixes the styles; read it as written rather than guess.
                return parse_amount(input);
            }
            let swedish: String = input
                .chars()
                .map(|c| match c {
                    ',' => ' ',
                    '.' => ',',
                    c => c,
                })
                .collect();
            parse_amount(&swedish).map_err(|e| e.with_input(input.trim()))
        }
    }
}

/// Writes digits with a decimal comma and, when `group` is given, a group separator every
/// three integer digits. Always shows exactly `decimals` decimals.
fn write_decimal(value: Decimal, decimals: u32, group: Option<char>) -> String {
    write_decimal_with(value, decimals, group, ',')
}

fn write_decimal_with(value: Decimal, decimals: u32, group: Option<char>, mark: char) -> String {
    let rounded = round_for_display(value, decimals);
    let mut text = rounded.abs().to_string();
    // Decimal keeps trailing zeros from the rounding scale; pad when the value had fewer.
    let (int_part, frac_part) = match text.find('.') {
        Some(i) => {
            let f = text.split_off(i + 1);
            text.pop();
            (text, f)
        }
        None => (text, String::new()),
    };
    let mut frac = frac_part;
    while frac.len() < decimals as usize {
        frac.push('0');
    }
    let mut out = String::with_capacity(int_part.len() + int_part.len() / 3 + frac.len() + 2);
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    let digits = int_part.len();
    for (i, d) in int_part.chars().enumerate() {
        if let Some(sep) = group {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(sep);
            }
        }
        out.push(d);
    }
    if decimals > 0 {
        out.push(mark);
        out.push_str(&frac);
    }
    out
}

/// An amount as a Swedish reader expects it on screen: `-1 064 236`, `12,5`.
pub fn format_amount(value: Decimal, decimals: u32) -> String {
    write_decimal(value, decimals, Some(' '))
}

/// A percentage (already multiplied by 100) with one decimal: `6,1 %`.
pub fn format_percent(value: Decimal) -> String {
    let mut s = write_decimal(value, 1, Some(' '));
    s.push_str(" %");
    s
}

/// An amount for a Swedish Excel cell: decimal comma, no group separators (Excel would read a
/// grouped figure as text), full precision unless `decimals` asks for rounding.
pub fn format_for_excel(value: Decimal, decimals: Option<u32>) -> String {
    match decimals {
        Some(dp) => write_decimal(value, dp, None),
        None => {
            let v = value.normalize();
            let scale = v.scale();
            write_decimal(v, scale, None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn english_style_writes_and_reads_the_same_exact_figures() {
        let en = NumberStyle::English;
        assert_eq!(format_amount_in(en, d("-1064236.5"), 1), "-1,064,236.5");
        assert_eq!(format_percent_in(en, d("6.13")), "6.1 %");
        assert_eq!(
            format_amount_in(NumberStyle::Swedish, d("-1064236.5"), 1),
            format_amount(d("-1064236.5"), 1)
        );
        assert_eq!(
            parse_amount_in(en, "1,064,236.5").unwrap(),
            Some(d("1064236.5"))
        );
        assert_eq!(parse_amount_in(en, "-4,482").unwrap(), Some(d("-4482")));
        assert_eq!(parse_amount_in(en, "12.25").unwrap(), Some(d("12.25")));
        assert_eq!(parse_amount_in(en, "").unwrap(), None);
        // Refusals name what the user typed, not the rewritten text.
        let e = parse_amount_in(en, "12,34").unwrap_err();
        assert!(e.to_string().contains("12,34"), "{e}");
        let e = parse_amount_in(en, "1.2.3").unwrap_err();
        assert!(
            matches!(e, NumberError::MultipleDecimalSeparators { ref input } if input == "1.2.3")
        );
        let e = parse_amount_in(en, "12a").unwrap_err();
        assert!(matches!(
            e,
            NumberError::InvalidCharacter {
                ch: 'a',
                position: 3,
                ..
            }
        ));
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ok(s: &str) -> Decimal {
        parse_amount(s).unwrap().unwrap()
    }

    #[test]
    fn reads_the_forms_officers_type() {
        assert_eq!(ok("-888 391"), d("-888391"));
        assert_eq!(ok("1 064 236"), d("1064236"));
        assert_eq!(ok("1064236"), d("1064236"));
        assert_eq!(ok("\u{2212}4 482"), d("-4482"));
        assert_eq!(ok("\u{2013}4 482"), d("-4482"));
        assert_eq!(ok("12,5"), d("12.5"));
        assert_eq!(ok("12.5"), d("12.5"));
        assert_eq!(ok("1\u{a0}064\u{a0}236"), d("1064236"));
        assert_eq!(ok("1\u{202f}064\u{202f}236,75"), d("1064236.75"));
        assert_eq!(ok("  +400 "), d("400"));
        assert_eq!(ok("- 4 482"), d("-4482"));
        assert_eq!(ok(",5"), d("0.5"));
        assert_eq!(ok("0"), d("0"));
        assert_eq!(ok("-0"), d("0"));
    }

    #[test]
    fn empty_and_dashes_are_no_figure() {
        for s in ["", "   ", "-", "\u{2013}", "\u{2014}", "\u{2212}"] {
            assert_eq!(parse_amount(s), Ok(None), "{s:?}");
        }
    }

    #[test]
    fn refuses_garbage_with_a_reason() {
        assert!(matches!(
            parse_amount("12a"),
            Err(NumberError::InvalidCharacter {
                ch: 'a',
                position: 3,
                ..
            })
        ));
        assert!(matches!(
            parse_amount("6,1 %"),
            Err(NumberError::InvalidCharacter { ch: '%', .. })
        ));
        assert!(matches!(
            parse_amount("1,2,3"),
            Err(NumberError::MultipleDecimalSeparators { .. })
        ));
        assert!(matches!(
            parse_amount("1.064.236"),
            Err(NumberError::MultipleDecimalSeparators { .. })
        ));
        assert!(matches!(
            parse_amount("12 34"),
            Err(NumberError::MisplacedGroupSeparator { .. })
        ));
        assert!(matches!(
            parse_amount("1064 236"),
            Err(NumberError::MisplacedGroupSeparator { .. })
        ));
        assert!(matches!(
            parse_amount("1 064 236,5 0"),
            Err(NumberError::MisplacedGroupSeparator { .. })
        ));
        assert!(matches!(
            parse_amount("-,"),
            Err(NumberError::NoDigits { .. })
        ));
        assert!(matches!(
            parse_amount("--5"),
            Err(NumberError::InvalidCharacter { .. })
        ));
        assert!(matches!(
            parse_amount("abc"),
            Err(NumberError::InvalidCharacter { .. })
        ));
    }

    #[test]
    fn refuses_overflow_instead_of_rounding() {
        assert!(matches!(
            parse_amount("79228162514264337593543950336"),
            Err(NumberError::OutOfRange { .. })
        ));
        assert!(parse_amount("79228162514264337593543950335").is_ok());
        assert!(matches!(
            parse_amount("0,00000000000000000000000000001"),
            Err(NumberError::OutOfRange { .. })
        ));
    }

    #[test]
    fn error_messages_quote_the_input() {
        let e = parse_amount("12a").unwrap_err().to_string();
        assert!(e.contains("12a") && e.contains("position 3"), "{e}");
    }

    #[test]
    fn formats_swedish_amounts() {
        assert_eq!(format_amount(d("1064236"), 0), "1 064 236");
        assert_eq!(format_amount(d("-888391"), 0), "-888 391");
        assert_eq!(format_amount(d("-4482"), 0), "-4 482");
        assert_eq!(format_amount(d("400"), 0), "400");
        assert_eq!(format_amount(d("0"), 0), "0");
        assert_eq!(format_amount(d("-0.4"), 0), "0");
        assert_eq!(format_amount(d("12.5"), 0), "13");
        assert_eq!(format_amount(d("-12.5"), 0), "-13");
        assert_eq!(format_amount(d("29.4"), 1), "29,4");
        assert_eq!(format_amount(d("29"), 1), "29,0");
        assert_eq!(format_amount(d("1558.823"), 1), "1 558,8");
        assert_eq!(format_amount(d("123456.789"), 2), "123 456,79");
    }

    #[test]
    fn formats_percent_with_one_decimal() {
        assert_eq!(format_percent(d("6.0964")), "6,1 %");
        assert_eq!(format_percent(d("-0.04")), "0,0 %");
        assert_eq!(format_percent(d("17.404")), "17,4 %");
        assert_eq!(format_percent(d("100")), "100,0 %");
        assert_eq!(format_percent(d("1234.56")), "1 234,6 %");
    }

    #[test]
    fn excel_format_is_ungrouped_with_decimal_comma() {
        assert_eq!(format_for_excel(d("-888391"), None), "-888391");
        assert_eq!(format_for_excel(d("12.50"), None), "12,5");
        assert_eq!(format_for_excel(d("6.0964"), Some(1)), "6,1");
    }

    #[test]
    fn format_then_parse_round_trips() {
        for s in [
            "0",
            "1",
            "-1",
            "999",
            "1000",
            "-1064236.75",
            "0.001",
            "79228162514264337593543950335",
        ] {
            let v = d(s);
            let scale = v.scale();
            assert_eq!(ok(&format_amount(v, scale)), v.normalize(), "{s}");
            for style in [NumberStyle::Swedish, NumberStyle::English] {
                let written = format_amount_in(style, v, scale);
                assert_eq!(
                    parse_amount_in(style, &written)
                        .unwrap()
                        .map(|x| x.normalize()),
                    Some(v.normalize()),
                    "{written}"
                );
            }
        }
    }

    /// The first, group-by-group reader, kept to check the one-pass reader against.
    fn reference_parse(input: &str) -> Result<Option<Decimal>, NumberError> {
        let trimmed = input.trim();
        if trimmed.is_empty() || is_no_figure_mark(trimmed) {
            return Ok(None);
        }
        let err_input = || trimmed.to_string();
        // Name a foreign character first: "6,1 %" is wrong because of the '%', not the space.
        if let Some((i, ch)) = trimmed.char_indices().find(|(_, c)| {
            !(c.is_ascii_digit()
                || matches!(c, ',' | '.' | '+')
                || is_minus(*c)
                || is_group_separator(*c))
        }) {
            return Err(NumberError::InvalidCharacter {
                input: err_input(),
                ch,
                position: trimmed[..i].chars().count() + 1,
            });
        }

        let mut chars = trimmed.chars().peekable();
        let mut negative = false;
        if let Some(&c) = chars.peek() {
            if is_minus(c) || c == '+' {
                negative = is_minus(c);
                chars.next();
                while chars.peek().is_some_and(|c| is_group_separator(*c)) {
                    chars.next();
                }
            }
        }

        // Integer part as groups split on separators; fraction after the first ',' or '.'.
        let mut groups: Vec<String> = vec![String::new()];
        let mut fraction: Option<String> = None;
        let offset = trimmed.chars().count() - chars.clone().count();
        for (i, c) in chars.enumerate() {
            let position = offset + i + 1;
            match (c, fraction.as_mut()) {
                ('0'..='9', Some(f)) => f.push(c),
                ('0'..='9', None) => {
                    if let Some(g) = groups.last_mut() {
                        g.push(c);
                    }
                }
                (',' | '.', None) => fraction = Some(String::new()),
                (',' | '.', Some(_)) => {
                    return Err(NumberError::MultipleDecimalSeparators { input: err_input() })
                }
                (c, None) if is_group_separator(c) => groups.push(String::new()),
                (c, Some(_)) if is_group_separator(c) => {
                    return Err(NumberError::MisplacedGroupSeparator { input: err_input() })
                }
                (c, _) => {
                    return Err(NumberError::InvalidCharacter {
                        input: err_input(),
                        ch: c,
                        position,
                    })
                }
            }
        }

        let grouped = groups.len() > 1;
        if grouped {
            let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
            let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return Err(NumberError::MisplacedGroupSeparator { input: err_input() });
            }
        }
        let integer: String = groups.concat();
        let fraction = fraction.unwrap_or_default();
        if integer.is_empty() && fraction.is_empty() {
            return Err(NumberError::NoDigits { input: err_input() });
        }

        let mut canonical = String::with_capacity(integer.len() + fraction.len() + 3);
        if negative {
            canonical.push('-');
        }
        canonical.push_str(if integer.is_empty() { "0" } else { &integer });
        if !fraction.is_empty() {
            canonical.push('.');
            canonical.push_str(&fraction);
        }
        Decimal::from_str_exact(&canonical)
            .map(|d| Some(d.normalize()))
            .map_err(|_| NumberError::OutOfRange { input: err_input() })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn trim_is_str_trim(text in "[ \t\n\r\u{b}\u{c}\u{a0}\u{85}\u{2009}a1å]{0,8}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn long_figures_read_as_before() {
        for input in [
            "0000000000000000000000000000000000000001,5",
            "-000 000 000 000 000 000 000 000 000 000 079 228 162 514 264 337 593 543 950 335",
            "79228162514264337593543950335,000000000000000000000000000000",
            "0,0000000000000000000000000001",
            "1234567890123456789012345678901234567890",
        ] {
            assert_eq!(
                parse_amount(input).map(|d| d.map(|d| d.to_string())),
                reference_parse(input).map(|d| d.map(|d| d.to_string())),
                "{input}"
            );
        }
        assert_eq!(
            parse_amount(&format!("{}1", "0".repeat(60))).unwrap(),
            Some(Decimal::ONE)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]
        #[test]
        fn the_one_pass_reader_agrees_with_the_first_one(
            input in "[-+0-9,. \u{a0}\u{2212}\u{2013}x]{0,14}",
        ) {
            let text = |r: Result<Option<Decimal>, NumberError>| r.map(|d| d.map(|d| d.to_string()));
            proptest::prop_assert_eq!(text(parse_amount(&input)), text(reference_parse(&input)));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_decimal_survives_format_then_parse(
            mantissa in proptest::num::i128::ANY,
            scale in 0u32..=28,
        ) {
            // Every Decimal in range, at every scale the type can hold.
            let m = mantissa % 79_228_162_514_264_337_593_543_950_335i128;
            let v = Decimal::from_i128_with_scale(m, scale);
            let shown = format_amount(v, v.scale());
            proptest::prop_assert_eq!(parse_amount(&shown).unwrap(), Some(v.normalize()));
            let excel = format_for_excel(v, None);
            proptest::prop_assert_eq!(parse_amount(&excel).unwrap(), Some(v.normalize()));
            let english = format_amount_in(NumberStyle::English, v, v.scale());
            proptest::prop_assert_eq!(
                parse_amount_in(NumberStyle::English, &english).unwrap(),
                Some(v.normalize())
            );
        }
    }
}
