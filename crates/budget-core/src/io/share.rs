//! Share links: a scenario packed into the URL fragment (`#s=…`), which browsers never send to a
//! server. The compact version 2 file is deflated and written in URL-safe base64; opening a link
//! runs the same checks as opening a file. Packing and unpacking (deflate, base64: feature
//! `links`) live in the lazily loaded module, not the page's first load; the page keeps the
//! fragment's framing and the file checks.

#[cfg(feature = "links")]
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
#[cfg(feature = "links")]
use base64::Engine;

#[cfg(feature = "links")]
use crate::base::CoreError;
#[cfg(feature = "links")]
use crate::base::Text;
#[cfg(feature = "links")]
use crate::io::file::{from_json, to_json_compact, Scenario, MAX_FILE_BYTES};
#[cfg(feature = "links")]
use crate::text;

/// What starts the fragment of a share link, after the `#`.
pub const FRAGMENT_PREFIX: &str = "s=";
/// Longest link offered for copying. Outlook, Teams and many mail gateways wrap or cut longer
/// URLs, and some browsers' address bars stop there; beyond this the file is the way to share.
pub const MAX_PRACTICAL_LINK_CHARS: usize = 8_000;
/// Longest fragment opened, checked by the page before the packing module is even loaded: a
/// link of 400 000 characters (16 MB of figures deflated to 300 kB) opens in 1,2 s, a link of
/// 1 000 000 in 2,9 s. The app offers links of at most 8 000 characters.
pub const MAX_LINK_CHARS: usize = 400_000;

/// The refusal of a link longer than [`MAX_LINK_CHARS`], or `None`.
pub fn too_long(payload: &str) -> Option<crate::base::Text> {
    (payload.len() > MAX_LINK_CHARS).then(|| {
        let (length, limit) = (
            crate::base::format_amount(payload.len().into(), 0),
            crate::base::format_amount(MAX_LINK_CHARS.into(), 0),
        );
        crate::text!(
            "länken är {length} tecken; högst {limit} tecken kan öppnas i tid (dela scenariot som fil i stället)",
            "the link is {length} characters; at most {limit} characters can be opened in time (share the scenario as a file instead)"
        )
    })
}

/// The fragment payload (without `#` and prefix) for a scenario file's compact JSON.
#[cfg(feature = "links")]
pub fn pack(json: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10))
}

/// The fragment payload for a scenario.
#[cfg(feature = "links")]
pub fn encode(scenario: &Scenario) -> Result<String, CoreError> {
    Ok(pack(&to_json_compact(scenario)?))
}

/// A full link: `base` (the page address without fragment) + `#s=` + payload.
pub fn link_to(base: &str, payload: &str) -> String {
    let base = base.split_once('#').map_or(base, |(b, _)| b);
    format!("{base}#{FRAGMENT_PREFIX}{payload}")
}

/// A full link to a scenario.
#[cfg(feature = "links")]
pub fn link(base: &str, scenario: &Scenario) -> Result<String, CoreError> {
    Ok(link_to(base, &encode(scenario)?))
}

/// Whether a link is short enough to survive email and chat.
pub fn is_practical(link: &str) -> bool {
    link.chars().count() <= MAX_PRACTICAL_LINK_CHARS
}

/// The payload of a fragment (`#s=…` or `s=…`), or `None` when it is no share link.
pub fn payload(fragment: &str) -> Option<&str> {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .strip_prefix(FRAGMENT_PREFIX)
}

/// Unpacks a payload to the scenario file's JSON text (not yet checked: see
/// [`crate::io::file::from_json`]); refusals say what is wrong with the link.
#[cfg(feature = "links")]
pub fn unpack(payload: &str) -> Result<String, CoreError> {
    let link_error = |message: Text| CoreError::Link { message };
    if let Some(message) = too_long(payload) {
        return Err(link_error(message));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim())
        .map_err(|e| link_error(base64_refusal(&e)))?;
    // The limit stops a crafted link from inflating to gigabytes.
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_FILE_BYTES)
        .map_err(|e| link_error(inflate_refusal(e.status)))?;
    String::from_utf8(bytes).map_err(|_| {
        link_error(text!(
            "länkens innehåll är inte UTF-8-text",
            "the link's content is not UTF-8 text"
        ))
    })
}

/// Unpacks and checks a payload.
#[cfg(feature = "links")]
pub fn decode(payload: &str) -> Result<Scenario, CoreError> {
    from_json(&unpack(payload)?)
}

#[cfg(feature = "links")]
/// What is wrong with a link's characters, in words a user can act on (the crate says
/// "Invalid symbol 33, offset 4." in English).
fn base64_refusal(e: &base64::DecodeError) -> Text {
    use base64::DecodeError::*;
    match *e {
        InvalidByte(offset, byte) | InvalidLastSymbol(offset, byte) => {
            let position = offset + 1;
            let c = char::from(byte);
            text!(
                "länken är avklippt eller ändrad (tecknet ”{c}” vid position {position} hör inte till en scenariolänk; ogiltig base64)",
                "the link is cut short or altered (the character “{c}” at position {position} does not belong in a scenario link; invalid base64)"
            )
        }
        InvalidLength(_) | InvalidPadding => text!(
            "länken är avklippt eller ändrad (den slutar mitt i ett tecken; ogiltig base64)",
            "the link is cut short or altered (it ends in the middle of a character; invalid base64)"
        ),
    }
}

/// Why the packed scenario would not unpack: a cut link most often, never an internal code.
#[cfg(feature = "links")]
fn inflate_refusal(status: miniz_oxide::inflate::TINFLStatus) -> Text {
    use miniz_oxide::inflate::TINFLStatus;
    match status {
        TINFLStatus::HasMoreOutput => text!(
            "länken skulle packas upp till mer än en scenariofil får vara (10 MB); den kan inte packas upp",
            "the link would unpack to more than a scenario file may hold (10 MB); it cannot be unpacked"
        ),
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => text!(
            "länken är avklippt: den slutar innan scenariot gör det; be om en ny länk eller scenariofilen",
            "the link is cut short: it ends before the scenario does; ask for a new link or the scenario file"
        ),
        _ => text!(
            "länken är ändrad eller trasig: innehållet kan inte packas upp; be om en ny länk eller scenariofilen",
            "the link is altered or damaged: its content cannot be unpacked; ask for a new link or the scenario file"
        ),
    }
}

#[cfg(all(test, feature = "links"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::catalog::default_workbook;
    use crate::io::file::ScenarioMeta;

    fn sample() -> Scenario {
        let workbook = default_workbook().unwrap();
        Scenario {
            meta: ScenarioMeta::for_workbook(&workbook, "2026-11-24T07:00:00.000Z"),
            workbook,
        }
    }

    #[test]
    fn the_default_scenario_fits_a_practical_link_and_round_trips() {
        let s = sample();
        let url = link("https://intra.example/kalkyl/index.html#gammalt", &s).unwrap();
        assert!(url.starts_with("https://intra.example/kalkyl/index.html#s="));
        assert!(is_practical(&url), "link is {} characters", url.len());
        let fragment = url.split_once('#').unwrap().1;
        assert_eq!(decode(payload(fragment).unwrap()).unwrap(), s);
        assert!(url[url.find('#').unwrap() + 1..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)));
    }

    #[test]
    fn a_scenario_too_big_for_a_link_is_recognised() {
        let mut s = sample();
        // 400 lines of distinct figures: about what a large committee's detailed budget holds.
        for t in s.workbook.tables.iter_mut().take(1) {
            let template = t.rows[0].clone();
            for n in 0..400u32 {
                let mut row = template.clone();
                row.id = format!("extra-{n}");
                row.label = format!("Kostnadsställe {n}");
                for (i, cell) in row.cells.values_mut().enumerate() {
                    let figure = (n as i64 + 7) * 7919 * (i as i64 + 3) % 1_000_003;
                    *cell = crate::model::Cell::Number(figure.into());
                }
                t.rows.push(row);
            }
        }
        let url = link("https://intra.example/kalkyl/", &s).unwrap();
        assert!(!is_practical(&url), "link is only {} characters", url.len());
        assert_eq!(
            decode(payload(url.split_once('#').unwrap().1).unwrap()).unwrap(),
            s
        );
    }

    #[test]
    fn damaged_links_are_refused() {
        let code = encode(&sample()).unwrap();
        let cut = &code[..code.len() / 2];
        assert!(decode(cut).unwrap_err().to_string().contains("avklippt"));
        assert!(decode("inte base64!")
            .unwrap_err()
            .to_string()
            .contains("base64"));
        assert!(payload("#annat").is_none());
    }

    #[test]
    fn links_run_the_file_checks() {
        let bad = "{\"format\":\"kalkyl-scenario\",\"version\":7}";
        let packed = miniz_oxide::deflate::compress_to_vec(bad.as_bytes(), 10);
        let msg = decode(&URL_SAFE_NO_PAD.encode(packed))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("version 7"), "{msg}");
    }

    #[test]
    fn a_link_that_would_inflate_past_the_limit_is_refused() {
        let zeros = vec![b' '; MAX_FILE_BYTES + 10];
        let packed = miniz_oxide::deflate::compress_to_vec(&zeros, 10);
        let msg = decode(&URL_SAFE_NO_PAD.encode(packed))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("mer än en scenariofil får vara"), "{msg}");
    }
}
