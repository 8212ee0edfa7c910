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

    /// One of two fixed texts: `lang.pick("Ångra", "Undo")`.
    pub fn pick<'a>(self, sv: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }
}

/// A message written in both languages, for messages made before anyone knows which language
/// will show them (an import problem, a refusal inside a file). Built with [`text!`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
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
/// Arguments are captured or passed as with `format!`; both forms get the same arguments.
#[macro_export]
macro_rules! text {
    ($sv:literal, $en:literal $(,)?) => {
        $crate::i18n::Text::new(format!($sv), format!($en))
    };
    ($sv:literal, $en:literal, $($arg:tt)+) => {
        $crate::i18n::Text::new(format!($sv, $($arg)+), format!($en, $($arg)+))
    };
}

/// A message in the given language: `tr!(lang, "{n} rader", "{n} rows")`.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $sv:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Sv => format!($sv),
            $crate::i18n::Lang::En => format!($en),
        }
    };
    ($lang:expr, $sv:literal, $en:literal, $($arg:tt)+) => {
        match $lang {
            $crate::i18n::Lang::Sv => format!($sv, $($arg)+),
            $crate::i18n::Lang::En => format!($en, $($arg)+),
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
    fn codes_round_trip_and_swedish_is_default() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::Sv);
        assert_eq!(Lang::from_code("de"), None);
    }
}
