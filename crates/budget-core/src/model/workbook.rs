//! The workbook model: tables of rows and columns, the cells users type, and the links between
//! tables (reconciliations and the frame bridge). Pure data; behaviour lives in the engine,
//! analysis and session layers.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::{CoreError, Text};
use crate::model::collab::Collab;
use crate::text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Workbook {
    pub title: String,
    pub committee: String,
    pub tables: Vec<Table>,
    /// Pairs of total rows in different tables that describe the same money.
    #[serde(default)]
    pub reconciliations: Vec<Reconciliation>,
    /// Written as `null` when there is none, as every file so far has it.
    #[serde(default)]
    pub bridge: Option<Bridge>,
    /// How frame changes and volume lines are split over the activities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allocations: Option<crate::model::allocations::Allocations>,
    /// Lineage, lock and change log (see `model::collab`).
    #[serde(default, skip_serializing_if = "Collab::is_empty")]
    pub collab: Collab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Kr,
    Tkr,
    Mnkr,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Kr => "kr",
            Unit::Tkr => "tkr",
            Unit::Mnkr => "mnkr",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub unit: Unit,
    /// Decimals shown; also sets what counts as "a unit" of rounding difference in checks.
    pub decimals: u32,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// How deviation columns are signed in this table; files before follow-up tables lack it.
    #[serde(default)]
    pub deviation: DeviationSign,
}

/// Follow-up reports sign deviations so that positive is favourable: net-cost tables show
/// Budget − Utfall (spent less than budgeted), signed income statements Utfall − Budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviationSign {
    #[default]
    BudgetMinusActual,
    ActualMinusBudget,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Column {
    pub id: String,
    pub label: String,
    pub kind: ColumnKind,
    /// Heading over a run of adjacent columns, e.g. HELÅR or PERIOD JANUARI–MARS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnKind {
    /// A period the user types: Bokslut, Budget, Prognos, Utfall, or any label.
    Input,
    /// `new − old`, per row.
    Difference { new: String, old: String },
    /// `(new − old) ÷ old × 100`, per row; "–" where `old` is zero.
    PercentChange { new: String, old: String },
    /// Budget against actual (or forecast), signed by the table's [`DeviationSign`].
    Deviation { budget: String, actual: String },
    /// The deviation ÷ |budget| × 100, so its sign is the deviation's; "–" for a zero budget.
    DeviationPercent { budget: String, actual: String },
    /// Free text, e.g. "re-/nyinvesteringar" in the capital budget.
    Text,
}

impl ColumnKind {
    /// A period the user types figures into.
    pub fn is_input(&self) -> bool {
        matches!(self, ColumnKind::Input)
    }

    /// The two period columns a computed column compares, as (new or budget, old or actual).
    pub fn operands(&self) -> Option<(&str, &str)> {
        match self {
            ColumnKind::Difference { new, old } | ColumnKind::PercentChange { new, old } => {
                Some((new, old))
            }
            ColumnKind::Deviation { budget, actual }
            | ColumnKind::DeviationPercent { budget, actual } => Some((budget, actual)),
            ColumnKind::Input | ColumnKind::Text => None,
        }
    }

    /// Mutable access to the operands, for re-pointing a comparison.
    pub fn operands_mut(&mut self) -> Option<(&mut String, &mut String)> {
        match self {
            ColumnKind::Difference { new, old } | ColumnKind::PercentChange { new, old } => {
                Some((new, old))
            }
            ColumnKind::Deviation { budget, actual }
            | ColumnKind::DeviationPercent { budget, actual } => Some((budget, actual)),
            ColumnKind::Input | ColumnKind::Text => None,
        }
    }

    /// Shown as a percentage.
    pub fn is_percent(&self) -> bool {
        matches!(
            self,
            ColumnKind::PercentChange { .. } | ColumnKind::DeviationPercent { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    pub id: String,
    pub label: String,
    pub kind: RowKind,
    /// Typed cells of input rows, by column id. Missing means empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cells: BTreeMap<String, Cell>,
    /// Printed totals of sum rows, by column id, kept to compare with the computed ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub control: BTreeMap<String, Cell>,
    /// Notes on cells (assumptions, sources, questions), by column id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    /// Notes on printed totals, by column id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub printed_notes: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RowKind {
    Input,
    /// Sum of other rows of the same table (which may themselves be sums).
    Sum {
        terms: Vec<String>,
    },
}

/// What a user has typed into a cell. Invalid text is kept, not dropped, so the user can fix it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    /// An exact amount, written as a decimal string (`"-888391"`, `"12.5"`), never a float.
    Number(
        #[serde(with = "rust_decimal::serde::str")]
        #[schemars(with = "DecimalText")]
        Decimal,
    ),
    Invalid(String),
    /// `=…` as typed; its value is computed (see `formula`).
    Formula(String),
    /// Free text in a text column.
    Text(String),
}

impl Cell {
    /// Reads user input for a figure column; `None` means the cell becomes empty ("no figure").
    pub fn from_input(input: &str) -> Option<Cell> {
        if is_formula(input) {
            return Some(Cell::Formula(input.trim().to_string()));
        }
        match crate::base::parse_amount(input) {
            Ok(Some(d)) => Some(Cell::Number(d)),
            Ok(None) => None,
            Err(_) => Some(Cell::Invalid(input.to_string())),
        }
    }

    /// What the user would see to edit this cell again: the formula, their own text, or the
    /// exact figure in Swedish format.
    pub fn edit_text(&self) -> String {
        match self {
            Cell::Number(d) => crate::base::format_amount(*d, d.scale()),
            Cell::Invalid(t) | Cell::Formula(t) | Cell::Text(t) => t.clone(),
        }
    }
}

/// How an amount is written in a file, for the JSON Schema: a decimal string with a point and
/// no exponent, as [`Cell::Number`] and allocation splits are written; never a JSON number,
/// which readers would take through a float.
#[derive(JsonSchema)]
#[allow(dead_code)]
pub(crate) struct DecimalText(#[schemars(regex(pattern = r"^-?[0-9]+(\.[0-9]+)?$"))] String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RowRef {
    pub table: String,
    pub row: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CellRef {
    pub table: String,
    pub row: String,
    pub column: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Equal,
    /// `left = −right`, as the income-statement result is minus the activity total.
    Negated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Reconciliation {
    pub label: String,
    pub left: RowRef,
    pub right: RowRef,
    pub relation: Relation,
}

/// Previous budget + each step = proposed budget, with what is left unexplained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Bridge {
    pub base: CellRef,
    pub steps: Vec<CellRef>,
    pub target: CellRef,
}

impl Workbook {
    /// A workbook with no tables, links or allocations.
    pub fn empty(title: &str) -> Workbook {
        Workbook {
            title: title.into(),
            committee: String::new(),
            tables: Vec::new(),
            reconciliations: Vec::new(),
            bridge: None,
            allocations: None,
            collab: Collab::default(),
        }
    }

    pub fn table(&self, id: &str) -> Result<&Table, CoreError> {
        self.tables
            .iter()
            .find(|t| t.id == id)
            .ok_or_else(|| CoreError::UnknownTable { table: id.into() })
    }

    pub fn table_mut(&mut self, id: &str) -> Result<&mut Table, CoreError> {
        self.tables
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| CoreError::UnknownTable { table: id.into() })
    }

    /// Where a row is referenced from outside its table, for refusing its removal.
    pub fn external_uses(&self, table: &str, row: &str) -> Option<Text> {
        let hits = |r: &RowRef| r.table == table && r.row == row;
        let hits_cell = |c: &CellRef| c.table == table && c.row == row;
        if let Some(rec) = self
            .reconciliations
            .iter()
            .find(|r| hits(&r.left) || hits(&r.right))
        {
            return Some(reconciliation_named(&rec.label));
        }
        let bridge_uses = self.bridge.as_ref().is_some_and(|b| {
            hits_cell(&b.base) || hits_cell(&b.target) || b.steps.iter().any(hits_cell)
        });
        if bridge_uses {
            return Some(the_bridge());
        }
        self.allocations.as_ref().and_then(|a| a.uses(table, row))
    }
}

fn the_bridge() -> Text {
    text!("ramöverbryggningen", "the frame bridge")
}

fn reconciliation_named(label: &str) -> Text {
    text!("avstämningen ”{label}”", "the reconciliation “{label}”")
}

impl Workbook {
    /// Where a column is referenced from outside its table (the bridge, reconciliations match
    /// columns by id so they keep working without it).
    pub fn external_column_uses(&self, table: &str, column: &str) -> Option<Text> {
        let hits = |c: &CellRef| c.table == table && c.column == column;
        self.bridge
            .as_ref()
            .is_some_and(|b| hits(&b.base) || hits(&b.target) || b.steps.iter().any(hits))
            .then(the_bridge)
    }

    /// Where a table is referenced from outside itself.
    pub fn external_table_uses(&self, table: &str) -> Option<Text> {
        if let Some(rec) = self
            .reconciliations
            .iter()
            .find(|r| r.left.table == table || r.right.table == table)
        {
            return Some(reconciliation_named(&rec.label));
        }
        self.bridge
            .as_ref()
            .is_some_and(|b| {
                b.base.table == table
                    || b.target.table == table
                    || b.steps.iter().any(|s| s.table == table)
            })
            .then(the_bridge)
    }
}

impl Table {
    pub fn row_index(&self, id: &str) -> Result<usize, CoreError> {
        self.rows
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| CoreError::UnknownRow {
                table: self.id.clone(),
                row: id.into(),
            })
    }

    pub fn row(&self, id: &str) -> Result<&Row, CoreError> {
        self.row_index(id).map(|i| &self.rows[i])
    }

    pub fn column_index(&self, id: &str) -> Result<usize, CoreError> {
        self.columns
            .iter()
            .position(|c| c.id == id)
            .ok_or_else(|| CoreError::UnknownColumn {
                table: self.id.clone(),
                column: id.into(),
            })
    }

    pub fn column(&self, id: &str) -> Result<&Column, CoreError> {
        self.column_index(id).map(|i| &self.columns[i])
    }

    pub fn input_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().filter(|c| c.kind.is_input())
    }

    /// A row id not yet used in this table.
    pub fn fresh_row_id(&self) -> String {
        self.fresh_row_ids(1).pop().unwrap_or_default()
    }

    /// The ids `count` successive `AddRow`s will give: `rad-N` with the first free N each time.
    pub fn fresh_row_ids(&self, count: usize) -> Vec<String> {
        let taken: std::collections::HashSet<&str> =
            self.rows.iter().map(|r| r.id.as_str()).collect();
        (1..)
            .map(|n| format!("rad-{n}"))
            .filter(|id| !taken.contains(id.as_str()))
            .take(count)
            .collect()
    }
}

/// Most decimals a table may show; more would only show rounding noise.
pub const MAX_DECIMALS: u32 = 6;

/// Whether typed text is a formula (`=…`) rather than a figure.
pub fn is_formula(text: &str) -> bool {
    text.trim_start().starts_with('=')
}
