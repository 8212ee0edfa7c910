//! How computed values read on screen: Swedish figures, "–" for a zero base, and a visible
//! error marker instead of a number that would be wrong.

use budget_core::analysis::Status;
use budget_core::engine::ValueError;
use budget_core::{
    format_amount, format_amount_in, format_percent_in, parse_amount_in, Cell, ColumnKind, Decimal,
    Lang, NumberError, NumberStyle, Value,
};
use yew::virtual_dom::VText;
use yew::{html, AttrValue, Html};

/// What the reader chose: the interface language and how figures are written. Handed to every
/// component as one context, so a change of either re-renders what shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Locale {
    pub lang: Lang,
    pub numbers: NumberStyle,
}

impl Locale {
    pub fn amount(self, value: Decimal, decimals: u32) -> String {
        format_amount_in(self.numbers, value, decimals)
    }

    pub fn percent(self, value: Decimal) -> String {
        format_percent_in(self.numbers, value)
    }

    /// Reads a figure typed in the chosen style.
    pub fn parse(self, text: &str) -> Result<Option<Decimal>, NumberError> {
        parse_amount_in(self.numbers, text)
    }

    /// What the core is sent for typed text: the core reads the Swedish form, so a figure typed
    /// the English way is passed on as the same exact figure written the Swedish way. Formulas,
    /// free text and what the English reading refuses go as typed: the core then reads it the
    /// Swedish way (`1,5` from a Swedish hand is 1,5) or keeps it with the reason.
    pub fn core_input(self, typed: &str) -> String {
        if self.numbers == NumberStyle::Swedish || budget_core::model::is_formula(typed) {
            return typed.to_string();
        }
        match self.parse(typed) {
            Ok(Some(d)) => format_amount(d, d.scale()),
            _ => typed.to_string(),
        }
    }

    /// What an edit box shows for a cell: a typed figure exactly, in the chosen style.
    pub fn edit_text(self, cell: &Cell) -> String {
        match cell {
            Cell::Number(d) => self.amount(*d, d.scale()),
            other => other.edit_text(),
        }
    }
}

/// A text node of one of two fixed texts (`pick!`).
#[inline(never)]
pub fn fixed_text(lang: Lang, sv: &'static str, en: &'static str) -> Html {
    VText::new(AttrValue::Static(lang.pick(sv, en))).into()
}

/// A table's row of column headings, each `(Swedish, English, figures)`; a column of figures
/// is right-aligned (`class="num"`). One function builds every such row, where markup at each
/// table built its headings cell by cell.
pub fn column_headings(lang: Lang, headings: &[(&'static str, &'static str, bool)]) -> Html {
    html! {
        <tr>
            { for headings.iter().map(|&(sv, en, figures)| html! {
                <th scope="col" class={figures.then_some("num")}>{ fixed_text(lang, sv, en) }</th>
            }) }
        </tr>
    }
}

/// Text and, for errors, the explanation shown on hover and to screen readers.
pub fn value_text(
    value: Value,
    kind: &ColumnKind,
    decimals: u32,
    loc: Locale,
) -> (String, Option<&'static str>) {
    let lang = loc.lang;
    match value {
        Value::Number(d) if kind.is_percent() => (loc.percent(d), None),
        Value::Number(d) => (loc.amount(d, decimals), None),
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
pub fn amount_or_blank(value: Value, decimals: u32, loc: Locale) -> String {
    value
        .number()
        .map(|d| loc.amount(d, decimals))
        .unwrap_or_default()
}
