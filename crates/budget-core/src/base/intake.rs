//! Bytes and texts from outside: scenario files and CSV/XLSX imports arrive by e-mail from
//! anyone, so their size is checked before anything is decoded, the text encoding is decided
//! here once for both loaders, and every text that may end up in the workbook is checked for
//! what Kalkyl never writes itself (HTML markup, control and direction characters). A hostile
//! file is then refused for what it is, in words a committee secretary can act on, rather than
//! by whatever a parser happens to trip over first.

use crate::base::i18n::Text;
use crate::text;

/// Largest CSV or XLSX file read for import. A 10 000-row budget exported from Excel is about
/// 1 MB; this leaves room for wide sheets while keeping a stray huge file from freezing the tab.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// How the bytes of a text file were decoded, for the import preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8Bom,
    /// What Excel writes as "Unicode text" (tab-separated), and Notepad as "Unicode".
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    pub fn label(self, lang: crate::base::Lang) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => lang.pick("UTF-8 med BOM", "UTF-8 with BOM"),
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

/// `10 485 760 byte (10,0 MB)`: the size in the reader's terms as well as exactly.
pub fn size_text(bytes: usize) -> Text {
    let exact = crate::base::number::format_amount(bytes.into(), 0);
    let mb = rust_decimal::Decimal::from(bytes) / rust_decimal::Decimal::from(1_048_576);
    let mb = crate::base::number::format_amount(mb, 1);
    text!("{exact} byte ({mb} MB)", "{exact} bytes ({mb} MB)")
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 with its BOM, or else
/// Windows-1252, where every byte is a character, so `å ä ö` from Swedish Excel survive.
/// Refuses what is no text at all (a NUL byte never occurs in these encodings' text) and
/// UTF-16 cut off or damaged, naming the byte.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), Text> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes).map(|t| (t, TextEncoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes).map(|t| (t, TextEncoding::Utf16Be));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let position = at + 1;
        // UTF-16 without a BOM has a zero byte beside every Latin letter.
        let hint = if bytes.len() > 3 && (bytes[1] == 0 || bytes[0] == 0) {
            text!(
                "; den ser ut att vara UTF-16 utan BOM: spara den som UTF-8 eller som CSV från Excel",
                "; it looks like UTF-16 without a BOM: save it as UTF-8 or as CSV from Excel"
            )
        } else {
            Text::default()
        };
        return Err(Text::new(
            format!(
                "filen är ingen textfil: den innehåller binära data (en nollbyte vid byte {position}){}",
                hint.get(crate::base::Lang::Sv)
            ),
            format!(
                "the file is not a text file: it holds binary data (a zero byte at byte {position}){}",
                hint.get(crate::base::Lang::En)
            ),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((text.to_string(), TextEncoding::Utf8Bom)),
            Err(e) => {
                let position = e.valid_up_to() + 4;
                Err(text!(
                    "filen börjar som UTF-8 (BOM) men byte {position} är inte UTF-8; spara om den som UTF-8",
                    "the file starts as UTF-8 (BOM) but byte {position} is not UTF-8; save it again as UTF-8"
                ))
            }
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((text.to_string(), TextEncoding::Utf8)),
        Err(_) => Ok((
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            TextEncoding::Windows1252,
        )),
    }
}

/// UTF-16 after its BOM (`bytes` excludes it, positions in messages include it), with
/// encoding_rs's UTF-16 functions (`mem`), not its UTF-16 `Encoding`: decoding through an
/// `Encoding` dispatches over every decoder it has, which linked all of them (the CJK tables
/// too) into the page: +118 KB gzipped, measured.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Text> {
    if bytes.len() % 2 == 1 {
        let size = bytes.len() + 2;
        return Err(text!(
            "UTF-16-filen tar slut mitt i ett tecken ({size} byte, ett udda antal): den är avkortad",
            "the UTF-16 file ends in the middle of a character ({size} bytes, an odd number): it is truncated"
        ));
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]])).collect();
    let valid = encoding_rs::mem::utf16_valid_up_to(&units);
    if valid < units.len() {
        let position = 2 * valid + 3;
        return Err(text!(
            "UTF-16-texten är skadad vid byte {position} (ett halvt tecken)",
            "the UTF-16 text is damaged at byte {position} (half a character)"
        ));
    }
    // A UTF-16 unit is at most three UTF-8 bytes.
    let mut out = "\0".repeat(units.len() * 3);
    let written = encoding_rs::mem::convert_utf16_to_str(&units, &mut out);
    out.truncate(written);
    Ok(out)
}

/// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, ‚, smart quotes, dashes, Š, Ž…).
/// These 32 characters are ours, not `encoding_rs::WINDOWS_1252`: decoding through any
/// encoding_rs `Encoding` dispatches over every decoder it has, so all of them (the CJK
/// tables too) were linked into the first load: +118 KB gzipped (575 → 457 KB, measured
/// 2026-12-06), a quarter of the page, for a CSV encoding met now and then. A test checks all
/// 256 bytes against encoding_rs.
const CP1252_80_9F: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

pub fn windows_1252(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_80_9F[usize::from(byte - 0x80)],
        b => char::from(b),
    }
}

/// Why a text may not enter a workbook, or `None`. Kalkyl shows every text as text, never as
/// HTML, but it never writes markup or invisible control characters either: such a text came
/// from somewhere else and may be an attempt to smuggle script into a report, or (U+202E) to
/// make a label read backwards. The same rule holds for files, imports and typing, so whatever
/// a user can put in a workbook can be saved and opened again.
pub fn text_problem(text: &str) -> Option<Text> {
    if let Some(markup) = find_markup(text) {
        return Some(text!(
            "texten innehåller HTML/skript (”{markup}”), som inte är tillåtet",
            "the text contains HTML/script (“{markup}”), which is not allowed"
        ));
    }
    let (c, name) = text.chars().find_map(|c| Some((c, forbidden(c)?)))?;
    let code = format!("U+{:04X}", u32::from(c));
    Some(if ('\u{202A}'..='\u{2069}').contains(&c) {
        text!(
            "texten innehåller riktningstecknet {code} ({name}), som kan få text att visas baklänges och inte är tillåtet",
            "the text contains the direction control {code} ({name}), which can make text show reversed and is not allowed"
        )
    } else {
        text!(
            "texten innehåller styrtecknet {code} ({name}), som inte är tillåtet",
            "the text contains the control character {code} ({name}), which is not allowed"
        )
    })
}

/// The first `<` that starts a tag, comment or declaration (`<b`, `</`, `<!`, `<?`), as text.
fn find_markup(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        let next = bytes.get(i + 1).copied()?;
        (b == b'<' && (next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?')))
            .then(|| text[i..].chars().take(12).collect())
    })
}

/// The short name of a character no text of a workbook may hold. Tab and line breaks are
/// allowed: Excel cells and notes hold them.
fn forbidden(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' | '\n' | '\r' => return None,
        '\0' => "NUL",
        '\u{1B}' => "ESC",
        '\u{7F}' => "DEL",
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        c if c.is_control() => "C0/C1",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn utf16_with_bom_decodes_and_a_cut_one_is_refused() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Vård;1".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&le).unwrap(),
            ("Vård;1".to_string(), TextEncoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        be.extend("ä".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().0, "ä");
        let cut = decode(&le[..le.len() - 1]).unwrap_err();
        assert!(cut.to_string().contains("avkortad"), "{cut}");
        // "a", a lone high surrogate (bytes 5–6 counting the BOM), "b".
        let lone = decode(b"\xFF\xFEa\x00\x00\xD8b\x00").unwrap_err();
        assert!(lone.to_string().contains("skadad vid byte 5"), "{lone}");
    }

    #[test]
    fn windows_1252_agrees_with_encoding_rs_on_every_byte() {
        for byte in 0..=255u8 {
            let bytes = [byte];
            let (reference, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
            assert_eq!(
                windows_1252(byte).to_string(),
                reference,
                "byte {byte:#04x}"
            );
        }
    }

    #[test]
    fn binary_data_is_refused_with_its_place() {
        let e = decode(b"PNG\x00\x01").unwrap_err();
        assert!(e.to_string().contains("byte 4"), "{e}");
        let e = decode(b"a\x00;\x00b\x00").unwrap_err();
        assert!(
            e.get(crate::base::Lang::En)
                .contains("UTF-16 without a BOM"),
            "{e}"
        );
    }

    #[test]
    fn markup_and_invisible_controls_are_named() {
        assert!(text_problem("Kostnad < 5 % och 3<4\nrad två\tflik").is_none());
        assert!(text_problem("a<script>")
            .unwrap()
            .to_string()
            .contains("<script>"));
        let rlo = text_problem("Lön\u{202E}987").unwrap();
        assert!(rlo.to_string().contains("U+202E (RLO)"), "{rlo}");
        let esc = text_problem("x\u{1b}[31m").unwrap();
        assert!(
            esc.get(crate::base::Lang::En).contains("U+001B (ESC)"),
            "{esc}"
        );
        assert!(text_problem("\u{85}").is_some());
    }
}
