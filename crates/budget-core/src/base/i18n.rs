//! The two interface languages and messages that exist in both of them.
//!
//! Every sentence Kalkyl shows a user is written at the place that produces it, in Swedish and
//! English side by side (`text!`, `Lang::pick`), rather than looked up by key in a catalog:
//! a missing translation is then a compile error, not a blank in the page, and a reviewer sees
//! both forms together. The workbook's own content (table titles, row labels, figures) is data
//! and is never translated.

use std::fmt;

/// The interface language. Swedish is the default: the users are Swedish committees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// The language's BCP 47 code, for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
        }
    }

    /// `tr!`'s formatting: the form in this language. One function for every message, so a
    /// message's call site holds no formatting code of its own.
    #[doc(hidden)]
    #[inline(never)]
    pub fn format(self, sv: fmt::Arguments<'_>, en: fmt::Arguments<'_>) -> String {
        fmt::format(match self {
            Lang::Sv => sv,
            Lang::En => en,
        })
    }

    /// One of two fixed texts: `lang.pick("Ångra", "Undo")`.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

/// A message written in both languages, for messages made before anyone knows which language
/// will show them (an import problem, a refusal inside a file). Built with [`crate::text!`].
/// Serialized as `{"sv": …, "en": …}`: how the XLSX module hands its refusals to the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Text {
    sv: String,
    en: String,
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            sv: sv.into(),
            en: en.into(),
        }
    }

    /// Text that reads the same in both languages: a field path, a figure, a user's own label.
    /// Explicit, so a Swedish sentence never passes for English by accident.
    pub fn same(text: impl Into<String>) -> Text {
        let text = text.into();
        Text {
            sv: text.clone(),
            en: text,
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// `text!`'s formatting: both forms, by one function for every message.
    #[doc(hidden)]
    #[inline(never)]
    pub fn from_args(sv: fmt::Arguments<'_>, en: fmt::Arguments<'_>) -> Text {
        Text {
            sv: fmt::format(sv),
            en: fmt::format(en),
        }
    }

    /// Both forms transformed alike (e.g. a prefix added in each language).
    pub fn map(&self, f: impl Fn(Lang, &str) -> String) -> Text {
        Text {
            sv: f(Lang::Sv, &self.sv),
            en: f(Lang::En, &self.en),
        }
    }
}

/// Swedish, the form logs and `Display` use.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sv)
    }
}

/// A message in both languages: `text!("raden {row} saknas", "row {row} is missing")`.
/// Arguments are captured or passed (positionally, up to four) as with `format!`; both forms
/// get the same arguments, each evaluated once.
///
/// Both forms are formatted by one shared function ([`Text::from_args`]), so a message costs
/// its call site two `fmt::Arguments`, not two expansions of `format!`.
#[macro_export]
macro_rules! text {
    ($sv:literal, $en:literal $(, $($arg:expr),+)? $(,)?) => {
        $crate::__bilingual!($crate::base::Text::from_args; $sv, $en $(, $($arg),+)?)
    };
}

/// A message in the given language: `tr!(lang, "{n} rader", "{n} rows")`, formatted by one
/// shared function ([`Lang::format`]).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $sv:literal, $en:literal $(, $($arg:expr),+)? $(,)?) => {
        $crate::__bilingual!($crate::base::Lang::format, $lang; $sv, $en $(, $($arg),+)?)
    };
}

/// For `text!` and `tr!`: evaluates each argument once and calls `$f` with the leading
/// argument, if any, and the two forms' `fmt::Arguments`.
#[doc(hidden)]
#[macro_export]
macro_rules! __bilingual {
    ($f:path $(, $lead:expr)?; $sv:literal, $en:literal) => {
        $f($($lead,)? format_args!($sv), format_args!($en))
    };
    ($f:path $(, $lead:expr)?; $sv:literal, $en:literal, $a:expr) => {
        match (&$a,) {
            (a,) => $f($($lead,)? format_args!($sv, a), format_args!($en, a)),
        }
    };
    ($f:path $(, $lead:expr)?; $sv:literal, $en:literal, $a:expr, $b:expr) => {
        match (&$a, &$b) {
            (a, b) => $f($($lead,)? format_args!($sv, a, b), format_args!($en, a, b)),
        }
    };
    ($f:path $(, $lead:expr)?; $sv:literal, $en:literal, $a:expr, $b:expr, $c:expr) => {
        match (&$a, &$b, &$c) {
            (a, b, c) => $f($($lead,)? format_args!($sv, a, b, c), format_args!($en, a, b, c)),
        }
    };
    ($f:path $(, $lead:expr)?; $sv:literal, $en:literal, $a:expr, $b:expr, $c:expr, $d:expr) => {
        match (&$a, &$b, &$c, &$d) {
            (a, b, c, d) => {
                $f($($lead,)? format_args!($sv, a, b, c, d), format_args!($en, a, b, c, d))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_formats_both_forms_with_captured_and_positional_arguments() {
        let row = "r1";
        let t = text!("raden {row} saknas ({})", "row {row} is missing ({})", 3);
        assert_eq!(t.get(Lang::Sv), "raden r1 saknas (3)");
        assert_eq!(t.get(Lang::En), "row r1 is missing (3)");
        assert_eq!(t.to_string(), "raden r1 saknas (3)");
    }

    #[test]
    fn tr_picks_one_language() {
        let n = 2;
        assert_eq!(tr!(Lang::En, "{n} rader", "{n} rows"), "2 rows");
        assert_eq!(tr!(Lang::Sv, "{n} rader", "{n} rows"), "2 rader");
        assert_eq!(Lang::En.pick("Ångra", "Undo"), "Undo");
    }

    #[test]
    fn arguments_are_evaluated_once_for_both_forms() {
        let calls = std::cell::Cell::new(0);
        let next = || {
            calls.set(calls.get() + 1);
            calls.get()
        };
        let t = text!("{} av {}", "{} of {}", next(), next());
        assert_eq!((t.get(Lang::Sv), t.get(Lang::En)), ("1 av 2", "1 of 2"));
        assert_eq!(tr!(Lang::En, "nr {}", "no. {}", next()), "no. 3");
        assert_eq!(calls.get(), 3);
        let (a, b, c, d) = (1, 2, 3, 4);
        assert_eq!(
            tr!(Lang::Sv, "{}{}{}{}", "{0}{3}{2}{1}", a, b, c, d),
            "1234"
        );
        assert_eq!(
            tr!(Lang::En, "{}{}{}{}", "{0}{3}{2}{1}", a, b, c, d),
            "1432"
        );
    }

    #[test]
    fn codes_round_trip_and_swedish_is_default() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Sv);
        assert_eq!(Lang::from_code("de"), None);
    }
}
