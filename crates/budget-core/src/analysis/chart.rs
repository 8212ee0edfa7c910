//! What the charts draw, computed exactly: the waterfall's running totals and the change per
//! activity. The UI only scales these to SVG coordinates (the one place floats appear, and only
//! for drawing).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::analysis::activity::ActivityBridge;
use crate::base::Exact;
use crate::engine::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarKind {
    /// A level drawn from zero: the previous budget, the new frame.
    Total,
    /// A step from the running total.
    Step,
    /// The step no line explains; drawn apart so it is never mistaken for a change.
    Remainder,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaterfallBar {
    /// Stable id for tests and styling: a row id, `forra`, `rest`, `ny-ram`.
    pub id: String,
    pub label: String,
    pub kind: BarKind,
    /// The figure the bar shows: a level for totals, a change for steps.
    pub value: Decimal,
    /// Running total before and after this bar (0 → value for totals).
    pub from: Decimal,
    pub to: Decimal,
}

fn total(id: &str, label: &str, value: Decimal) -> WaterfallBar {
    WaterfallBar {
        id: id.into(),
        label: label.into(),
        kind: BarKind::Total,
        value,
        from: Decimal::ZERO,
        to: value,
    }
}

/// Chains steps from `start`; `None` if a figure is missing or in error, or the sum overflows.
fn chain(
    start: (String, Decimal),
    steps: Vec<(String, String, Value)>,
    remainder: Option<Value>,
    end: (String, Value),
) -> Option<Vec<WaterfallBar>> {
    let mut bars = vec![total("forra", &start.0, start.1)];
    let mut running = start.1;
    for (id, label, value) in steps {
        let v = match value {
            Value::Number(v) => v,
            // A line without a figure moves nothing; it is left out rather than drawn as 0.
            Value::Blank => continue,
            Value::NotApplicable | Value::Error(_) => return None,
        };
        let to = running.plus(v)?;
        bars.push(WaterfallBar {
            id,
            label,
            kind: BarKind::Step,
            value: v,
            from: running,
            to,
        });
        running = to;
    }
    if let Some(remainder) = remainder {
        let rest = remainder.number()?;
        let to = running.plus(rest)?;
        bars.push(WaterfallBar {
            id: "rest".into(),
            label: "Oförklarad rest".into(),
            kind: BarKind::Remainder,
            value: rest,
            from: running,
            to,
        });
    }
    let end_value = end.1.number()?;
    bars.push(total("ny-ram", &end.0, end_value));
    Some(bars)
}

/// Previous budget → each frame-change and volume line → the proposed frame.
pub fn waterfall_by_line(b: &ActivityBridge) -> Option<Vec<WaterfallBar>> {
    chain(
        (b.previous_label.clone(), b.total.previous.number()?),
        b.lines
            .iter()
            .map(|l| (l.line.clone(), l.label.clone(), l.amount))
            .collect(),
        Some(b.unexplained),
        (b.proposed_label.clone(), b.total.proposed),
    )
}

/// Previous budget → each activity's change → the proposed frame. No remainder bar: the
/// activities' changes add up to the frame's change by construction.
pub fn waterfall_by_activity(b: &ActivityBridge) -> Option<Vec<WaterfallBar>> {
    chain(
        (b.previous_label.clone(), b.total.previous.number()?),
        b.activities
            .iter()
            .map(|a| {
                let change = match (a.proposed, a.previous) {
                    (Value::Number(p), Value::Number(q)) => p.minus(q).map_or(
                        Value::Error(crate::engine::ValueError::Overflow),
                        Value::Number,
                    ),
                    (Value::Blank, Value::Blank) => Value::Blank,
                    _ => Value::Error(crate::engine::ValueError::DependsOnError),
                };
                (a.id.clone(), a.label.clone(), change)
            })
            .collect(),
        None,
        (b.proposed_label.clone(), b.total.proposed),
    )
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeBar {
    pub id: String,
    pub label: String,
    pub change: Decimal,
    /// Change ÷ |previous| × 100, so its sign is the change's on a net-cost row too; `None` for
    /// a zero base.
    pub percent: Option<Decimal>,
}

/// Change per activity, proposed against previous, in the table's unit and in percent.
pub fn changes(b: &ActivityBridge) -> Vec<ChangeBar> {
    b.activities
        .iter()
        .filter_map(|a| {
            let (p, q) = (a.proposed.number()?, a.previous.number()?);
            let change = p.minus(q)?;
            let percent = if q.is_zero() {
                None
            } else {
                change
                    .divided_by(q.abs())
                    .and_then(|r| r.times(Decimal::ONE_HUNDRED))
            };
            Some(ChangeBar {
                id: a.id.clone(),
                label: a.label.clone(),
                change,
                percent,
            })
        })
        .collect()
}

/// A figure as a drawing coordinate. Only for SVG geometry; never for money.
pub fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A chart's value axis: from a round figure at or below the lowest value to one at or above
/// the highest, with gridlines at a step of 1, 2 or 5 × 10ⁿ (about five of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub start: Decimal,
    pub end: Decimal,
    pub ticks: Vec<Decimal>,
}

/// `a − b`; an axis is far from Decimal's limits, so an overflow only flattens the chart.
fn sub(a: Decimal, b: Decimal) -> Decimal {
    a.minus(b).unwrap_or_default()
}

/// A step of 1, 2 or 5 × 10ⁿ giving about five gridlines over `span`.
fn nice_step(span: Decimal) -> Decimal {
    let raw = span.divided_by(Decimal::from(5)).unwrap_or(span);
    let mut p = Decimal::ONE;
    while let Some(next) = p.times(Decimal::TEN).filter(|n| *n <= raw) {
        p = next;
    }
    [1, 2, 5, 10]
        .into_iter()
        .filter_map(|m| p.times(Decimal::from(m)))
        .find(|s| *s >= raw)
        .unwrap_or(p)
}

impl Axis {
    /// The axis over `lo ..= hi`.
    pub fn spanning(lo: Decimal, hi: Decimal) -> Axis {
        let span = sub(hi, lo).max(Decimal::ONE);
        let step = nice_step(span);
        let multiple = |d: Decimal, round: fn(&Decimal) -> Decimal| {
            d.divided_by(step)
                .and_then(|q| round(&q).times(step))
                .unwrap_or(d)
        };
        let start = multiple(lo, Decimal::floor);
        let end = multiple(hi, Decimal::ceil);
        let mut ticks = Vec::new();
        let mut t = start;
        while t <= end && ticks.len() < 20 {
            ticks.push(t);
            match t.plus(step) {
                Some(next) => t = next,
                None => break,
            }
        }
        Axis {
            start,
            end: end.max(start.plus(step).unwrap_or(end)),
            ticks,
        }
    }

    /// The axis over `lo ..= hi` with a tenth of the span's room below `lo`, so a waterfall's
    /// shortest bar still shows.
    pub fn with_room_below(lo: Decimal, hi: Decimal) -> Axis {
        let margin = sub(hi, lo).divided_by(Decimal::TEN).unwrap_or_default();
        Axis::spanning(sub(lo, margin), hi)
    }

    /// The axis's length in its unit (for drawing only).
    pub fn length(&self) -> f64 {
        to_f64(sub(self.end, self.start))
    }

    /// Where `d` lies on the axis: 0 at its start, 1 at its end (for drawing only).
    pub fn fraction(&self, d: Decimal) -> f64 {
        to_f64(sub(d, self.start)) / self.length()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_axis_runs_from_round_figure_to_round_figure() {
        let axis = Axis::spanning(Decimal::from(-1_234), Decimal::from(8_900));
        // A span of 10 134 in about five steps: steps of 5 000.
        assert_eq!(axis.start, Decimal::from(-5_000));
        assert_eq!(axis.end, Decimal::from(10_000));
        assert_eq!(axis.ticks.len(), 4);
        assert_eq!(axis.fraction(Decimal::from(2_500)), 0.5);
        // A flat chart still has an axis of one step.
        let flat = Axis::spanning(Decimal::from(5), Decimal::from(5));
        assert!(flat.end > flat.start);
        let roomy = Axis::with_room_below(Decimal::from(1_000), Decimal::from(2_000));
        // 1 000 less a tenth of the span (900), down to the step of 500.
        assert_eq!(roomy.start, Decimal::from(500));
    }
}
