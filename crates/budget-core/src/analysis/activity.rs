//! The frame bridge per activity: previous budget + allocated changes = proposed budget, with
//! what is not allocated and what is not explained each shown as a figure of its own, never
//! absorbed into another.

use rust_decimal::Decimal;

use crate::base::Exact;
use crate::engine::{sum_values, Computed, Value, ValueError};
use crate::model::{BudgetMode, RowKind, Split, Workbook};

/// The share of a line of `amount` that `split` gives. Exact: a percentage divides by 100,
/// which terminates.
pub fn share_of(split: Split, amount: Value) -> Value {
    match split {
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
                        .map(|split| (split, share_of(split, amount)))
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
