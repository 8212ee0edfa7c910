//! How computed values read on screen: Swedish figures, "–" for a zero base, and a visible
//! error marker instead of a number that would be wrong.

use budget_core::checks::Status;
use budget_core::{format_amount, format_percent, ColumnKind, Value, ValueError};

/// Text and, for errors, the explanation shown on hover and to screen readers.
pub fn value_text(
    value: Value,
    kind: &ColumnKind,
    decimals: u32,
) -> (String, Option<&'static str>) {
    match value {
        Value::Number(d) if kind.is_percent() => (format_percent(d), None),
        Value::Number(d) => (format_amount(d, decimals), None),
        Value::Blank => (String::new(), None),
        Value::NotApplicable => ("–".into(), Some("Jämförelsebasen är noll")),
        Value::Error(e) => ("fel".into(), Some(error_text(e))),
    }
}

pub fn error_text(e: ValueError) -> &'static str {
    match e {
        ValueError::InvalidInput => "Cellen innehåller text som inte är ett tal",
        ValueError::DependsOnError => "Beror på en cell som inte är ett tal",
        ValueError::Cycle => "Summan räknar med sig själv",
        ValueError::MissingRow => "Summan räknar med en rad som inte finns",
        ValueError::BadOperand => "Jämför med en kolumn som inte är en period",
        ValueError::Overflow => "Talet blir för stort",
        ValueError::BadFormula => "Formeln kan inte läsas",
        ValueError::DivisionByZero => "Formeln delar med noll",
    }
}

pub fn status_text(status: Status) -> &'static str {
    match status {
        Status::Ok => "Stämmer",
        Status::Rounding => "Avrundning",
        Status::SignReversed => "Teckenfel",
        Status::Mismatch => "Fel",
        Status::Unavailable => "Kan inte kontrolleras",
    }
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
