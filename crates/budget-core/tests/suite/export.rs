//! Scenario tests of the codecs on the default workbook: the CSV is what Swedish Excel expects,
//! and the JSON scenario file round-trips exactly.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use budget_core::catalog::default_workbook;
use budget_core::engine::Computed;
use budget_core::io::{from_json_v1, to_csv, to_json_v1, UTF8_BOM};

use crate::common::{default_session, set};

#[test]
fn csv_is_swedish_excel_shaped() {
    let wb = default_workbook().unwrap();
    let csv = to_csv(&wb, &Computed::of(&wb)).unwrap();
    assert!(csv.starts_with(UTF8_BOM));
    let lines: Vec<&str> = csv.trim_start_matches(UTF8_BOM).split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Resultaträkning, tkr;Bokslut 2024;Budget 2025;Prognos 2025;Budget 2026;Förändring (tkr);Förändring (%)"
    );
    assert_eq!(
        lines[1],
        "Verksamhetens intäkter;1064236;1027977;1045932;937550;-90427;-8,8"
    );
    assert!(
        lines.contains(&"Verksamhetens kostnader (tryckt);-2506883;-2497229;-2568259;-2496373;;")
    );
    assert!(lines.contains(&"Årets resultat;1442647;1469251;1522327;1558823;89572;6,1"));
    assert!(lines.contains(&"Summa ramförändringar;64841"));
    assert!(lines.contains(&"Oförklarad rest;-39"));
    // One block per table, separated by an empty record.
    assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 7 + 1);
    // Text columns are text; no figure stays empty.
    assert!(lines.contains(&"Investeringar särskilt boende;re-/nyinvesteringar;3900"));
    assert!(lines.contains(&"Äldreomsorgslyftet;12000;;"));
}

#[test]
fn csv_shows_an_edited_decimal_with_comma() {
    let mut s = default_session();
    s.apply(set(
        "resultatrakning",
        "personal",
        "budget-2026",
        "-900 000,5",
    ))
    .unwrap();
    let csv = to_csv(&s.workbook, &Computed::of(&s.workbook)).unwrap();
    assert!(
        csv.contains("Personal;-888391;-845648;-905345;-900000,5;"),
        "{csv}"
    );
    assert!(csv.contains("Verksamhetens kostnader;-2506883;-2497229;-2568259;-2500355,5;"));
}

#[test]
fn json_round_trip_is_exact_and_stores_decimals_as_strings() {
    let mut s = default_session();
    s.apply(set("volymer", "volymmedel", "belopp", "29 400,125"))
        .unwrap();
    let json = to_json_v1(&s.workbook).unwrap();
    assert!(json.contains("\"29400.125\""), "decimals must be strings");
    assert!(json.contains("\"format\": \"kalkyl-scenario\""));
    assert_eq!(from_json_v1(&json).unwrap(), s.workbook);
}
