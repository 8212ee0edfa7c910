//! The embedded default scenario: the care committee's plan 2026, read from the published tables
//! in `reference/` (copied byte for byte from the shared reference) plus the structure the
//! published figures obey (which rows are sums, which tables must agree).

use std::collections::BTreeMap;

use crate::base::{parse_amount, CoreError};
use crate::model::slug;
use crate::model::{
    Bridge, Cell, CellRef, Column, ColumnKind, Reconciliation, Relation, Row, RowKind, RowRef,
    Table, Unit, Workbook,
};
use crate::text;

pub const RESULTATRAKNING_TSV: &str = include_str!("../../reference/resultatrakning-vp2026.tsv");
pub const DRIFT_TSV: &str = include_str!("../../reference/drift-per-verksamhet-vp2026.tsv");
pub const RAMFORANDRINGAR_TSV: &str = include_str!("../../reference/ramforandringar-vp2026.tsv");
pub const SATSNINGAR_TSV: &str = include_str!("../../reference/sarskilda-satsningar-vp2026.tsv");
pub const EXTERN_TSV: &str = include_str!("../../reference/extern-finansiering-vp2026.tsv");
pub const INVESTERINGAR_TSV: &str = include_str!("../../reference/investeringar-vp2026.tsv");

/// A published table as text: the header row and the label + cells of each row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tsv {
    pub header: Vec<String>,
    pub rows: Vec<(String, Vec<String>)>,
}

pub fn parse_tsv(text: &str) -> Result<Tsv, CoreError> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .ok_or(CoreError::Reference {
            line: 1,
            message: text!("tom tabell", "empty table"),
        })?
        .split('\t')
        .map(|s| s.trim().to_string())
        .collect();
    let rows = lines
        .map(|l| {
            let mut cells = l.split('\t').map(|s| s.trim().to_string());
            let label = cells.next().unwrap_or_default();
            (label, cells.collect())
        })
        .collect();
    Ok(Tsv { header, rows })
}

/// Splits a published heading like `Resultaträkning, tkr` or `Ramförändringar (tkr)` into the
/// title and the unit.
fn title_and_unit(heading: &str) -> (String, Unit) {
    for (suffix, unit) in [("tkr", Unit::Tkr), ("mnkr", Unit::Mnkr), ("kr", Unit::Kr)] {
        for form in [format!(", {suffix}"), format!(" ({suffix})")] {
            if let Some(title) = heading.strip_suffix(&form) {
                return (title.to_string(), unit);
            }
        }
    }
    (heading.to_string(), Unit::Tkr)
}

fn cells_of(
    table: &str,
    line: usize,
    columns: &[Column],
    values: &[String],
) -> Result<BTreeMap<String, Cell>, CoreError> {
    let mut cells = BTreeMap::new();
    for (column, text) in columns.iter().zip(values) {
        if column.kind == ColumnKind::Text {
            if !text.trim().is_empty() {
                cells.insert(column.id.clone(), Cell::Text(text.trim().to_string()));
            }
            continue;
        }
        let value = parse_amount(text).map_err(|source| CoreError::Number {
            context: text!(
                "{table}, rad {line}, kolumn ”{}”",
                "{table}, line {line}, column “{}”",
                column.label
            ),
            source,
        })?;
        if let Some(d) = value {
            cells.insert(column.id.clone(), Cell::Number(d));
        }
    }
    Ok(cells)
}

/// Builds a table from published text. Rows named in `sums` become sum rows over the rows named
/// with them, and their printed figures become control totals. `compare` adds Förändring (tkr)
/// and Förändring (%) columns of `new` against `old`.
pub fn table_from_tsv(
    id: &str,
    text: &str,
    sums: &[(&str, &[&str])],
    compare: Option<(&str, &str)>,
) -> Result<Table, CoreError> {
    table_from_tsv_with_text(id, text, sums, compare, &[])
}

/// As [`table_from_tsv`], with the columns named in `text_columns` read as free text.
pub fn table_from_tsv_with_text(
    id: &str,
    text: &str,
    sums: &[(&str, &[&str])],
    compare: Option<(&str, &str)>,
    text_columns: &[&str],
) -> Result<Table, CoreError> {
    let tsv = parse_tsv(text)?;
    let heading = tsv.header.first().cloned().unwrap_or_default();
    let (title, unit) = title_and_unit(&heading);
    let mut columns: Vec<Column> = tsv
        .header
        .iter()
        .skip(1)
        .map(|label| Column {
            id: slug(label),
            label: label.clone(),
            kind: if text_columns.contains(&label.as_str()) {
                ColumnKind::Text
            } else {
                ColumnKind::Input
            },
            group: None,
        })
        .collect();
    let input_columns = columns.clone();
    let mut rows = Vec::with_capacity(tsv.rows.len());
    for (i, (label, values)) in tsv.rows.iter().enumerate() {
        let line = i + 2;
        let cells = cells_of(&title, line, &input_columns, values)?;
        let row = match sums.iter().find(|(sum, _)| sum == label) {
            Some((_, terms)) => Row {
                id: slug(label),
                label: label.clone(),
                kind: RowKind::Sum {
                    terms: terms.iter().map(|t| slug(t)).collect(),
                },
                cells: BTreeMap::new(),
                control: cells,
                notes: Default::default(),
                printed_notes: Default::default(),
            },
            None => Row {
                id: slug(label),
                label: label.clone(),
                kind: RowKind::Input,
                cells,
                control: BTreeMap::new(),
                notes: Default::default(),
                printed_notes: Default::default(),
            },
        };
        rows.push(row);
    }
    if let Some((new, old)) = compare {
        let unit_label = unit.label();
        columns.push(Column {
            id: "forandring".into(),
            label: format!("Förändring ({unit_label})"),
            kind: ColumnKind::Difference {
                new: new.into(),
                old: old.into(),
            },
            group: None,
        });
        columns.push(Column {
            id: "forandring-procent".into(),
            label: "Förändring (%)".into(),
            kind: ColumnKind::PercentChange {
                new: new.into(),
                old: old.into(),
            },
            group: None,
        });
    }
    Ok(Table {
        id: id.into(),
        title,
        unit,
        decimals: 0,
        columns,
        rows,
        deviation: Default::default(),
    })
}

/// A one-column list (`Belopp`) with a sum row over all its rows appended.
fn list_with_sum(mut table: Table, sum_label: &str) -> Table {
    let terms = table.rows.iter().map(|r| r.id.clone()).collect();
    table.rows.push(Row {
        id: "summa".into(),
        label: sum_label.into(),
        kind: RowKind::Sum { terms },
        cells: BTreeMap::new(),
        control: BTreeMap::new(),
        notes: Default::default(),
        printed_notes: Default::default(),
    });
    table
}

/// The volume funds and adjustments the plan's text names: they are not a published table, but
/// the bridge from Budget 2025 to the 2026 frame needs them (plan text, section Ekonomi).
const VOLYMER_TSV: &str = "Volymer och justeringar (tkr)\tBelopp\n\
Volymmedel\t29 400\n\
Personlig assistans, minskning\t-2 100\n\
Lokalvårdskostnader redan i budget 2025\t-2 530\n";

pub const COMMITTEE: &str = "Vård- och omsorgsnämnden";
const BUDGET_2025: &str = "budget-2025";
const BUDGET_2026: &str = "budget-2026";

/// The committee plan 2026, exactly as published.
pub fn default_workbook() -> Result<Workbook, CoreError> {
    let compare = Some((BUDGET_2026, BUDGET_2025));
    let rr = table_from_tsv(
        "resultatrakning",
        RESULTATRAKNING_TSV,
        &[
            (
                "Verksamhetens kostnader",
                &[
                    "Personal",
                    "Lokaler",
                    "Bidrag kostnader",
                    "Köp av verksamhet",
                    "Övrigt",
                ],
            ),
            (
                "Årets resultat",
                &["Verksamhetens intäkter", "Verksamhetens kostnader"],
            ),
        ],
        compare,
    )?;
    let activities: Vec<String> = parse_tsv(DRIFT_TSV)?
        .rows
        .iter()
        .map(|(label, _)| label.clone())
        .filter(|l| l != "Årets resultat")
        .collect();
    let activity_refs: Vec<&str> = activities.iter().map(String::as_str).collect();
    let mut drift = table_from_tsv(
        "drift",
        DRIFT_TSV,
        &[("Årets resultat", &activity_refs)],
        compare,
    )?;
    // The published heading cell names the row labels ("Verksamhet"), not the table.
    drift.title = "Drift per verksamhet".into();
    let ram = list_with_sum(
        table_from_tsv("ramforandringar", RAMFORANDRINGAR_TSV, &[], None)?,
        "Summa ramförändringar",
    );
    let volymer = list_with_sum(
        table_from_tsv("volymer", VOLYMER_TSV, &[], None)?,
        "Summa volymer och justeringar",
    );
    let mut satsningar = list_with_sum(
        table_from_tsv("sarskilda-satsningar", SATSNINGAR_TSV, &[], None)?,
        "Summa särskilda satsningar",
    );
    // As for the activities, the heading cell names the rows ("Satsning"), not the table.
    satsningar.title = "Särskilda satsningar".into();
    let grants: Vec<String> = parse_tsv(EXTERN_TSV)?
        .rows
        .iter()
        .map(|(label, _)| label.clone())
        .filter(|l| l != "Summa")
        .collect();
    let grant_refs: Vec<&str> = grants.iter().map(String::as_str).collect();
    let mut funding = table_from_tsv(
        "extern-finansiering",
        EXTERN_TSV,
        &[("Summa", &grant_refs)],
        None,
    )?;
    funding.title = "Extern finansiering".into();
    let mut investeringar = table_from_tsv_with_text(
        "investeringar",
        INVESTERINGAR_TSV,
        &[(
            "Summa investeringar",
            &[
                "Investeringar särskilt boende",
                "Investeringar ordinärt boende",
            ],
        )],
        None,
        &["Reinvestering / Nyinvestering"],
    )?;
    investeringar.title = "Investeringar".into();
    let cell = |table: &str, row: &str, column: &str| CellRef {
        table: table.into(),
        row: row.into(),
        column: column.into(),
    };
    Ok(Workbook {
        title: "Verksamhetsplan 2026".into(),
        committee: COMMITTEE.into(),
        reconciliations: vec![Reconciliation {
            label: "Resultaträkningens resultat = − driftens nettokostnad".into(),
            left: RowRef {
                table: rr.id.clone(),
                row: "arets-resultat".into(),
            },
            right: RowRef {
                table: drift.id.clone(),
                row: "arets-resultat".into(),
            },
            relation: Relation::Negated,
        }],
        bridge: Some(Bridge {
            base: cell("drift", "arets-resultat", BUDGET_2025),
            steps: vec![
                cell("ramforandringar", "summa", "belopp"),
                cell("volymer", "summa", "belopp"),
            ],
            target: cell("drift", "arets-resultat", BUDGET_2026),
        }),
        tables: vec![rr, drift, ram, volymer, satsningar, funding, investeringar],
        allocations: Some(default_allocations()),
        collab: Default::default(),
    })
}

/// A generated detail budget of `rows` typed rows × 6 periods plus Förändring and Förändring (%)
/// (8 columns), in units of 100 rows with a subtotal each and a grand total. For measuring: the
/// figures are deterministic, so runs compare.
pub fn synthetic(rows: usize) -> Workbook {
    let periods = [
        "Bokslut 2024",
        "Budget 2025",
        "Prognos 2025",
        "Budget 2026",
        "Plan 2027",
        "Plan 2028",
    ];
    let mut columns: Vec<Column> = periods
        .iter()
        .map(|p| Column {
            id: slug(p),
            label: (*p).into(),
            kind: ColumnKind::Input,
            group: None,
        })
        .collect();
    columns.push(Column {
        id: "forandring".into(),
        label: "Förändring (tkr)".into(),
        kind: ColumnKind::Difference {
            new: BUDGET_2026.into(),
            old: BUDGET_2025.into(),
        },
        group: None,
    });
    columns.push(Column {
        id: "forandring-procent".into(),
        label: "Förändring (%)".into(),
        kind: ColumnKind::PercentChange {
            new: BUDGET_2026.into(),
            old: BUDGET_2025.into(),
        },
        group: None,
    });
    // A small LCG: reproducible figures without a dependency.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        rust_decimal::Decimal::from((seed >> 33) % 100_000)
    };
    let mut table_rows = Vec::with_capacity(rows + rows / 100 + 2);
    let mut units = Vec::new();
    let mut start = 0;
    while start < rows {
        let end = (start + 100).min(rows);
        let unit = units.len() + 1;
        let mut terms = Vec::with_capacity(end - start);
        for i in start..end {
            let id = format!("konto-{}", i + 1);
            // Inserted one by one: collecting into a map would link another copy of the sort.
            let mut cells = BTreeMap::new();
            for p in &periods {
                cells.insert(slug(p), Cell::Number(next()));
            }
            table_rows.push(Row {
                id: id.clone(),
                label: format!("Enhet {unit}, konto {}", i + 1),
                kind: RowKind::Input,
                cells,
                control: BTreeMap::new(),
                notes: Default::default(),
                printed_notes: Default::default(),
            });
            terms.push(id);
        }
        let sum_id = format!("enhet-{unit}");
        table_rows.push(Row {
            id: sum_id.clone(),
            label: format!("Summa enhet {unit}"),
            kind: RowKind::Sum { terms },
            cells: BTreeMap::new(),
            control: BTreeMap::new(),
            notes: Default::default(),
            printed_notes: Default::default(),
        });
        units.push(sum_id);
        start = end;
    }
    table_rows.push(Row {
        id: "totalt".into(),
        label: "Totalt".into(),
        kind: RowKind::Sum { terms: units },
        cells: BTreeMap::new(),
        control: BTreeMap::new(),
        notes: Default::default(),
        printed_notes: Default::default(),
    });
    Workbook {
        title: format!("Detaljbudget, {rows} rader"),
        committee: COMMITTEE.into(),
        tables: vec![Table {
            id: "detaljbudget".into(),
            title: "Detaljbudget per enhet och konto".into(),
            unit: Unit::Tkr,
            decimals: 0,
            columns,
            rows: table_rows,
            deviation: Default::default(),
        }],
        reconciliations: Vec::new(),
        bridge: None,
        allocations: None,
        collab: Default::default(),
    }
}

/// Where the plan says the money goes; every other line is left unallocated so the remainder
/// shows. The plan's volume funds by activity (9,3 + 21,7 + 4,7 mnkr) add up to 35,7 mnkr, not
/// the 29,4 mnkr it names as the total: they are entered as stated, and the line's unallocated
/// figure shows the disagreement instead of hiding it.
pub fn default_allocations() -> crate::model::Allocations {
    use crate::model::{Allocations, BudgetMode, LineSource, Share, Split};
    use rust_decimal::Decimal;
    const ELDERLY: &str = "vard-och-omsorg-om-aldre";
    const LSS: &str = "insatser-enligt-lss-sfb";
    const DISABILITY: &str = "insatser-till-personer-med-funktionsnedsattning-ej-lss-sfb";
    let share = |table: &str, line: &str, activity: &str, split: Split| Share {
        table: table.into(),
        line: line.into(),
        activity: activity.into(),
        split,
    };
    let all = Split::Percent(Decimal::ONE_HUNDRED);
    Allocations {
        activities: "drift".into(),
        previous: BUDGET_2025.into(),
        proposed: BUDGET_2026.into(),
        // Officers ask "where does the frame land if ...": edits to the lines move the budget.
        mode: BudgetMode::FollowsBridge,
        sources: vec![
            LineSource {
                table: "ramforandringar".into(),
                column: "belopp".into(),
            },
            LineSource {
                table: "volymer".into(),
                column: "belopp".into(),
            },
        ],
        shares: vec![
            share(
                "ramforandringar",
                "tillskott-for-personlig-assistans-i-egen-regi",
                LSS,
                all,
            ),
            share(
                "ramforandringar",
                "hojd-lov-ersattning-inom-sarskilt-boende",
                ELDERLY,
                all,
            ),
            share(
                "ramforandringar",
                "finansieringsprincip-sprakkrav-aldreomsorg",
                ELDERLY,
                all,
            ),
            share(
                "volymer",
                "volymmedel",
                ELDERLY,
                Split::Amount(Decimal::from(9_300)),
            ),
            share(
                "volymer",
                "volymmedel",
                LSS,
                Split::Amount(Decimal::from(21_700)),
            ),
            share(
                "volymer",
                "volymmedel",
                DISABILITY,
                Split::Amount(Decimal::from(4_700)),
            ),
            share("volymer", "personlig-assistans-minskning", LSS, all),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_split_into_title_and_unit() {
        assert_eq!(
            title_and_unit("Resultaträkning, tkr"),
            ("Resultaträkning".into(), Unit::Tkr)
        );
        assert_eq!(
            title_and_unit("Ramförändringar utöver volymer (tkr)"),
            ("Ramförändringar utöver volymer".into(), Unit::Tkr)
        );
    }

    #[test]
    fn a_bad_figure_in_reference_text_names_line_and_column() {
        let err = table_from_tsv("x", "T, tkr\tBudget\nA\t12x\n", &[], None).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("rad 2") && msg.contains("Budget"), "{msg}");
    }
}
