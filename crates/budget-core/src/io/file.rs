//! The scenario file (`.kalkyl.json`, format version 2): what is saved, opened, autosaved and
//! shared by link. Reads version 1 files by migrating them, and refuses anything else with a
//! message naming what is wrong and where, before it can touch the current workbook.
//! The format is documented in `docs/scenario-format.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use crate::analysis::{Totals, Verification};
use crate::base::{CoreError, Text};
use crate::engine::Computed;
use crate::io::json_refusal;
use crate::model::{Unit, Workbook};
use crate::text;

pub const FORMAT_NAME: &str = "kalkyl-scenario";
/// The version written. Older versions are migrated on reading.
pub const FORMAT_VERSION: u32 = 2;
/// Largest file accepted, in bytes. A committee workbook is tens of kilobytes; this leaves room
/// for long histories of notes while keeping a stray multi-gigabyte drop from freezing the tab.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// File name ending used by save and suggested by the file picker.
pub const FILE_SUFFIX: &str = ".kalkyl.json";

/// What a scenario file says about the workbook besides its tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioMeta {
    /// The unit the scenario's figures are mainly in (tables also carry their own unit).
    pub unit: Unit,
    pub author: String,
    /// RFC 3339 timestamps (`2026-11-24T07:00:00.000Z`), written by the page's clock.
    pub created: String,
    pub modified: String,
    /// Free text: assumptions, sources, what was changed and why.
    pub notes: String,
    /// The scenario's name in the page's list (`Scenario B`, `Besparing 2 %`), so an opened
    /// file keeps it. Files written before it was saved have none and open under their file
    /// name; the page's list keeps its names in its entries, so its metadata leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl ScenarioMeta {
    /// Metadata for a workbook that has none yet: the unit of its first table, no author.
    pub fn for_workbook(workbook: &Workbook, now: &str) -> ScenarioMeta {
        ScenarioMeta {
            unit: workbook.tables.first().map_or(Unit::Tkr, |t| t.unit),
            author: String::new(),
            created: now.to_string(),
            modified: now.to_string(),
            notes: String::new(),
            name: None,
        }
    }
}

/// The download name of a scenario called `name`: `<slug>.kalkyl.json` with the slug ids are
/// made with (`Besparing 2 % – äldreomsorg` → `besparing-2-aldreomsorg.kalkyl.json`: ASCII,
/// as the CSV and XLSX names, since mail filters and file shares may mangle anything else),
/// at most 60 characters; `fallback` (a slug itself) when no letter or digit is left.
pub fn scenario_file_name(name: &str, fallback: &str) -> String {
    let slug = crate::model::slug(name);
    let slug: String = slug.chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    let stem = if slug.is_empty() { fallback } else { slug };
    format!("{stem}{FILE_SUFFIX}")
}

/// A scenario as a file holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    pub meta: ScenarioMeta,
    pub workbook: Workbook,
}

/// A version 2 scenario file (`.kalkyl.json`), field for field: what is written, and what
/// `docs/scenario.schema.json` is generated from.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Kalkyl scenario file, version 2")]
pub struct FileV2 {
    /// Always `"kalkyl-scenario"`.
    pub format: String,
    /// Always 2 for this layout; 1 is read by migration.
    pub version: u32,
    pub meta: ScenarioMeta,
    pub workbook: Workbook,
    /// The totals Kalkyl computed when it wrote the file (`"table/row/column": amount`),
    /// so opening it can tell a figure edited by hand or by another tool. Files written
    /// before it was added have none, and still open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
}

/// A version 1 file, as the first JSON export wrote it: no metadata.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileV1 {
    pub format: String,
    pub version: u32,
    pub workbook: Workbook,
}

/// The same fields borrowed, so saving does not copy the workbook.
#[derive(Serialize)]
struct FileV2Out<'a> {
    format: &'static str,
    version: u32,
    meta: &'a ScenarioMeta,
    workbook: &'a Workbook,
    totals: Totals,
}

/// The scenario as a version 2 file, indented for people who open it in an editor.
pub fn to_json(scenario: &Scenario) -> Result<String, CoreError> {
    serde_json::to_string_pretty(&out(scenario)).map_err(CoreError::from_json_writer)
}

/// The scenario as a version 2 file on one line (share links, browser storage).
pub fn to_json_compact(scenario: &Scenario) -> Result<String, CoreError> {
    serde_json::to_string(&out(scenario)).map_err(CoreError::from_json_writer)
}

fn out(scenario: &Scenario) -> FileV2Out<'_> {
    FileV2Out {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        meta: &scenario.meta,
        workbook: &scenario.workbook,
        totals: crate::analysis::totals(&scenario.workbook, &Computed::of(&scenario.workbook)),
    }
}

/// Reads a scenario file from its bytes, as picked or dropped: the size is checked before
/// anything is decoded, then the text encoding (UTF-8, or UTF-16 with its BOM as Notepad may
/// save it; see [`crate::base::decode`]), then [`from_json`].
pub fn from_bytes(bytes: &[u8]) -> Result<Scenario, CoreError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(CoreError::FileTooLarge {
            bytes: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let (text, _) =
        crate::base::decode(bytes).map_err(|message| CoreError::Scenario { message })?;
    from_json(&text)
}

/// Reads a scenario file as [`from_json`] does and checks the totals it carries against those
/// computed from its figures: what the page says on opening a file.
pub fn open_json(text: &str) -> Result<(Scenario, Verification), CoreError> {
    let (scenario, totals) = read(text)?;
    let computed = Computed::of(&scenario.workbook);
    let verification = crate::analysis::verify(&scenario.workbook, &computed, totals.as_ref());
    Ok((scenario, verification))
}

/// Reads a scenario file of any known version. Every refusal names the line/column or the field
/// path; nothing is returned unless the whole file is valid.
///
/// The text is read twice: first as plain JSON, to tell what it is (format, version) and to
/// check every text and amount with its path, then into the types of its version, whose
/// refusals name line and column. A committee file takes a millisecond either way.
pub fn from_json(text: &str) -> Result<Scenario, CoreError> {
    read(text).map(|(scenario, _)| scenario)
}

/// The scenario and the digest of totals it carries, if any.
fn read(text: &str) -> Result<(Scenario, Option<Totals>), CoreError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(CoreError::FileTooLarge {
            bytes: text.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    if text.trim().is_empty() {
        return Err(CoreError::Scenario {
            message: text!(
                "filen är tom (0 tecken utöver blanksteg); en scenariofil börjar med {{\"format\": \"kalkyl-scenario\"",
                "the file is empty (nothing but white space); a scenario file starts with {{\"format\": \"kalkyl-scenario\""
            ),
        });
    }
    // serde_json stops at 128 levels of nesting, so `[[[[…` cannot exhaust the stack.
    let tree: Json = serde_json::from_str(text).map_err(|e| CoreError::Scenario {
        message: json_refusal::refusal(&e),
    })?;
    let Json::Object(top) = &tree else {
        return Err(CoreError::file(
            text!("toppnivån", "the top level"),
            text!(
                "är inget JSON-objekt (är det en scenariofil från Kalkyl?)",
                "is not a JSON object (is it a Kalkyl scenario file?)"
            ),
        ));
    };
    let format_field = || text!("fältet ”format”", "the field “format”");
    let missing = || {
        text!(
            "saknas (är det en scenariofil från Kalkyl?)",
            "is missing (is it a Kalkyl scenario file?)"
        )
    };
    match top.get("format") {
        Some(Json::String(f)) if f == FORMAT_NAME => {}
        Some(other) => {
            return Err(CoreError::file(
                format_field(),
                text!(
                    "är {other}, ska vara ”{FORMAT_NAME}”",
                    "is {other}, should be “{FORMAT_NAME}”"
                ),
            ));
        }
        None => return Err(CoreError::file(format_field(), missing())),
    }
    let version = match top.get("version") {
        Some(Json::Number(n)) => n.as_u64(),
        Some(other) => {
            return Err(CoreError::UnknownVersion {
                found: other.to_string(),
                supported: FORMAT_VERSION,
            })
        }
        None => {
            return Err(CoreError::file(
                text!("fältet ”version”", "the field “version”"),
                missing(),
            ))
        }
    };
    // What the page can open in time, counted before the file is read any further.
    crate::model::limits::check_file_tree(&tree)?;
    // Content checks the field types do not express, with the field path of the first offence.
    check_tree(&tree, &mut String::from("$"))?;
    let typed =
        |e: serde_json::Error| CoreError::file(json_refusal::place(&e), json_refusal::reason(&e));
    let (scenario, totals) = match version {
        Some(2) => {
            let file: FileV2 = serde_json::from_str(text).map_err(typed)?;
            let scenario = Scenario {
                meta: file.meta,
                workbook: file.workbook,
            };
            (scenario, file.totals)
        }
        // Version 1 had no metadata: the unit comes from the first table, the rest is left
        // empty (an empty timestamp means "not known").
        Some(1) => {
            let file: FileV1 = serde_json::from_str(text).map_err(typed)?;
            let scenario = Scenario {
                meta: ScenarioMeta::for_workbook(&file.workbook, ""),
                workbook: file.workbook,
            };
            (scenario, None)
        }
        _ => {
            return Err(CoreError::UnknownVersion {
                found: top.get("version").map(Json::to_string).unwrap_or_default(),
                supported: FORMAT_VERSION,
            })
        }
    };
    crate::model::validate(&scenario.workbook)?;
    Ok((scenario, totals))
}

/// Walks the JSON tree: amounts (`"number"` cells) must be decimal strings within the Decimal
/// range, and no text may carry HTML markup or invisible control characters (a label is shown
/// and exported, never rendered, but a file with markup in it is not one Kalkyl wrote and may
/// be an attempt to smuggle script; see [`crate::base::text_problem`]).
fn check_tree(node: &Json, path: &mut String) -> Result<(), CoreError> {
    match node {
        Json::Object(map) => {
            for (key, value) in map {
                let len = path.len();
                path.push('.');
                path.push_str(key);
                if key == "number" {
                    check_amount(value, path)?;
                }
                check_tree(value, path)?;
                path.truncate(len);
            }
        }
        Json::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                check_tree(value, path)?;
                path.truncate(len);
            }
        }
        Json::String(text) => {
            // Bytes bound characters from above: only a long text is counted.
            let limit = crate::model::limits::MAX_TEXT_CHARS;
            if text.len() > limit && text.chars().count() > limit {
                let (count, limit) = (
                    crate::base::format_amount(text.chars().count().into(), 0),
                    crate::base::format_amount(limit.into(), 0),
                );
                return Err(CoreError::file(
                    Text::same(path.clone()),
                    text!(
                        "texten är {count} tecken; högst {limit} tecken per text kan visas i tid",
                        "the text is {count} characters; at most {limit} characters per text can be shown in time"
                    ),
                ));
            }
            if let Some(problem) = crate::base::text_problem(text) {
                return Err(CoreError::file(Text::same(path.clone()), problem));
            }
        }
        Json::Null | Json::Bool(_) | Json::Number(_) => {}
    }
    Ok(())
}

fn check_amount(value: &Json, path: &str) -> Result<(), CoreError> {
    let Json::String(text) = value else {
        return Err(CoreError::file(
            Text::same(path),
            text!(
                "beloppet {value} ska vara en decimalsträng, t.ex. \"-888391\" eller \"12.5\"",
                "the amount {value} should be a decimal string, e.g. \"-888391\" or \"12.5\""
            ),
        ));
    };
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_digits(whole) || !is_digits(fraction) {
        return Err(CoreError::file(
            Text::same(path),
            text!(
                "beloppet ”{text}” är inget tal (skrivs med punkt som decimaltecken, utan mellanrum)",
                "the amount “{text}” is not a number (written with a point as decimal mark, no spaces)"
            ),
        ));
    }
    // rust_decimal rounds digits beyond its 28 decimals; a file is read exactly or not at all.
    rust_decimal::Decimal::from_str_exact(text).map_err(|_| {
        CoreError::file(
            Text::same(path),
            text!(
                "beloppet ”{text}” är för stort eller har för många decimaler (högst 28 siffror)",
                "the amount “{text}” is too large or has too many decimals (at most 28 digits)"
            ),
        )
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::catalog::default_workbook;

    fn sample() -> Scenario {
        let workbook = default_workbook().unwrap();
        Scenario {
            meta: ScenarioMeta {
                notes: "Antaganden: 2 % lönerevision.\nKälla: VP 2026.".into(),
                author: "Anna Ek".into(),
                ..ScenarioMeta::for_workbook(&workbook, "2026-11-24T07:00:00.000Z")
            },
            workbook,
        }
    }

    fn refusal(text: &str) -> String {
        from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn a_scenario_downloads_under_its_own_name() {
        let name = |n: &str| scenario_file_name(n, "kalkyl-scenario");
        assert_eq!(name("Scenario B"), "scenario-b.kalkyl.json");
        assert_eq!(
            name("  Besparing 2 % – äldreomsorg "),
            "besparing-2-aldreomsorg.kalkyl.json"
        );
        assert_eq!(
            name("a/b\\c:d*e?f\"g<h>i|j"),
            "a-b-c-d-e-f-g-h-i-j.kalkyl.json"
        );
        assert_eq!(name("../../etc"), "etc.kalkyl.json");
        assert_eq!(name("Årets plan"), "arets-plan.kalkyl.json");
        assert_eq!(name(" – "), "kalkyl-scenario.kalkyl.json");
        assert_eq!(name(&"x".repeat(100)).len(), 60 + FILE_SUFFIX.len());
    }

    #[test]
    fn the_name_is_saved_and_a_file_without_it_still_opens() {
        let mut s = sample();
        assert!(
            !to_json(&s).unwrap().contains("\"name\""),
            "no name, no field"
        );
        s.meta.name = Some("Besparing 2 %".into());
        let json = to_json(&s).unwrap();
        assert!(
            json.contains("\"name\": \"Besparing 2 %\""),
            "{}",
            &json[..300]
        );
        assert_eq!(from_json(&json).unwrap(), s);
        // A name is a text like the others: markup is refused with its path.
        let bad = json.replace("Besparing 2 %", "<script>");
        assert!(refusal(&bad).contains("meta.name"), "{}", refusal(&bad));
    }

    #[test]
    fn round_trips_exactly_with_decimals_as_strings() {
        let s = sample();
        let json = to_json(&s).unwrap();
        assert!(json.contains("\"version\": 2"));
        assert!(json.contains("\"number\": \"-888391\""));
        assert_eq!(from_json(&json).unwrap(), s);
        assert_eq!(from_json(&to_json_compact(&s).unwrap()).unwrap(), s);
    }

    #[test]
    fn a_file_carries_its_totals_and_opening_it_verifies_them() {
        let json = to_json(&sample()).unwrap();
        assert!(
            json.contains("\n  \"totals\": {"),
            "{}",
            &json[json.len() - 300..]
        );
        let (read, verified) = open_json(&json).unwrap();
        assert_eq!(read, sample());
        assert_eq!(verified, Verification::Verified);
        let (_, compact) = open_json(&to_json_compact(&sample()).unwrap()).unwrap();
        assert_eq!(compact, Verification::Verified);
        // Version 1, and version 2 as written before the digest: opened, nothing to check.
        let wb = default_workbook().unwrap();
        let v1 = crate::io::codec::to_json_v1(&wb).unwrap();
        assert_eq!(open_json(&v1).unwrap().1, Verification::NoDigest);
        let cut = json.find(",\n  \"totals\"").unwrap();
        let older = format!("{}\n}}", &json[..cut]);
        let (read, none) = open_json(&older).unwrap();
        assert_eq!((read, none), (sample(), Verification::NoDigest));
    }

    #[test]
    fn a_figure_edited_by_hand_names_the_totals_it_moves() {
        let json = to_json(&sample()).unwrap();
        // The first typed figure of the default workbook, made larger by 64.
        let edited = json.replacen("\"number\": \"-888391\"", "\"number\": \"-888327\"", 1);
        assert_ne!(edited, json);
        let (_, found) = open_json(&edited).unwrap();
        let Verification::Differs(list) = &found else {
            panic!("{found:?}");
        };
        assert!(!list.is_empty());
        let first = &list[0];
        let computed = first.computed.unwrap();
        let file: rust_decimal::Decimal = first.file.as_ref().unwrap().parse().unwrap();
        assert_eq!(computed - file, rust_decimal::Decimal::from(64));
        let notice = found.notice();
        let sv = notice.get(crate::base::Lang::Sv);
        let en = notice.get(crate::base::Lang::En);
        assert!(
            sv.contains("skiljer sig från filens") && sv.contains(&first.row),
            "{sv}"
        );
        assert!(
            en.contains("from the file's") && en.contains("computed"),
            "{en}"
        );
        // A digest value that is no number, and a total of a row the workbook lacks, differ.
        let tampered = json.replacen(
            "\"totals\": {",
            "\"totals\": {\n    \"ingen/r/c\": \"x\",",
            1,
        );
        let (_, found) = open_json(&tampered).unwrap();
        let Verification::Differs(list) = found else {
            panic!("{found:?}");
        };
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].table.as_str(), list[0].file.as_deref()),
            ("ingen/r/c", Some("x"))
        );
    }

    #[test]
    fn version_1_files_are_migrated() {
        let wb = default_workbook().unwrap();
        let v1 = crate::io::codec::to_json_v1(&wb).unwrap();
        assert!(v1.contains("\"version\": 1"));
        let s = from_json(&v1).unwrap();
        assert_eq!(s.workbook, wb);
        assert_eq!(s.meta.unit, Unit::Tkr);
        assert_eq!(s.meta.author, "");
        assert_eq!(s.meta.created, "");
    }

    #[test]
    fn bad_json_is_refused_with_line_and_column() {
        let json = to_json(&sample()).unwrap();
        let msg = refusal(&json[..json.len() / 2]);
        assert!(msg.contains("rad ") && msg.contains("kolumn"), "{msg}");
        assert!(refusal("{\"format\": \"kalkyl-scenario\",\n \"version\": 2,,}").contains("rad 2"));
    }

    #[test]
    fn unknown_versions_and_formats_are_refused() {
        let json = to_json(&sample()).unwrap();
        let v9 = json.replace("\"version\": 2", "\"version\": 9");
        assert!(refusal(&v9).contains("version 9"), "{}", refusal(&v9));
        let vs = json.replace("\"version\": 2", "\"version\": \"2\"");
        assert!(refusal(&vs).contains("version \"2\""));
        let other = json.replace("\"kalkyl-scenario\"", "\"annat\"");
        assert!(refusal(&other).contains("annat"));
        assert!(refusal("[1, 2]").contains("toppnivån"));
        assert!(refusal("{\"version\": 2}").contains("”format”: saknas"));
    }

    #[test]
    fn missing_fields_are_named() {
        let json = to_json(&sample()).unwrap();
        let no_author = json.replace("\"author\": \"Anna Ek\",", "");
        let msg = refusal(&no_author);
        assert!(
            msg.contains("fält saknas: `author`") && msg.contains("rad "),
            "{msg}"
        );
        let no_tables = json.replacen("\"tables\"", "\"tabeller\"", 1);
        assert!(
            refusal(&no_tables).contains("`tables`"),
            "{}",
            refusal(&no_tables)
        );
    }

    #[test]
    fn non_numeric_and_out_of_range_amounts_are_refused_with_their_path() {
        let json = to_json(&sample()).unwrap();
        let text = json.replacen("\"-888391\"", "\"12 tkr\"", 1);
        let msg = refusal(&text);
        assert!(msg.contains("”12 tkr” är inget tal"), "{msg}");
        assert!(msg.contains("$.workbook.tables[0].rows["), "{msg}");
        let float = json.replacen("\"-888391\"", "-888391.5", 1);
        assert!(refusal(&float).contains("ska vara en decimalsträng"));
        let huge = json.replacen("\"-888391\"", "\"123456789012345678901234567890\"", 1);
        assert!(refusal(&huge).contains("för stort"), "{}", refusal(&huge));
        let underscore = json.replacen("\"-888391\"", "\"-888_391\"", 1);
        assert!(refusal(&underscore).contains("inget tal"));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let mut s = sample();
        let first = s.workbook.tables[0].rows[0].clone();
        s.workbook.tables[0].rows.push(first);
        let msg = refusal(&to_json(&s).unwrap());
        assert!(msg.contains("förekommer mer än en gång"), "{msg}");
    }

    #[test]
    fn oversized_files_are_refused_before_parsing() {
        let big = " ".repeat(MAX_FILE_BYTES + 1);
        assert!(refusal(&big).contains("största tillåtna"));
    }

    #[test]
    fn markup_in_labels_is_refused_with_its_path() {
        let mut s = sample();
        s.workbook.tables[1].rows[2].label = "Äldre<script>alert(1)</script>".into();
        let msg = refusal(&to_json(&s).unwrap());
        assert!(msg.contains("$.workbook.tables[1].rows[2].label"), "{msg}");
        assert!(msg.contains("<script>"), "{msg}");
        s.workbook.tables[1].rows[2].label = "Kostnad < 5 % och 3<4".into();
        assert!(from_json(&to_json(&s).unwrap()).is_ok());
        let mut s = sample();
        s.meta.notes = "<img src=x onerror=alert(1)>".into();
        assert!(refusal(&to_json(&s).unwrap()).contains("$.meta.notes"));
    }
}
