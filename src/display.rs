//! How computed values read on screen: Swedish figures, "–" for a zero base, and a visible
//! error marker instead of a number that would be wrong.

use budget_core::checks::Status;
use budget_core::{format_amount, format_percent, ColumnKind, Lang, Value, ValueError};

/// Text and, for errors, the explanation shown on hover and to screen readers.
pub fn value_text(
    value: Value,
    kind: &ColumnKind,
    decimals: u32,
    lang: Lang,
) -> (String, Option<&'static str>) {
    match value {
        Value::Number(d) if kind.is_percent() => (format_percent(d), None),
        Value::Number(d) => (format_amount(d, decimals), None),
        Value::Blank => (String::new(), None),
        Value::NotApplicable => (
            "–".into(),
            Some(lang.pick("Jämförelsebasen är noll", "The base of comparison is zero")),
        ),
        Value::Error(e) => (error_mark(lang).into(), Some(error_text(e, lang))),
    }
}

/// What a cell shows in place of a figure that cannot be computed.
pub fn error_mark(lang: Lang) -> &'static str {
    lang.pick("fel", "error")
}

pub fn error_text(e: ValueError, lang: Lang) -> &'static str {
    let (sv, en) = match e {
        ValueError::InvalidInput => (
            "Cellen innehåller text som inte är ett tal",
            "The cell holds text that is not a number",
        ),
        ValueError::DependsOnError => (
            "Beror på en cell som inte är ett tal",
            "Depends on a cell that is not a number",
        ),
        ValueError::Cycle => ("Summan räknar med sig själv", "The sum includes itself"),
        ValueError::MissingRow => (
            "Summan räknar med en rad som inte finns",
            "The sum includes a row that does not exist",
        ),
        ValueError::BadOperand => (
            "Jämför med en kolumn som inte är en period",
            "Compares with a column that is not a period",
        ),
        ValueError::Overflow => ("Talet blir för stort", "The number becomes too large"),
        ValueError::BadFormula => ("Formeln kan inte läsas", "The formula cannot be read"),
        ValueError::DivisionByZero => ("Formeln delar med noll", "The formula divides by zero"),
    };
    lang.pick(sv, en)
}

pub fn status_text(status: Status, lang: Lang) -> &'static str {
    let (sv, en) = match status {
        Status::Ok => ("Stämmer", "Agrees"),
        Status::Rounding => ("Avrundning", "Rounding"),
        Status::SignReversed => ("Teckenfel", "Sign error"),
        Status::Mismatch => ("Fel", "Error"),
        Status::Unavailable => ("Kan inte kontrolleras", "Cannot be checked"),
    };
    lang.pick(sv, en)
}

pub fn status_class(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::Rounding => "rounding",
        Status::SignReversed | Status::Mismatch => "error",
        Status::Unavailable => "unavailable",
    }
}

/// A plain number, or empty for anything that is not one.
pub fn amount_or_blank(value: Value, decimals: u32) -> String {
    value
        .number()
        .map(|d| format_amount(d, decimals))
        .unwrap_or_default()
}
