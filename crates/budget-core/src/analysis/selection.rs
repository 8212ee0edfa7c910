//! What the status line says about a block of selected cells: their sum, how many figures it
//! holds and their average, as a spreadsheet's status bar does.

use rust_decimal::Decimal;

use crate::base::Exact;
use crate::engine::Value;

/// Sum, count and average of the figures in a selection. Blank cells, dashes and errors are not
/// figures; percentages are counted but not summed or averaged (a sum of percentages of
/// different bases means nothing), so `sum` and `mean` are `None` when no amount is selected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub count: usize,
    pub sum: Option<Decimal>,
    pub mean: Option<Decimal>,
}

/// The [`Summary`] of `cells`, each a value and whether its column holds percentages. A sum
/// beyond `Decimal`'s range leaves sum and mean out rather than show a wrong figure.
pub fn summarize(cells: impl IntoIterator<Item = (Value, bool)>) -> Summary {
    let mut count = 0usize;
    let mut amounts = 0usize;
    let mut sum = Some(Decimal::ZERO);
    for (value, percent) in cells {
        if let Value::Number(n) = value {
            count += 1;
            if !percent {
                amounts += 1;
                sum = sum.and_then(|s| s.plus(n));
            }
        }
    }
    let sum = sum.filter(|_| amounts > 0);
    let mean = sum.and_then(|s| s.divided_by(Decimal::from(amounts)));
    Summary { count, sum, mean }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: i64) -> Value {
        Value::Number(Decimal::from(v))
    }

    #[test]
    fn amounts_are_summed_and_averaged_percentages_only_counted() {
        let cells = [n(10), n(20), Value::Blank, n(7), Value::NotApplicable];
        let flags = [false, false, false, true, true];
        let s = summarize(cells.into_iter().zip(flags));
        assert_eq!(s.count, 3);
        assert_eq!(s.sum, Some(Decimal::from(30)));
        assert_eq!(s.mean, Some(Decimal::from(15)));
    }

    #[test]
    fn no_amount_gives_no_sum() {
        let s = summarize([(Value::Blank, false), (n(5), true)]);
        assert_eq!(
            s,
            Summary {
                count: 1,
                sum: None,
                mean: None
            }
        );
        assert_eq!(summarize(std::iter::empty()), Summary::default());
    }

    #[test]
    fn an_overflowing_sum_is_left_out() {
        let big = Value::Number(Decimal::MAX);
        let s = summarize([(big, false), (big, false)]);
        assert_eq!((s.count, s.sum, s.mean), (2, None, None));
    }
}
