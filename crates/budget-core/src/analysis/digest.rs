//! The digest of a workbook's totals that a saved file carries, and its check on opening.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::base::{format_amount, Lang, Text};
use crate::engine::{Computed, Value};
use crate::model::{ColumnKind, RowKind, Workbook};
use crate::{text, tr};

/// Every total with a figure, by `table/row/column` (ids, as the page names a cell), as an
/// exact decimal string. Only typed-period columns are taken: a sum row's comparison columns
/// are computed from those on the same row, so they would add bytes to every file but no
/// check. A flat map of texts, as a row's notes are, so reading and writing it costs the first
/// load no code of its own.
pub type Totals = BTreeMap<String, String>;

fn key(table: &str, row: &str, column: &str) -> String {
    format!("{table}/{row}/{column}")
}

/// The digest of `workbook`'s totals as `computed` has them.
pub fn totals(workbook: &Workbook, computed: &Computed) -> Totals {
    let mut out = Totals::new();
    for (table, values) in workbook.tables.iter().zip(&computed.tables) {
        for (r, row) in table.rows.iter().enumerate() {
            if !matches!(row.kind, RowKind::Sum { .. }) {
                continue;
            }
            for (c, col) in table.columns.iter().enumerate() {
                if let (ColumnKind::Input, Value::Number(d)) = (&col.kind, values.get(r, c)) {
                    out.insert(key(&table.id, &row.id, &col.id), d.normalize().to_string());
                }
            }
        }
    }
    out
}

/// What opening a file found about its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every total the file carries is what Kalkyl computes, and no total is missing.
    Verified,
    /// The file carries no digest (written before there was one, or by another tool).
    NoDigest,
    /// The totals that differ, in the workbook's order (then those the workbook no longer has).
    Differs(Vec<Difference>),
}

/// One total whose figure in the file is not the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Table title, row label and column label; for a cell the workbook lacks, its key
    /// (`table/row/column`) as the table and the other two empty.
    pub table: String,
    pub row: String,
    pub column: String,
    /// As the file has it; `None` when the file has no figure for this total.
    pub file: Option<String>,
    pub computed: Option<Decimal>,
    /// The table's decimals, to show both figures as the page does.
    pub decimals: u32,
}

/// Compares the file's digest with the totals computed from the file's own figures.
pub fn verify(workbook: &Workbook, computed: &Computed, file: Option<&Totals>) -> Verification {
    let Some(file) = file else {
        return Verification::NoDigest;
    };
    let now = totals(workbook, computed);
    let mut differs = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for table in &workbook.tables {
        for row in &table.rows {
            for col in &table.columns {
                let at = key(&table.id, &row.id, &col.id);
                let (computed, written) = (now.get(&at), file.get(&at));
                if !same(written, computed) {
                    differs.push(Difference {
                        table: table.title.clone(),
                        row: row.label.clone(),
                        column: col.label.clone(),
                        file: written.cloned(),
                        computed: computed.and_then(|c| c.parse().ok()),
                        decimals: table.decimals,
                    });
                }
                seen.insert(at);
            }
        }
    }
    // Totals of cells the workbook does not have (the file was edited), named by their key.
    for (at, value) in file {
        if !seen.contains(at) {
            differs.push(Difference {
                table: at.clone(),
                row: String::new(),
                column: String::new(),
                file: Some(value.clone()),
                computed: None,
                decimals: 0,
            });
        }
    }
    if differs.is_empty() {
        Verification::Verified
    } else {
        Verification::Differs(differs)
    }
}

/// Equal as numbers (`"12.50"` is `12.5`); a text in the file that is no number differs.
fn same(file: Option<&String>, computed: Option<&String>) -> bool {
    match (file, computed) {
        (None, None) => true,
        (Some(a), Some(b)) => match (a.parse::<Decimal>(), b.parse::<Decimal>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
        _ => false,
    }
}

/// How many differing totals a notice names; the rest are counted.
const NAMED: usize = 5;

impl Verification {
    /// What the page tells the user after opening the file.
    pub fn notice(&self) -> Text {
        match self {
            Verification::Verified => text!(
                "Siffrorna stämmer med filens kontrollsummor.",
                "Figures verified against the file's totals."
            ),
            Verification::NoDigest => text!(
                "Filen har inga kontrollsummor att jämföra med.",
                "The file has no totals to verify the figures against."
            ),
            Verification::Differs(list) => {
                let n = list.len();
                let named = |lang: Lang| {
                    let mut parts: Vec<String> = list
                        .iter()
                        .take(NAMED)
                        .map(|d| {
                            let figure = |v: Option<Decimal>| {
                                v.map_or_else(|| "–".into(), |v| format_amount(v, d.decimals))
                            };
                            let file = match &d.file {
                                Some(t) => {
                                    t.parse().map_or_else(|_| t.clone(), |v| figure(Some(v)))
                                }
                                None => "–".into(),
                            };
                            let computed = figure(d.computed);
                            let (t, r, c) = (&d.table, &d.row, &d.column);
                            tr!(
                                lang,
                                "{t} › {r} › {c}: filen {file}, beräknat {computed}",
                                "{t} › {r} › {c}: file {file}, computed {computed}"
                            )
                        })
                        .collect();
                    if n > NAMED {
                        let more = n - NAMED;
                        parts.push(tr!(lang, "och {more} till", "and {more} more"));
                    }
                    parts.join("; ")
                };
                let (sv, en) = (named(Lang::Sv), named(Lang::En));
                if n == 1 {
                    text!(
                        "1 summa skiljer sig från filens: {sv}.",
                        "1 total differs from the file's: {en}."
                    )
                } else {
                    text!(
                        "{n} summor skiljer sig från filens: {sv}.",
                        "{n} totals differ from the file's: {en}."
                    )
                }
            }
        }
    }
}
