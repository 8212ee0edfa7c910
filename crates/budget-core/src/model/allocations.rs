//! The allocation setup a workbook carries: which activity table the frame-change and volume
//! lines are split over, each line's shares, and whether the proposed budgets follow the bridge.
//! Data only; what the split gives is analysis (`analysis::activity_bridge`).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::{parse_amount, Text};
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
        #[schemars(with = "crate::model::workbook::DecimalText")]
        Decimal,
    ),
    /// A percentage of the line's amount, so the share follows when the line changes.
    Percent(
        #[serde(with = "rust_decimal::serde::str")]
        #[schemars(with = "crate::model::workbook::DecimalText")]
        Decimal,
    ),
}

impl Split {
    /// Reads what a user types in an allocation cell: `9 300` is an amount, `100 %` or `40%` a
    /// percentage; empty removes the share.
    pub fn parse(input: &str) -> Result<Option<Split>, crate::base::NumberError> {
        let text = input.trim();
        match text.strip_suffix('%') {
            Some(p) => Ok(parse_amount(p)?.map(Split::Percent)),
            None => Ok(parse_amount(text)?.map(Split::Amount)),
        }
    }
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
