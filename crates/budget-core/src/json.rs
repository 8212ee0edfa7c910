//! JSON text, read into a tree that remembers where each value starts and written back in
//! exactly the layout serde_json gave the scenario file and the browser's storage (two-space
//! indentation or none, the same escapes), so every file Kalkyl ever wrote reads and writes the
//! same. Hand-written because serde's derived code for the model was a fifth of the page's
//! WebAssembly; what each type looks like in JSON is in `json_model`.

use crate::i18n::Text;
use crate::text;

/// A value and the byte offset where it starts in the text, for messages naming line and
/// column.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub at: usize,
    pub value: Json,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number as written (checked against JSON's grammar); each field reads it as the kind
    /// of number it needs, so nothing passes through a float.
    Number(String),
    String(String),
    Array(Vec<Node>),
    /// Members in file order; a key given twice is refused where it is read.
    Object(Vec<(String, Node)>),
}

/// Why a text is not the JSON expected, and the byte offset where that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub at: usize,
    pub message: Text,
}

impl JsonError {
    pub fn new(at: usize, message: Text) -> JsonError {
        JsonError { at, message }
    }

    /// The 1-based line and column (in characters) of the error in `text`.
    pub fn place(&self, text: &str) -> (usize, usize) {
        let before = text.get(..self.at.min(text.len())).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        (line, before[line_start..].chars().count() + 1)
    }

    /// `rad L, kolumn C` for the error in `text`.
    pub fn place_text(&self, text: &str) -> Text {
        let (line, column) = self.place(text);
        text!(
            "rad {line}, kolumn {column}",
            "line {line}, column {column}"
        )
    }

    /// `rad L, kolumn C: message` for the error in `text`, in both languages.
    pub fn placed(&self, text: &str) -> Text {
        self.place_text(text)
            .map(|lang, place| format!("{place}: {}", self.message.get(lang)))
    }

    /// Whether the text ended before the value did: a cut-off file rather than a wrong one.
    pub fn at_end(&self, text: &str) -> bool {
        self.at >= text.len()
    }
}

/// Deepest nesting read, as serde_json's limit: deeper is no Kalkyl file, and unbounded
/// recursion on `[[[[…` would exhaust the stack.
const MAX_DEPTH: usize = 128;

/// Reads a whole text as one JSON value.
pub fn parse(text: &str) -> Result<Node, JsonError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        i: 0,
        depth: 0,
    };
    let node = p.value()?;
    p.space();
    if p.i < p.bytes.len() {
        return Err(JsonError::new(
            p.i,
            text!(
                "mer text efter slutet på JSON-innehållet",
                "more text after the end of the JSON content"
            ),
        ));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while matches!(self.bytes.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn fail<T>(&self, message: Text) -> Result<T, JsonError> {
        Err(JsonError::new(self.i, message))
    }

    fn value(&mut self) -> Result<Node, JsonError> {
        self.space();
        let at = self.i;
        let value = match self.bytes.get(self.i) {
            None => return self.fail(text!("texten tar slut där ett värde väntades", "the text ends where a value was expected")),
            Some(b'{') => self.nested(Parser::object)?,
            Some(b'[') => self.nested(Parser::array)?,
            Some(b'"') => Json::String(self.string()?),
            Some(b't') => self.word("true", Json::Bool(true))?,
            Some(b'f') => self.word("false", Json::Bool(false))?,
            Some(b'n') => self.word("null", Json::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return self.fail(text!("väntade ett värde (ett tal, en text inom citattecken, true, false, null, en lista eller ett objekt; NaN och Infinity finns inte i JSON)", "expected a value (a number, a text in quotes, true, false, null, a list or an object; NaN and Infinity do not exist in JSON)")),
        };
        Ok(Node { at, value })
    }

    fn nested(
        &mut self,
        read: fn(&mut Self) -> Result<Json, JsonError>,
    ) -> Result<Json, JsonError> {
        if self.depth == MAX_DEPTH {
            return self.fail(text!(
                "för djupt nästlad (mer än 128 nivåer)",
                "nested too deeply (more than 128 levels)"
            ));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(value)
        } else {
            self.fail(text!(
                "okänt ord, väntade true, false eller null",
                "unknown word; expected true, false or null"
            ))
        }
    }

    fn object(&mut self) -> Result<Json, JsonError> {
        self.i += 1; // {
        let mut members = Vec::new();
        self.space();
        if self.bytes.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Json::Object(members));
        }
        loop {
            self.space();
            if self.bytes.get(self.i) != Some(&b'"') {
                return self.fail(text!(
                    "ett fältnamn ska stå inom citattecken",
                    "a field name must be in quotes"
                ));
            }
            let key = self.string()?;
            self.space();
            if self.bytes.get(self.i) != Some(&b':') {
                return self.fail(text!(
                    "väntade ”:” efter fältnamnet",
                    "expected “:” after the field name"
                ));
            }
            self.i += 1;
            let value = self.value()?;
            members.push((key, value));
            self.space();
            match self.bytes.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Json::Object(members));
                }
                None => {
                    return self.fail(text!(
                        "texten tar slut mitt i ett objekt",
                        "the text ends in the middle of an object"
                    ))
                }
                Some(_) => {
                    return self.fail(text!(
                        "väntade ”,” eller ”}}” i ett objekt",
                        "expected “,” or “}}” in an object"
                    ))
                }
            }
        }
    }

    fn array(&mut self) -> Result<Json, JsonError> {
        self.i += 1; // [
        let mut items = Vec::new();
        self.space();
        if self.bytes.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.space();
            match self.bytes.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Json::Array(items));
                }
                None => {
                    return self.fail(text!(
                        "texten tar slut mitt i en lista",
                        "the text ends in the middle of a list"
                    ))
                }
                Some(_) => {
                    return self.fail(text!(
                        "väntade ”,” eller ”]” i en lista",
                        "expected “,” or “]” in a list"
                    ))
                }
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.bytes.get(self.i).is_some_and(u8::is_ascii_digit) {
            self.i += 1;
        }
        self.i - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        if self.bytes.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let leading_zero = self.bytes.get(self.i) == Some(&b'0');
        let whole = self.digits();
        if whole == 0 || (leading_zero && whole > 1) {
            return self.fail(text!("ogiltigt tal", "invalid number"));
        }
        if self.bytes.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.fail(text!("ogiltigt tal", "invalid number"));
            }
        }
        if matches!(self.bytes.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.bytes.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.fail(text!("ogiltigt tal", "invalid number"));
            }
        }
        Ok(Json::Number(self.text[start..self.i].to_string()))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self.text.get(self.i..self.i + 4).unwrap_or("");
        let value = u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()));
        match value {
            Some(v) => {
                self.i += 4;
                Ok(v)
            }
            None => self.fail(text!(
                "ogiltig \\u-kod i en text",
                "invalid \\u code in a text"
            )),
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // "
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let Some(&b) = self.bytes.get(self.i) else {
                return self.fail(text!(
                    "texten tar slut mitt i en text inom citattecken",
                    "the text ends in the middle of a text in quotes"
                ));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    let escaped = self.bytes.get(self.i).copied();
                    self.i += 1;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.escaped_char()?),
                        _ => {
                            self.i -= 1;
                            return self.fail(text!(
                                "ogiltig \\-sekvens i en text",
                                "invalid \\ sequence in a text"
                            ));
                        }
                    }
                    run = self.i;
                }
                0..=0x1f => {
                    return self.fail(text!(
                        "ett styrtecken (U+0000–U+001F) i en text",
                        "a control character (U+0000–U+001F) in a text"
                    ))
                }
                _ => self.i += 1,
            }
        }
    }

    /// The character of a `\uXXXX` escape, a surrogate pair taking two.
    fn escaped_char(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.bytes[self.i..].starts_with(b"\\u") {
                    return self.fail(text!(
                        "ett halvt tecken (\\u-surrogat) i en text",
                        "half a character (\\u surrogate) in a text"
                    ));
                }
                self.i += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return self.fail(text!(
                        "ett halvt tecken (\\u-surrogat) i en text",
                        "half a character (\\u surrogate) in a text"
                    ));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return self.fail(text!(
                    "ett halvt tecken (\\u-surrogat) i en text",
                    "half a character (\\u surrogate) in a text"
                ))
            }
            c => c,
        };
        char::from_u32(code).map_or_else(
            || {
                self.fail(text!(
                    "ogiltig \\u-kod i en text",
                    "invalid \\u code in a text"
                ))
            },
            Ok,
        )
    }
}

/// Writes JSON: compact, or indented by two spaces per level with `": "` after keys, as
/// serde_json's compact and pretty writers do.
pub struct Writer {
    out: String,
    pretty: bool,
    depth: usize,
    /// No member or element written yet in the innermost open object or list.
    empty: bool,
}

impl Writer {
    pub fn new(pretty: bool) -> Writer {
        Writer {
            out: String::new(),
            pretty,
            depth: 0,
            empty: true,
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Before a member or element: the comma and, indented, the new line.
    fn next(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        if self.pretty {
            self.newline();
        }
        self.empty = false;
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if self.pretty && !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    pub fn open_object(&mut self) {
        self.open('{');
    }

    pub fn close_object(&mut self) {
        self.close('}');
    }

    pub fn open_array(&mut self) {
        self.open('[');
    }

    pub fn close_array(&mut self) {
        self.close(']');
    }

    /// Starts a member of the open object; its value is written next.
    pub fn key(&mut self, key: &str) {
        self.next();
        self.quoted(key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    /// Starts an element of the open list; the element is written next.
    pub fn item(&mut self) {
        self.next();
    }

    pub fn string(&mut self, text: &str) {
        self.quoted(text);
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    pub fn bool(&mut self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    pub fn number(&mut self, value: u64) {
        self.out.push_str(&value.to_string());
    }

    /// `key` and a string value.
    pub fn string_member(&mut self, key: &str, value: &str) {
        self.key(key);
        self.string(value);
    }

    /// `key` and a whole-number value.
    pub fn number_member(&mut self, key: &str, value: u64) {
        self.key(key);
        self.number(value);
    }

    fn quoted(&mut self, text: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.push('"');
        let mut run = 0;
        for (i, b) in text.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&text[run..i]);
            if escape.is_empty() {
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                self.out.push_str(escape);
            }
            run = i + 1;
        }
        self.out.push_str(&text[run..]);
        self.out.push('"');
    }
}

/// A node written back as compact JSON, for messages quoting a value.
pub fn to_compact(node: &Node) -> String {
    fn write(w: &mut Writer, node: &Node) {
        match &node.value {
            Json::Null => w.null(),
            Json::Bool(b) => w.bool(*b),
            Json::Number(n) => w.out.push_str(n),
            Json::String(s) => w.string(s),
            Json::Array(items) => {
                w.open_array();
                for item in items {
                    w.item();
                    write(w, item);
                }
                w.close_array();
            }
            Json::Object(members) => {
                w.open_object();
                for (key, value) in members {
                    w.key(key);
                    write(w, value);
                }
                w.close_object();
            }
        }
    }
    let mut w = Writer::new(false);
    write(&mut w, node);
    w.finish()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    fn err(text: &str) -> (usize, usize, String) {
        let e = parse(text).unwrap_err();
        let (line, column) = e.place(text);
        (line, column, e.message.get(crate::Lang::Sv).to_string())
    }

    #[test]
    fn values_keep_their_text_and_place() {
        let n = parse(" {\"a\": [1, -0.5e3, true, null, \"x\\u00e5\\n\\ud83d\\ude00\"]}").unwrap();
        let Json::Object(members) = &n.value else {
            panic!("{n:?}")
        };
        assert_eq!(n.at, 1);
        let Json::Array(items) = &members[0].1.value else {
            panic!()
        };
        assert_eq!(items[1].value, Json::Number("-0.5e3".into()));
        assert_eq!(items[4].value, Json::String("xå\n😀".into()));
        assert_eq!(items[2].at, 19);
    }

    #[test]
    fn what_is_not_json_is_refused_where_it_is() {
        assert_eq!(err("{\"a\": 1,\n  ,}").0, 2);
        assert_eq!(err("{\"a\": 1,\n  ,}").1, 3);
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "1e",
            "tru",
            "\"a",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "{} x",
            "{a: 1}",
            "[1 2]",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "[".repeat(200);
        assert!(err(&deep).2.contains("djupt"));
        assert!(parse(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
    }

    #[test]
    fn writes_compact_and_indented_like_serde_json() {
        let text = "{\"a\":[1,[],{},{\"b\":\"\\\"\\\\/\\n\\u0001\\u001f\u{7f}å\"}],\"c\":null}";
        let n = parse(text).unwrap();
        assert_eq!(to_compact(&n), text);
        let mut w = Writer::new(true);
        w.open_object();
        w.key("a");
        w.open_array();
        w.item();
        w.number(1);
        w.item();
        w.open_array();
        w.close_array();
        w.close_array();
        w.string_member("c", "x");
        w.close_object();
        assert_eq!(
            w.finish(),
            "{\n  \"a\": [\n    1,\n    []\n  ],\n  \"c\": \"x\"\n}"
        );
    }

    #[test]
    fn places_count_characters_on_the_line() {
        let text = "{\n  \"å\": x}";
        assert_eq!(
            err(text),
            (2, 8, "väntade ett värde (ett tal, en text inom citattecken, true, false, null, en lista eller ett objekt; NaN och Infinity finns inte i JSON)".into())
        );
    }
}
