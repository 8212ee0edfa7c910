//! serde_json's refusals in the user's words: where (line and column) and what is wrong, in
//! Swedish and English, for every JSON Kalkyl reads (scenario files, saved work, share links).
//! serde_json says it in English only, from a small fixed set of phrases (its syntax error
//! codes and serde's data errors: missing, unknown or duplicate field, wrong type or value);
//! those phrases are translated here, anything else is shown as serde_json wrote it.

use serde_json::error::Category;

use crate::base::Text;
use crate::text;

/// `rad L, kolumn C` of the error.
pub(crate) fn place(e: &serde_json::Error) -> Text {
    let (line, column) = (e.line(), e.column());
    text!(
        "rad {line}, kolumn {column}",
        "line {line}, column {column}"
    )
}

/// What is wrong, without the place: a cut-off text, invalid JSON, or JSON of the wrong shape.
pub(crate) fn reason(e: &serde_json::Error) -> Text {
    match e.classify() {
        Category::Eof => text!(
            "filen tar slut mitt i (trasig eller avkortad fil?)",
            "the file ends in the middle (damaged or truncated file?)"
        ),
        Category::Syntax => syntax(&message(e))
            .map(|lang, m| format!("{}: {m}", lang.pick("ogiltig JSON", "invalid JSON"))),
        Category::Data | Category::Io => data(&message(e)),
    }
}

/// `rad L, kolumn C: what is wrong`, in both languages.
pub(crate) fn refusal(e: &serde_json::Error) -> Text {
    let reason = reason(e);
    place(e).map(|lang, place| format!("{place}: {}", reason.get(lang)))
}

/// serde_json's message without the " at line L column C" it appends.
fn message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

fn syntax(message: &str) -> Text {
    match message {
        "expected value" => text!(
            "väntade ett värde (ett tal, en text inom citattecken, true, false, null, en lista eller ett objekt; NaN och Infinity finns inte i JSON)",
            "expected a value (a number, a text in quotes, true, false, null, a list or an object; NaN and Infinity do not exist in JSON)"
        ),
        "expected ident" => text!(
            "okänt ord, väntade true, false eller null",
            "unknown word; expected true, false or null"
        ),
        "key must be a string" => text!(
            "ett fältnamn ska stå inom citattecken",
            "a field name must be in quotes"
        ),
        "expected `:`" => text!(
            "väntade ”:” efter fältnamnet",
            "expected “:” after the field name"
        ),
        "expected `,` or `}`" => text!(
            "väntade ”,” eller ”}}” i ett objekt",
            "expected “,” or “}}” in an object"
        ),
        "expected `,` or `]`" => text!(
            "väntade ”,” eller ”]” i en lista",
            "expected “,” or “]” in a list"
        ),
        "expected `\"`" => text!("väntade ett citattecken", "expected a quotation mark"),
        "trailing comma" => text!(
            "ett kommatecken för mycket före ”]” eller ”}}”",
            "a comma too many before “]” or “}}”"
        ),
        "trailing characters" => text!(
            "mer text efter slutet på JSON-innehållet",
            "more text after the end of the JSON content"
        ),
        "invalid number" => text!("ogiltigt tal", "invalid number"),
        "number out of range" => text!(
            "talet är för stort för att läsas",
            "the number is too large to be read"
        ),
        "invalid escape" => text!(
            "ogiltig \\-sekvens i en text",
            "invalid \\ sequence in a text"
        ),
        "invalid unicode code point" | "unexpected end of hex escape" => text!(
            "ogiltig \\u-kod i en text",
            "invalid \\u code in a text"
        ),
        "lone leading surrogate in hex escape" => text!(
            "ett halvt tecken (\\u-surrogat) i en text",
            "half a character (\\u surrogate) in a text"
        ),
        "control character (\\u0000-\\u001F) found while parsing a string" => text!(
            "ett styrtecken (U+0000–U+001F) i en text",
            "a control character (U+0000–U+001F) in a text"
        ),
        "recursion limit exceeded" => text!(
            "för djupt nästlad (mer än 128 nivåer)",
            "nested too deeply (more than 128 levels)"
        ),
        other => Text::same(other),
    }
}

/// serde's data errors: the field and what was expected, as the derived readers say them.
fn data(message: &str) -> Text {
    if let Some(field) = message.strip_prefix("missing field ") {
        return text!("fält saknas: {field}", "missing field: {field}");
    }
    if let Some(field) = message.strip_prefix("duplicate field ") {
        return text!(
            "fältet förekommer två gånger: {field}",
            "the field occurs twice: {field}"
        );
    }
    for (prefix, sv, en) in [
        ("unknown field ", "okänt fält", "unknown field"),
        ("unknown variant ", "okänt värde", "unknown value"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (name, expected) = rest.split_once(", ").unwrap_or((rest, ""));
            let expected = alternatives(expected);
            return Text::new(
                format!("{sv} {name}{}", comma(expected.get(crate::base::Lang::Sv))),
                format!("{en} {name}{}", comma(expected.get(crate::base::Lang::En))),
            );
        }
    }
    for (prefix, sv, en) in [
        ("invalid type: ", "fel typ", "wrong type"),
        ("invalid value: ", "ogiltigt värde", "invalid value"),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let (found, expected) = (unexpected(found), expectation(expected));
            return Text::new(
                format!(
                    "{sv}: {}, väntade {}",
                    found.get(crate::base::Lang::Sv),
                    expected.get(crate::base::Lang::Sv)
                ),
                format!(
                    "{en}: {}, expected {}",
                    found.get(crate::base::Lang::En),
                    expected.get(crate::base::Lang::En)
                ),
            );
        }
    }
    Text::same(message)
}

fn comma(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(", {text}")
    }
}

/// `expected one of `a`, `b`` / `expected `a`` / `there are no fields`.
fn alternatives(text: &str) -> Text {
    if let Some(names) = text.strip_prefix("expected one of ") {
        return text!("väntade något av {names}", "expected one of {names}");
    }
    if let Some(names) = text.strip_prefix("expected ") {
        // Two names are `a` or `b`.
        let sv = names.replace("` or `", "` eller `");
        return Text::new(format!("väntade {sv}"), format!("expected {names}"));
    }
    match text {
        "there are no fields" => text!("här finns inga fält", "there are no fields here"),
        "there are no variants" => text!("här finns inga värden", "there are no values here"),
        other => Text::same(other),
    }
}

/// What was found, as serde describes it (`string "x"`, `integer `5``, `map`, …).
fn unexpected(found: &str) -> Text {
    if let Some(s) = found.strip_prefix("string ") {
        // A whole pasted document in a wrong place is not quoted in full.
        let short: String = s.chars().take(42).collect();
        let more = if short.len() < s.len() { "…" } else { "" };
        return text!("texten {short}{more}", "the text {short}{more}");
    }
    for prefix in ["integer ", "floating point "] {
        if let Some(n) = found.strip_prefix(prefix) {
            let n = n.trim_matches('`');
            return text!("talet {n}", "the number {n}");
        }
    }
    if let Some(b) = found.strip_prefix("boolean ") {
        return Text::same(b.trim_matches('`'));
    }
    match found {
        "unit value" | "null" => Text::same("null"),
        "sequence" => text!("en lista", "a list"),
        "map" => text!("ett objekt", "an object"),
        other => Text::same(other),
    }
}

/// What was expected, as the derives and rust_decimal describe it.
fn expectation(expected: &str) -> Text {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => {
            text!("ett heltal ≥ 0", "a whole number ≥ 0")
        }
        "a string" => text!("en text", "a text"),
        "a boolean" => text!("true eller false", "true or false"),
        "a sequence" => text!("en lista", "a list"),
        "a Decimal type representing a fixed-point number" => text!(
            "ett belopp som decimalsträng",
            "an amount as a decimal string"
        ),
        e if e.starts_with("a tuple of size ") => {
            let n = e.trim_start_matches("a tuple of size ");
            text!("en lista med {n} värden", "a list of {n} values")
        }
        e if e.starts_with("struct ")
            || e.starts_with("a map")
            || e.ends_with("tagged enum")
            || e.contains("tagged enum ") =>
        {
            text!("ett objekt", "an object")
        }
        e if e.starts_with("enum ") => text!(
            "ett objekt med ett fält som säger vad det är",
            "an object with one field saying what it is"
        ),
        other => Text::same(other),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::base::Lang;

    fn refused<T: serde::de::DeserializeOwned>(json: &str) -> (String, String) {
        let e = serde_json::from_str::<T>(json).err().unwrap();
        let t = refusal(&e);
        (t.get(Lang::Sv).to_string(), t.get(Lang::En).to_string())
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        unit: crate::model::Unit,
        count: u32,
    }

    #[test]
    fn syntax_errors_say_where_and_what_in_both_languages() {
        let (sv, en) = refused::<serde_json::Value>("{\n  \"a\": 1,\n  b: 2}");
        assert_eq!(
            sv,
            "rad 3, kolumn 3: ogiltig JSON: ett fältnamn ska stå inom citattecken"
        );
        assert_eq!(
            en,
            "line 3, column 3: invalid JSON: a field name must be in quotes"
        );
        let (sv, _) = refused::<serde_json::Value>("[1, 2");
        assert!(
            sv.ends_with("filen tar slut mitt i (trasig eller avkortad fil?)"),
            "{sv}"
        );
        let (sv, _) = refused::<serde_json::Value>(&"[".repeat(200));
        assert!(sv.contains("för djupt nästlad"), "{sv}");
        let (_, en) = refused::<serde_json::Value>("[NaN]");
        assert!(en.contains("NaN and Infinity do not exist in JSON"), "{en}");
    }

    #[test]
    fn data_errors_name_the_field_and_what_was_expected() {
        let (sv, en) = refused::<Meta>("{\"unit\": \"tkr\"}");
        assert_eq!(sv, "rad 1, kolumn 15: fält saknas: `count`");
        assert_eq!(en, "line 1, column 15: missing field: `count`");
        let (sv, en) = refused::<Meta>("{\"unit\": \"gigakr\", \"count\": 1}");
        assert!(
            sv.contains("okänt värde `gigakr`, väntade något av `kr`, `tkr`, `mnkr`"),
            "{sv}"
        );
        assert!(en.contains("unknown value `gigakr`, expected one of `kr`, `tkr`, `mnkr`"));
        let (sv, _) = refused::<Meta>("{\"unit\": \"kr\", \"count\": -1}");
        assert!(
            sv.contains("ogiltigt värde: talet -1, väntade ett heltal ≥ 0"),
            "{sv}"
        );
        let (sv, _) = refused::<Meta>("{\"unit\": \"kr\", \"count\": 1, \"x\": 2}");
        assert!(
            sv.contains("okänt fält `x`, väntade `unit` eller `count`"),
            "{sv}"
        );
        let (sv, _) = refused::<Meta>("{\"unit\": \"kr\", \"unit\": \"kr\", \"count\": 1}");
        assert!(sv.contains("fältet förekommer två gånger: `unit`"), "{sv}");
        let (sv, en) = refused::<Meta>("{\"unit\": \"kr\", \"count\": \"1\"}");
        assert!(
            sv.contains("fel typ: texten \"1\", väntade ett heltal ≥ 0"),
            "{sv}"
        );
        assert!(
            en.contains("wrong type: the text \"1\", expected a whole number ≥ 0"),
            "{en}"
        );
    }
}
