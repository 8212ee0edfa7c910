//! Allocation of frame-change and volume lines to activities, and the frame bridge per activity:
//! previous budget + allocated changes = proposed budget, with what is not allocated and what is
//! not explained each shown as a figure of its own, never absorbed into another.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::action::Action;
use crate::arith::Exact;
use crate::checks::Computed;
use crate::error::CoreError;
use crate::eval::{sum_values, Value, ValueError};
use crate::i18n::Text;
use crate::model::{Cell, RowKind, Workbook};
use crate::number::parse_amount;
use crate::text;

/// Which activity table the lines are split over, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Allocations {
    /// The activity table (Drift per verksamhet); its input rows are the activities.
    pub activities: String,
    /// Column of the previous budget (Budget 2025).
    pub previous: String,
    /// Column of the proposed budget (Budget 2026).
    pub proposed: String,
    #[serde(default)]
    pub mode: BudgetMode,
    /// Tables whose input rows are change lines, each with the column holding the amount.
    pub sources: Vec<LineSource>,
    /// How each line is split, in the order the user set them.
    #[serde(default)]
    pub shares: Vec<Share>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetMode {
    /// The proposed budgets are typed; changing a line moves the remainder.
    #[default]
    Typed,
    /// Changing a line or its split moves the proposed budgets by the same amount.
    FollowsBridge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LineSource {
    pub table: String,
    pub column: String,
}

/// The part of one line (a row of a source table) that goes to one activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Share {
    pub table: String,
    pub line: String,
    pub activity: String,
    pub split: Split,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Split {
    /// A fixed amount, in the line's unit.
    Amount(
        #[serde(with = "rust_decimal::serde::str")]
        #[schemars(with = "crate::model::DecimalText")]
        Decimal,
    ),
    /// A percentage of the line's amount, so the share follows when the line changes.
    Percent(
        #[serde(with = "rust_decimal::serde::str")]
        #[schemars(with = "crate::model::DecimalText")]
        Decimal,
    ),
}

impl Split {
    /// Reads what a user types in an allocation cell: `9 300` is an amount, `100 %` or `40%` a
    /// percentage; empty removes the share.
    pub fn parse(input: &str) -> Result<Option<Split>, crate::number::NumberError> {
        let text = input.trim();
        match text.strip_suffix('%') {
            Some(p) => Ok(parse_amount(p)?.map(Split::Percent)),
            None => Ok(parse_amount(text)?.map(Split::Amount)),
        }
    }

    /// The share of a line of `amount`. Exact: a percentage divides by 100, which terminates.
    pub fn of(self, amount: Value) -> Value {
        match self {
            Split::Amount(a) => Value::Number(a),
            Split::Percent(p) => match amount {
                Value::Number(n) => n
                    .times(p)
                    .and_then(|x| x.divided_by(Decimal::ONE_HUNDRED))
                    .map_or(Value::Error(ValueError::Overflow), Value::Number),
                Value::Error(_) => Value::Error(ValueError::DependsOnError),
                Value::Blank | Value::NotApplicable => Value::Blank,
            },
        }
    }
}

/// A change to the allocation setup, applied as an undoable [`Action::Allocate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllocationChange {
    /// Sets (or with empty input removes) the share of `line` in `table` going to `activity`.
    SetShare {
        table: String,
        line: String,
        activity: String,
        input: String,
    },
    SetMode(BudgetMode),
}

impl Allocations {
    /// What refers to `row` of `table`, if anything, for refusing the row's removal.
    pub fn uses(&self, table: &str, row: &str) -> Option<Text> {
        let used = self.shares.iter().any(|s| {
            (s.table == table && s.line == row) || (self.activities == table && s.activity == row)
        });
        used.then(|| {
            text!(
                "fördelningen på verksamheter",
                "the allocation to activities"
            )
        })
    }

    /// Whether the setup names `table` (as the activities, a line source or in a share).
    pub fn names_table(&self, table: &str) -> bool {
        self.activities == table
            || self.sources.iter().any(|s| s.table == table)
            || self.shares.iter().any(|s| s.table == table)
    }

    pub fn split(&self, table: &str, line: &str, activity: &str) -> Option<Split> {
        self.shares
            .iter()
            .find(|s| s.table == table && s.line == line && s.activity == activity)
            .map(|s| s.split)
    }
}

/// The allocation setup after `change`, validated against the workbook.
pub fn changed(wb: &Workbook, change: AllocationChange) -> Result<Allocations, CoreError> {
    let mut a = wb
        .allocations
        .clone()
        .ok_or_else(|| CoreError::Allocation {
            message: text!(
                "arbetsboken har ingen fördelning på verksamheter",
                "the workbook has no allocation to activities"
            ),
        })?;
    match change {
        AllocationChange::SetMode(mode) => a.mode = mode,
        AllocationChange::SetShare {
            table,
            line,
            activity,
            input,
        } => {
            if !a.sources.iter().any(|s| s.table == table) {
                return Err(CoreError::Allocation {
                    message: text!(
                        "tabellen ”{table}” har inga rader att fördela",
                        "the table “{table}” has no rows to allocate"
                    ),
                });
            }
            let line_row = wb.table(&table)?.row(&line)?;
            if !matches!(line_row.kind, RowKind::Input) {
                return Err(CoreError::Allocation {
                    message: text!(
                        "”{}” är en summa och fördelas inte",
                        "“{}” is a sum and is not allocated",
                        line_row.label
                    ),
                });
            }
            let act_row = wb.table(&a.activities)?.row(&activity)?;
            if !matches!(act_row.kind, RowKind::Input) {
                return Err(CoreError::Allocation {
                    message: text!(
                        "”{}” är en summa, inte en verksamhet",
                        "“{}” is a sum, not an activity",
                        act_row.label
                    ),
                });
            }
            let split = Split::parse(&input).map_err(|source| CoreError::Number {
                context: text!(
                    "fördelning av ”{}” på ”{}”",
                    "allocation of “{}” to “{}”",
                    line_row.label,
                    act_row.label
                ),
                source,
            })?;
            let at = a
                .shares
                .iter()
                .position(|s| s.table == table && s.line == line && s.activity == activity);
            match (at, split) {
                (Some(i), Some(split)) => a.shares[i].split = split,
                (Some(i), None) => {
                    a.shares.remove(i);
                }
                (None, Some(split)) => a.shares.push(Share {
                    table,
                    line,
                    activity,
                    split,
                }),
                (None, None) => {}
            }
        }
    }
    Ok(a)
}

fn sub(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Error(_), _) | (_, Value::Error(_)) => Value::Error(ValueError::DependsOnError),
        (Value::Number(x), Value::Number(y)) => x
            .minus(y)
            .map_or(Value::Error(ValueError::Overflow), Value::Number),
        (Value::Number(x), _) => Value::Number(x),
        (_, Value::Number(y)) => Value::Number(-y),
        _ => Value::Blank,
    }
}

/// Nothing allocated is an allocation of zero, not a missing figure.
fn or_zero(v: Value) -> Value {
    match v {
        Value::Blank => Value::Number(Decimal::ZERO),
        other => other,
    }
}

fn add(a: Value, b: Value) -> Value {
    sum_values([a, b])
}

/// One change line with its split.
#[derive(Debug, Clone, PartialEq)]
pub struct LineResult {
    pub table: String,
    pub line: String,
    pub label: String,
    pub amount: Value,
    /// Per activity (in activity order): the split as set, and the amount it gives.
    pub shares: Vec<Option<(Split, Value)>>,
    pub allocated: Value,
    /// Amount minus allocated; negative when more is allocated than the line holds.
    pub unallocated: Value,
}

/// One activity's bridge, or the total's.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityResult {
    pub id: String,
    pub label: String,
    pub previous: Value,
    pub allocated: Value,
    /// Previous + allocated.
    pub bridged: Value,
    pub proposed: Value,
    /// Proposed − bridged: what the allocated lines do not explain.
    pub unexplained: Value,
}

/// The frame bridge by activity.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityBridge {
    pub mode: BudgetMode,
    pub previous_label: String,
    pub proposed_label: String,
    pub activities: Vec<ActivityResult>,
    pub lines: Vec<LineResult>,
    /// Sum of every line's amount.
    pub lines_total: Value,
    /// Sum of what the lines leave unallocated.
    pub unallocated: Value,
    /// Total previous + every line (allocated or not).
    pub explained: Value,
    /// Total proposed − explained: the remainder no line accounts for.
    pub unexplained: Value,
    /// Totals over the activities; its `unexplained` is unallocated + the remainder above.
    pub total: ActivityResult,
}

/// Computes the bridge by activity; `None` when the workbook has no allocation setup.
pub fn activity_bridge(wb: &Workbook, computed: &Computed) -> Option<ActivityBridge> {
    let a = wb.allocations.as_ref()?;
    let act_table = wb.table(&a.activities).ok()?;
    let label_of = |column: &str| {
        act_table
            .column(column)
            .map_or(column.to_string(), |c| c.label.clone())
    };
    let acts: Vec<(&str, &str)> = act_table
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Input))
        .map(|r| (r.id.as_str(), r.label.as_str()))
        .collect();
    let mut lines = Vec::new();
    for source in &a.sources {
        let Ok(t) = wb.table(&source.table) else {
            continue;
        };
        for row in t.rows.iter().filter(|r| matches!(r.kind, RowKind::Input)) {
            let amount = computed.value(wb, &t.id, &row.id, &source.column);
            let shares: Vec<Option<(Split, Value)>> = acts
                .iter()
                .map(|(act, _)| {
                    a.split(&t.id, &row.id, act)
                        .map(|split| (split, split.of(amount)))
                })
                .collect();
            let allocated = or_zero(sum_values(shares.iter().flatten().map(|(_, v)| *v)));
            let unallocated = sub(amount, allocated);
            lines.push(LineResult {
                table: t.id.clone(),
                line: row.id.clone(),
                label: row.label.clone(),
                amount,
                shares,
                allocated,
                unallocated,
            });
        }
    }
    let activities: Vec<ActivityResult> = acts
        .iter()
        .enumerate()
        .map(|(i, (id, label))| {
            let previous = computed.value(wb, &act_table.id, id, &a.previous);
            let proposed = computed.value(wb, &act_table.id, id, &a.proposed);
            let allocated =
                or_zero(sum_values(lines.iter().filter_map(|l| {
                    l.shares.get(i).copied().flatten().map(|(_, v)| v)
                })));
            let bridged = add(previous, allocated);
            ActivityResult {
                id: id.to_string(),
                label: label.to_string(),
                previous,
                allocated,
                bridged,
                proposed,
                unexplained: sub(proposed, bridged),
            }
        })
        .collect();
    let total_of = |f: fn(&ActivityResult) -> Value| sum_values(activities.iter().map(f));
    let total = ActivityResult {
        id: "total".into(),
        label: "Summa".into(),
        previous: total_of(|r| r.previous),
        allocated: total_of(|r| r.allocated),
        bridged: total_of(|r| r.bridged),
        proposed: total_of(|r| r.proposed),
        unexplained: total_of(|r| r.unexplained),
    };
    let lines_total = sum_values(lines.iter().map(|l| l.amount));
    let unallocated = sum_values(lines.iter().map(|l| l.unallocated));
    let explained = add(total.previous, lines_total);
    let unexplained = sub(total.proposed, explained);
    Some(ActivityBridge {
        mode: a.mode,
        previous_label: label_of(&a.previous),
        proposed_label: label_of(&a.proposed),
        activities,
        lines,
        lines_total,
        unallocated,
        explained,
        unexplained,
        total,
    })
}

/// What each activity receives from the lines (a number, or an error from a line in error), in
/// the activity table's order. A list: a handful of activities, looked up by id.
pub(crate) fn allocated_by_activity(wb: &Workbook, computed: &Computed) -> Vec<(String, Value)> {
    activity_bridge(wb, computed)
        .map(|b| {
            b.activities
                .into_iter()
                .map(|r| (r.id, r.allocated))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether, in "budget follows the bridge" mode, `action` may move what an activity is
/// allocated, so its proposed budget may have to follow (see [`follow_moves`]).
pub(crate) fn may_move_allocations(wb: &Workbook, action: &Action) -> bool {
    let Some(a) = wb.allocations.as_ref() else {
        return false;
    };
    if a.mode != BudgetMode::FollowsBridge
        || matches!(
            action,
            Action::Undo
                | Action::Redo
                | Action::LoadScenario(_)
                | Action::Allocate(AllocationChange::SetMode(_))
        )
    {
        return false;
    }
    // Typing is the hot path: a cell outside the allocated lines' tables cannot move an
    // allocation.
    if let Action::SetCell { table, .. } | Action::SetControl { table, .. } = action {
        return a.sources.iter().any(|s| &s.table == table);
    }
    // Nor can a table the setup does not name (an import as a new table).
    if let Action::AddTable { table, .. } = action {
        return a.names_table(&table.id);
    }
    true
}

/// The edits that move each activity's typed proposed budget by the change in what it is
/// allocated, from `before` to `after` (both from [`allocated_by_activity`]).
pub(crate) fn follow_moves(
    wb: &Workbook,
    before: &[(String, Value)],
    after: &[(String, Value)],
) -> Vec<Action> {
    let Some(a) = wb.allocations.as_ref() else {
        return Vec::new();
    };
    let Ok(table) = wb.table(&a.activities) else {
        return Vec::new();
    };
    let mut moves = Vec::new();
    for (id, new) in after {
        // A line in error moves nothing: the error shows, and the budget waits for a figure.
        let (Some(Value::Number(old)), Value::Number(new)) =
            (before.iter().find(|(b, _)| b == id).map(|(_, v)| v), new)
        else {
            continue;
        };
        let Some(delta) = new.minus(*old).filter(|d| !d.is_zero()) else {
            continue;
        };
        // Only a typed figure can follow; a blank or erroneous one stays for the user to fix.
        let Ok(row) = table.row(id) else { continue };
        if let Some(Cell::Number(v)) = row.cells.get(&a.proposed) {
            if let Some(moved) = v.plus(delta) {
                moves.push(Action::SetCell {
                    table: table.id.clone(),
                    row: id.clone(),
                    column: a.proposed.clone(),
                    input: moved.normalize().to_string(),
                });
            }
        }
    }
    moves
}
