//! The scenario file and share link on random workbooks: export then import is the identity
//! (every decimal exact, scale included), and the link carries the same scenario.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use std::collections::BTreeMap;

use budget_core::io::{from_json, share, to_json, Scenario, ScenarioMeta};
use budget_core::model::{Row, RowKind, Table, Workbook};
use budget_core::{Cell, Decimal};
use proptest::prelude::*;

use crate::common::{period_columns, unit};

/// Any Decimal: a 96-bit mantissa with scale 0–28.
fn decimal() -> impl Strategy<Value = Decimal> {
    (-(1i128 << 96) + 1..(1i128 << 96), 0u32..=28).prop_filter_map("in range", |(m, s)| {
        Decimal::try_from_i128_with_scale(m, s).ok()
    })
}

/// Text as people type it, minus markup (which files refuse by design).
fn text() -> impl Strategy<Value = String> {
    "[a-zA-ZåäöÅÄÖ0-9 ,.;:\"'=+@\\-–−\n\t%&()]{0,24}"
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        4 => decimal().prop_map(Cell::Number),
        1 => text().prop_map(Cell::Invalid),
    ]
}

fn table(index: usize) -> impl Strategy<Value = Table> {
    (
        text(),
        unit(),
        0u32..3,
        1usize..4,
        prop::collection::vec(
            (text(), prop::collection::vec(prop::option::of(cell()), 3)),
            0..6,
        ),
        prop::collection::vec(prop::option::of(cell()), 3),
    )
        .prop_map(move |(title, unit, decimals, inputs, rows, control)| {
            let columns = period_columns(inputs);
            let mut rows: Vec<Row> = rows
                .into_iter()
                .enumerate()
                .map(|(r, (label, cells))| Row {
                    id: format!("r{r}"),
                    label,
                    kind: RowKind::Input,
                    cells: cells
                        .into_iter()
                        .take(inputs)
                        .enumerate()
                        .filter_map(|(c, v)| Some((format!("p{c}"), v?)))
                        .collect(),
                    control: BTreeMap::new(),
                    notes: Default::default(),
                    printed_notes: Default::default(),
                })
                .collect();
            let terms = rows.iter().map(|r| r.id.clone()).collect();
            rows.push(Row {
                id: "summa".into(),
                label: "Summa".into(),
                kind: RowKind::Sum { terms },
                cells: BTreeMap::new(),
                control: control
                    .into_iter()
                    .take(inputs)
                    .enumerate()
                    .filter_map(|(c, v)| Some((format!("p{c}"), v?)))
                    .collect(),
                notes: Default::default(),
                printed_notes: Default::default(),
            });
            Table {
                id: format!("t{index}"),
                title,
                unit,
                decimals,
                columns,
                rows,
                deviation: Default::default(),
            }
        })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        text(),
        text(),
        prop::collection::vec(0usize..1, 0..4),
        unit(),
        text(),
        text(),
    )
        .prop_flat_map(|(title, committee, tables, unit, author, notes)| {
            let tables: Vec<_> = (0..tables.len()).map(table).collect();
            (tables, Just((title, committee, unit, author, notes)))
        })
        .prop_map(
            |(tables, (title, committee, unit, author, notes))| Scenario {
                meta: ScenarioMeta {
                    unit,
                    author,
                    created: "2026-11-24T07:00:00.000Z".into(),
                    modified: "2026-11-24T07:30:00.000Z".into(),
                    notes,
                    name: None,
                },
                workbook: Workbook {
                    title,
                    committee,
                    tables,
                    reconciliations: Vec::new(),
                    bridge: None,
                    allocations: None,
                    collab: Default::default(),
                },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn export_then_import_is_the_identity(s in scenario()) {
        let json = to_json(&s).unwrap();
        let back = from_json(&json).unwrap();
        prop_assert_eq!(&back, &s);
        // Equal as decimals is not enough: the typed scale (`12.50`) must survive too.
        let scales = |sc: &Scenario| -> Vec<u32> {
            sc.workbook.tables.iter().flat_map(|t| &t.rows)
                .flat_map(|r| r.cells.values().chain(r.control.values()))
                .filter_map(|c| match c { Cell::Number(d) => Some(d.scale()), _ => None })
                .collect()
        };
        prop_assert_eq!(scales(&back), scales(&s));
    }

    #[test]
    fn share_link_round_trips(s in scenario()) {
        let payload = share::encode(&s).unwrap();
        prop_assert_eq!(share::decode(&payload).unwrap(), s);
    }
}

/// The example in docs/scenario-format.md is a valid file, and a v1 file of it migrates.
#[test]
fn the_documented_example_is_valid() {
    let doc = include_str!("../../../../docs/scenario-format.md");
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let s = from_json(&doc[start..end]).unwrap();
    assert_eq!(s.meta.author, "Anna Ek, ekonomienheten");
    assert_eq!(s.meta.name.as_deref(), Some("Scenario B"));
    let rr = &s.workbook.tables[0];
    assert_eq!(
        rr.rows[0].cells["budget-2026"],
        Cell::Number("-900000.5".parse().unwrap())
    );
    assert_eq!(
        rr.rows[1].cells["budget-2026"],
        Cell::Invalid("117 2o5".into())
    );
    assert_eq!(from_json(&to_json(&s).unwrap()).unwrap(), s);
}
