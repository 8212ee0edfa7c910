//! Properties over generated workbooks and random edits, the ones no other test states:
//!
//! - every sum row equals the sum of its terms, checked against an independent evaluation of
//!   the model (nested sums, blanks, invalid text, overflow, cycles and removed terms), after
//!   any sequence of edits, in the incrementally kept values the page shows and in a full
//!   recalculation;
//! - undo right after any applied action gives back the exact prior workbook, redo the exact
//!   next one, and undoing everything gives back the generated workbook;
//! - the scenario file of any edited workbook reads back as the same workbook.
//!
//! Round trips stated elsewhere (docs/security.md lists them all): scenario JSON on generated
//! scenarios and share links (`scenario_file.rs`), CSV in both dialects and XLSX
//! (`import_export.rs`), Swedish format → parse of any Decimal (`src/base/number.rs`),
//! incremental = full recalculation (`recalc.rs`), undo to the start on the default workbook
//! (`actions.rs`).
#![allow(clippy::unwrap_used, clippy::panic, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};

use budget_core::engine::{Computed, Recalc, ValueError};
use budget_core::io::{from_json, to_json, Scenario, ScenarioMeta};
use budget_core::model::{Column, Row, RowKind, Table, Unit, Workbook};
use budget_core::{format_amount, Action, Cell, Decimal, Session, Value};
use proptest::prelude::*;

use crate::common::{period_columns, set, unit};

// ---- generated workbooks ----------------------------------------------------------------

/// A typed cell: figures of any size and scale, now and then text that is no figure.
fn cell() -> impl Strategy<Value = Option<Cell>> {
    prop_oneof![
        2 => Just(None),
        8 => (any::<i64>(), 0u32..4).prop_map(|(m, s)| Some(Cell::Number(Decimal::new(m, s)))),
        1 => Just(Some(Cell::Number(Decimal::MAX))),
        1 => Just(Some(Cell::Invalid("12 tkr".into()))),
    ]
}

/// One row: input with cells in every period column, or a sum of some rows above it (so the
/// generated workbook has no cycles; edits may make some).
#[derive(Debug, Clone)]
enum RowPlan {
    Input(Vec<Option<Cell>>),
    Sum(Vec<prop::sample::Index>),
}

fn row_plan(periods: usize) -> impl Strategy<Value = RowPlan> {
    prop_oneof![
        3 => prop::collection::vec(cell(), periods).prop_map(RowPlan::Input),
        1 => prop::collection::vec(any::<prop::sample::Index>(), 1..4).prop_map(RowPlan::Sum),
    ]
}

fn table(index: usize) -> impl Strategy<Value = Table> {
    (1usize..4)
        .prop_flat_map(|periods| {
            (
                Just(periods),
                prop::collection::vec(row_plan(periods), 1..10),
            )
        })
        .prop_map(move |(periods, plans)| {
            let columns = period_columns(periods);
            let mut rows: Vec<Row> = Vec::new();
            for (r, plan) in plans.into_iter().enumerate() {
                let kind = match &plan {
                    RowPlan::Sum(picks) if r > 0 => {
                        let mut terms: Vec<String> =
                            picks.iter().map(|p| rows[p.index(r)].id.clone()).collect();
                        terms.dedup();
                        RowKind::Sum { terms }
                    }
                    _ => RowKind::Input,
                };
                let cells = match (&plan, &kind) {
                    (RowPlan::Input(cells), RowKind::Input) => cells
                        .iter()
                        .enumerate()
                        .filter_map(|(c, v)| Some((format!("p{c}"), v.clone()?)))
                        .collect(),
                    _ => BTreeMap::new(),
                };
                rows.push(Row {
                    id: format!("r{r}"),
                    label: format!("Rad {r}"),
                    kind,
                    cells,
                    control: BTreeMap::new(),
                    notes: Default::default(),
                    printed_notes: Default::default(),
                });
            }
            Table {
                id: format!("t{index}"),
                title: format!("Tabell {index}"),
                unit: Unit::Tkr,
                decimals: 0,
                columns,
                rows,
                deviation: Default::default(),
            }
        })
}

fn workbook() -> impl Strategy<Value = Workbook> {
    (1usize..4)
        .prop_flat_map(|n| (0..n).map(table).collect::<Vec<_>>())
        .prop_map(|tables| Workbook {
            tables,
            ..Workbook::empty("Genererad")
        })
}

// ---- edits ---------------------------------------------------------------------------------

/// An edit by position, resolved against the workbook as it is when the edit comes.
#[derive(Debug, Clone)]
enum Op {
    Set(
        prop::sample::Index,
        prop::sample::Index,
        prop::sample::Index,
        String,
    ),
    AddRow(prop::sample::Index, prop::sample::Index),
    RemoveRow(prop::sample::Index, prop::sample::Index),
    MakeSum(
        prop::sample::Index,
        prop::sample::Index,
        Vec<prop::sample::Index>,
    ),
    MakeInput(prop::sample::Index, prop::sample::Index),
    MoveRow(
        prop::sample::Index,
        prop::sample::Index,
        prop::sample::Index,
    ),
    Rename(prop::sample::Index, prop::sample::Index),
    ConvertUnit(prop::sample::Index, Unit),
    Batch(
        Vec<(
            prop::sample::Index,
            prop::sample::Index,
            prop::sample::Index,
            String,
        )>,
    ),
    Undo,
    Redo,
}

/// What officers type: Swedish figures, empty (no figure), text that is no figure.
fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (any::<i32>(), 0u32..3).prop_map(|(m, s)| {
            let d = Decimal::new(i64::from(m), s);
            format_amount(d, d.scale())
        }),
        1 => Just(String::new()),
        1 => Just("tolv".to_string()),
        1 => Just("79 228 162 514 264 337 593 543 950 335".to_string()),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let i = any::<prop::sample::Index>;
    prop_oneof![
        8 => (i(), i(), i(), input()).prop_map(|(t, r, c, s)| Op::Set(t, r, c, s)),
        1 => (i(), i()).prop_map(|(t, r)| Op::AddRow(t, r)),
        1 => (i(), i()).prop_map(|(t, r)| Op::RemoveRow(t, r)),
        1 => (i(), i(), prop::collection::vec(i(), 1..4)).prop_map(|(t, r, x)| Op::MakeSum(t, r, x)),
        1 => (i(), i()).prop_map(|(t, r)| Op::MakeInput(t, r)),
        1 => (i(), i(), i()).prop_map(|(t, r, to)| Op::MoveRow(t, r, to)),
        1 => (i(), i()).prop_map(|(t, r)| Op::Rename(t, r)),
        1 => (i(), unit()).prop_map(|(t, u)| Op::ConvertUnit(t, u)),
        1 => prop::collection::vec((i(), i(), i(), input()), 1..4).prop_map(Op::Batch),
        2 => Just(Op::Undo),
        1 => Just(Op::Redo),
    ]
}

fn set_picked(
    wb: &Workbook,
    t: &prop::sample::Index,
    r: &prop::sample::Index,
    c: &prop::sample::Index,
    input: &str,
) -> Action {
    let table = t.get(&wb.tables);
    let inputs: Vec<&Column> = table.input_columns().collect();
    set(&table.id, &r.get(&table.rows).id, &c.get(&inputs).id, input)
}

/// The action an op stands for in `wb`; `None` where it cannot apply (an empty table).
fn resolve(wb: &Workbook, op: &Op) -> Option<Action> {
    if wb.tables.iter().any(|t| t.rows.is_empty())
        && !matches!(op, Op::AddRow(..) | Op::Undo | Op::Redo)
    {
        return None;
    }
    let table = |t: &prop::sample::Index| t.get(&wb.tables);
    let row = |t: &prop::sample::Index, r: &prop::sample::Index| r.get(&table(t).rows).id.clone();
    Some(match op {
        Op::Set(t, r, c, s) => set_picked(wb, t, r, c, s),
        Op::AddRow(t, r) => Action::AddRow {
            table: table(t).id.clone(),
            after: (!table(t).rows.is_empty()).then(|| row(t, r)),
            label: "Ny rad".into(),
        },
        Op::RemoveRow(t, r) => Action::RemoveRow {
            table: table(t).id.clone(),
            row: row(t, r),
        },
        Op::MakeSum(t, r, terms) => Action::SetRowKind {
            table: table(t).id.clone(),
            row: row(t, r),
            kind: RowKind::Sum {
                terms: terms.iter().map(|x| row(t, x)).collect(),
            },
        },
        Op::MakeInput(t, r) => Action::SetRowKind {
            table: table(t).id.clone(),
            row: row(t, r),
            kind: RowKind::Input,
        },
        Op::MoveRow(t, r, to) => Action::MoveRow {
            table: table(t).id.clone(),
            row: row(t, r),
            to: to.index(table(t).rows.len()),
        },
        Op::Rename(t, r) => Action::RenameRow {
            table: table(t).id.clone(),
            row: row(t, r),
            label: "Omdöpt".into(),
        },
        Op::ConvertUnit(t, unit) => Action::ConvertUnit {
            table: table(t).id.clone(),
            unit: *unit,
        },
        Op::Batch(sets) => Action::Batch(
            sets.iter()
                .map(|(t, r, c, s)| set_picked(wb, t, r, c, s))
                .collect(),
        ),
        Op::Undo => Action::Undo,
        Op::Redo => Action::Redo,
    })
}

// ---- the independent evaluation ----------------------------------------------------------

/// What a sum row must be, evaluated from the model alone, recursively: `None` when the row
/// is on or behind a cycle (the engine then says `Cycle`).
fn expected(
    table: &Table,
    column: &str,
    row: usize,
    memo: &mut HashMap<usize, Option<Value>>,
    stack: &mut Vec<usize>,
) -> Option<Value> {
    if let Some(v) = memo.get(&row) {
        return *v;
    }
    if stack.contains(&row) {
        return None;
    }
    stack.push(row);
    let index: HashMap<&str, usize> = table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let value = match &table.rows[row].kind {
        RowKind::Input => Some(match table.rows[row].cells.get(column) {
            Some(Cell::Number(d)) => Value::Number(*d),
            Some(Cell::Invalid(_)) => Value::Error(ValueError::InvalidInput),
            Some(_) => unreachable!("generated workbooks have no formulas or text cells"),
            None => Value::Blank,
        }),
        RowKind::Sum { terms } => {
            let mut parts = Vec::new();
            let mut missing = false;
            let mut cycle = false;
            for term in terms {
                match index.get(term.as_str()) {
                    None => missing = true,
                    Some(&j) => match expected(table, column, j, memo, stack) {
                        Some(v) => parts.push(v),
                        None => cycle = true,
                    },
                }
            }
            if cycle {
                None
            } else if missing {
                Some(Value::Error(ValueError::MissingRow))
            } else {
                // In term order: the first error or overflow met decides, as people would add.
                let mut total: Option<Decimal> = None;
                let mut outcome = None;
                for part in parts {
                    match part {
                        Value::Error(_) => {
                            outcome = Some(Value::Error(ValueError::DependsOnError));
                            break;
                        }
                        Value::Number(d) => match total.unwrap_or(Decimal::ZERO).checked_add(d) {
                            Some(t) => total = Some(t),
                            None => {
                                outcome = Some(Value::Error(ValueError::Overflow));
                                break;
                            }
                        },
                        Value::Blank | Value::NotApplicable => {}
                    }
                }
                Some(outcome.unwrap_or(total.map_or(Value::Blank, Value::Number)))
            }
        }
    };
    stack.pop();
    // Final either way: `None` means the row reaches a row on the open path, which reaches it.
    memo.insert(row, value);
    value
}

fn assert_sums(wb: &Workbook, computed: &Computed) -> Result<(), TestCaseError> {
    for (t, table) in wb.tables.iter().enumerate() {
        for (c, column) in table.columns.iter().enumerate() {
            if !column.kind.is_input() {
                continue;
            }
            let mut memo = HashMap::new();
            for r in 0..table.rows.len() {
                let got = computed.tables[t].get(r, c);
                match expected(table, &column.id, r, &mut memo, &mut Vec::new()) {
                    None => prop_assert_eq!(
                        got,
                        Value::Error(ValueError::Cycle),
                        "{}/{}/{}",
                        table.id,
                        table.rows[r].id,
                        column.id
                    ),
                    Some(want) => prop_assert_eq!(
                        got,
                        want,
                        "{}/{}/{}",
                        table.id,
                        table.rows[r].id,
                        column.id
                    ),
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_sum_row_is_the_sum_of_its_terms_after_any_edits(
        wb in workbook(),
        ops in prop::collection::vec(op(), 0..25),
    ) {
        let mut session = Session::new(wb);
        let mut recalc = Recalc::full(&session.workbook);
        assert_sums(&session.workbook, recalc.computed())?;
        for op in &ops {
            let Some(action) = resolve(&session.workbook, op) else { continue };
            if session.apply(action).is_ok() {
                recalc.update(&session.workbook, session.last_touched());
            }
            // What the page shows (kept incrementally) and a full recalculation.
            assert_sums(&session.workbook, recalc.computed())?;
            assert_sums(&session.workbook, &Computed::of(&session.workbook))?;
        }
    }

    #[test]
    fn undo_right_after_any_action_gives_back_the_exact_prior_workbook(
        wb in workbook(),
        ops in prop::collection::vec(op(), 0..25),
    ) {
        let start = wb.clone();
        let mut session = Session::new(wb);
        for op in &ops {
            let Some(action) = resolve(&session.workbook, op) else { continue };
            let before = session.workbook.clone();
            let undoing = matches!(action, Action::Undo | Action::Redo);
            if session.apply(action).is_err() {
                // A refused action leaves everything as it was.
                prop_assert_eq!(&session.workbook, &before);
                continue;
            }
            if undoing {
                continue;
            }
            let after = session.workbook.clone();
            session.apply(Action::Undo).unwrap();
            prop_assert_eq!(&session.workbook, &before);
            session.apply(Action::Redo).unwrap();
            prop_assert_eq!(&session.workbook, &after);
        }
        while session.can_undo() {
            session.apply(Action::Undo).unwrap();
        }
        prop_assert_eq!(session.workbook, start);
    }

    #[test]
    fn the_scenario_file_of_any_edited_workbook_reads_back_the_same(
        wb in workbook(),
        ops in prop::collection::vec(op(), 0..15),
    ) {
        let mut session = Session::new(wb);
        for op in &ops {
            if let Some(action) = resolve(&session.workbook, op) {
                let _ = session.apply(action);
            }
        }
        let scenario = Scenario {
            meta: ScenarioMeta::for_workbook(&session.workbook, "2026-11-24T07:00:00.000Z"),
            workbook: session.workbook.clone(),
        };
        let json = to_json(&scenario).unwrap();
        prop_assert_eq!(from_json(&json).unwrap(), scenario);
    }
}
