//! What each model type looks like in JSON, read and written by hand: the field names, tags,
//! defaults and omissions that serde's derives used to give (`tests/json_format.rs` pins the
//! texts byte for byte). Readers ignore unknown fields, as the derives did, except where a
//! caller asks for [`Object::only`]; a missing optional field takes its default.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::action::{Edit, Session, TableMeta};
use crate::allocation::{Allocations, BudgetMode, LineSource, Share, Split};
use crate::file::ScenarioMeta;
use crate::i18n::{Lang, Text};
use crate::json::{Json, JsonError, Node, Writer};
use crate::model::{
    Bridge, Cell, CellRef, Column, ColumnKind, DeviationSign, Reconciliation, Relation, Row,
    RowKind, RowRef, Table, Unit, Workbook,
};
use crate::text;

pub type Read<T> = Result<T, JsonError>;

// ---- reading ----

/// What a value is, for a message saying what was found instead of what was expected.
fn found(node: &Node) -> Text {
    match &node.value {
        Json::Null => Text::same("null"),
        Json::Bool(b) => Text::same(b.to_string()),
        Json::Number(n) => text!("talet {n}", "the number {n}"),
        Json::String(s) => {
            // A whole pasted document in a wrong place is not quoted in full.
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            text!("texten \"{short}{more}\"", "the text \"{short}{more}\"")
        }
        Json::Array(_) => text!("en lista", "a list"),
        Json::Object(_) => text!("ett objekt", "an object"),
    }
}

/// `expected` in Swedish and English.
fn wrong(node: &Node, (sv, en): (&str, &str)) -> JsonError {
    let found = found(node);
    JsonError::new(
        node.at,
        Text::new(
            format!("fel typ: {}, väntade {sv}", found.get(Lang::Sv)),
            format!("wrong type: {}, expected {en}", found.get(Lang::En)),
        ),
    )
}

/// The members of an object, read field by field.
pub struct Object<'a> {
    at: usize,
    members: &'a [(String, Node)],
}

pub fn object(node: &Node) -> Read<Object<'_>> {
    match &node.value {
        Json::Object(members) => Ok(Object {
            at: node.at,
            members,
        }),
        _ => Err(wrong(node, ("ett objekt", "an object"))),
    }
}

impl<'a> Object<'a> {
    /// The field's value, `None` when it is absent; a field given twice is refused.
    pub fn get(&self, key: &str) -> Read<Option<&'a Node>> {
        let mut hits = self.members.iter().filter(|(k, _)| k == key);
        let first = hits.next().map(|(_, v)| v);
        match hits.next() {
            Some((_, again)) => Err(JsonError::new(
                again.at,
                text!(
                    "fältet förekommer två gånger: `{key}`",
                    "the field occurs twice: `{key}`"
                ),
            )),
            None => Ok(first),
        }
    }

    /// The field's value; absent is an error naming it.
    pub fn req(&self, key: &str) -> Read<&'a Node> {
        self.get(key)?.ok_or_else(|| {
            JsonError::new(
                self.at,
                text!("fält saknas: `{key}`", "missing field: `{key}`"),
            )
        })
    }

    /// The value of an optional field: absent or `null` is `None`.
    pub fn opt(&self, key: &str) -> Read<Option<&'a Node>> {
        Ok(self.get(key)?.filter(|n| n.value != Json::Null))
    }

    pub fn string(&self, key: &str) -> Read<String> {
        string(self.req(key)?)
    }

    /// Refuses any field not in `keys`, as a file's top level and metadata do.
    pub fn only(&self, keys: &[&str]) -> Read<()> {
        match self
            .members
            .iter()
            .find(|(k, _)| !keys.contains(&k.as_str()))
        {
            Some((k, v)) => Err(JsonError::new(
                v.at,
                text!(
                    "okänt fält `{k}`, väntade något av {}",
                    "unknown field `{k}`, expected one of {}",
                    quoted_list(keys)
                ),
            )),
            None => Ok(()),
        }
    }
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn string(node: &Node) -> Read<String> {
    match &node.value {
        Json::String(s) => Ok(s.clone()),
        _ => Err(wrong(node, ("en text", "a text"))),
    }
}

fn boolean(node: &Node) -> Read<bool> {
    match node.value {
        Json::Bool(b) => Ok(b),
        _ => Err(wrong(node, ("true eller false", "true or false"))),
    }
}

/// A whole number within `T`'s range (no sign, fraction or exponent).
fn whole<T: FromStr>(node: &Node) -> Read<T> {
    match &node.value {
        Json::Number(n) => n
            .parse()
            .map_err(|_| wrong(node, ("ett heltal ≥ 0", "a whole number ≥ 0"))),
        _ => Err(wrong(node, ("ett heltal ≥ 0", "a whole number ≥ 0"))),
    }
}

/// A version or count: a whole number that fits 32 bits.
pub fn whole_number(node: &Node) -> Read<u32> {
    whole(node)
}

/// An amount: a decimal string (a JSON number is read from its text too, never via a float).
fn decimal(node: &Node) -> Read<Decimal> {
    let text = match &node.value {
        Json::String(s) | Json::Number(s) => s,
        _ => {
            return Err(wrong(
                node,
                (
                    "ett belopp som decimalsträng",
                    "an amount as a decimal string",
                ),
            ))
        }
    };
    crate::decimal_text::from_str(text).ok_or_else(|| {
        wrong(
            node,
            (
                "ett belopp som decimalsträng",
                "an amount as a decimal string",
            ),
        )
    })
}

pub fn array(node: &Node) -> Read<&[Node]> {
    match &node.value {
        Json::Array(items) => Ok(items),
        _ => Err(wrong(node, ("en lista", "a list"))),
    }
}

fn list<T>(node: &Node, read: fn(&Node) -> Read<T>) -> Read<Vec<T>> {
    array(node)?.iter().map(read).collect()
}

/// A list of fixed-length lists (serde's tuples), each read whole by `read`.
fn tuples<T>(node: &Node, len: usize, read: fn(&[Node]) -> Read<T>) -> Read<Vec<T>> {
    array(node)?
        .iter()
        .map(|item| {
            let parts = array(item)?;
            if parts.len() != len {
                return Err(wrong(
                    item,
                    (
                        &format!("en lista med {len} värden"),
                        &format!("a list of {len} values"),
                    ),
                ));
            }
            read(parts)
        })
        .collect()
}

/// The index of a name in `names`, for enums written as strings or tags.
fn variant(node: &Node, names: &[&str]) -> Read<usize> {
    let name = string(node)?;
    names.iter().position(|n| *n == name).ok_or_else(|| {
        JsonError::new(
            node.at,
            text!(
                "okänt värde `{name}`, väntade något av {}",
                "unknown value `{name}`, expected one of {}",
                quoted_list(names)
            ),
        )
    })
}

const UNITS: [&str; 3] = ["kr", "tkr", "mnkr"];
const SIGNS: [&str; 2] = ["budget_minus_actual", "actual_minus_budget"];

fn unit(node: &Node) -> Read<Unit> {
    Ok([Unit::Kr, Unit::Tkr, Unit::Mnkr][variant(node, &UNITS)?])
}

fn unit_name(unit: Unit) -> &'static str {
    unit.label()
}

fn deviation(node: Option<&Node>) -> Read<DeviationSign> {
    let Some(node) = node else {
        return Ok(DeviationSign::default());
    };
    Ok([
        DeviationSign::BudgetMinusActual,
        DeviationSign::ActualMinusBudget,
    ][variant(node, &SIGNS)?])
}

fn sign_name(sign: DeviationSign) -> &'static str {
    match sign {
        DeviationSign::BudgetMinusActual => SIGNS[0],
        DeviationSign::ActualMinusBudget => SIGNS[1],
    }
}

pub fn workbook(node: &Node) -> Read<Workbook> {
    let o = object(node)?;
    Ok(Workbook {
        title: o.string("title")?,
        committee: o.string("committee")?,
        tables: list(o.req("tables")?, table)?,
        reconciliations: match o.get("reconciliations")? {
            Some(n) => list(n, reconciliation)?,
            None => Vec::new(),
        },
        bridge: o.opt("bridge")?.map(bridge).transpose()?,
        allocations: o.opt("allocations")?.map(allocations).transpose()?,
    })
}

fn table(node: &Node) -> Read<Table> {
    let o = object(node)?;
    Ok(Table {
        id: o.string("id")?,
        title: o.string("title")?,
        unit: unit(o.req("unit")?)?,
        decimals: whole(o.req("decimals")?)?,
        columns: list(o.req("columns")?, column)?,
        rows: list(o.req("rows")?, row)?,
        deviation: deviation(o.get("deviation")?)?,
    })
}

const COLUMN_KINDS: [&str; 6] = [
    "input",
    "difference",
    "percent_change",
    "deviation",
    "deviation_percent",
    "text",
];

fn column(node: &Node) -> Read<Column> {
    let o = object(node)?;
    let k = object(o.req("kind")?)?;
    let pair = |a: &str, b: &str| -> Read<(String, String)> { Ok((k.string(a)?, k.string(b)?)) };
    let kind = match variant(k.req("type")?, &COLUMN_KINDS)? {
        0 => ColumnKind::Input,
        1 => pair("new", "old").map(|(new, old)| ColumnKind::Difference { new, old })?,
        2 => pair("new", "old").map(|(new, old)| ColumnKind::PercentChange { new, old })?,
        3 => pair("budget", "actual")
            .map(|(budget, actual)| ColumnKind::Deviation { budget, actual })?,
        4 => pair("budget", "actual")
            .map(|(budget, actual)| ColumnKind::DeviationPercent { budget, actual })?,
        _ => ColumnKind::Text,
    };
    Ok(Column {
        id: o.string("id")?,
        label: o.string("label")?,
        kind,
        group: o.opt("group")?.map(string).transpose()?,
    })
}

fn row_kind(node: &Node) -> Read<RowKind> {
    let o = object(node)?;
    Ok(match variant(o.req("type")?, &["input", "sum"])? {
        0 => RowKind::Input,
        _ => RowKind::Sum {
            terms: list(o.req("terms")?, string)?,
        },
    })
}

fn cells(node: Option<&Node>) -> Read<BTreeMap<String, Cell>> {
    let Some(node) = node else {
        return Ok(BTreeMap::new());
    };
    let Json::Object(members) = &node.value else {
        return Err(wrong(node, ("ett objekt", "an object")));
    };
    // Inserted one by one: collecting into a map would link another copy of the sort.
    let mut cells = BTreeMap::new();
    for (k, v) in members {
        cells.insert(k.clone(), cell(v)?);
    }
    Ok(cells)
}

fn row(node: &Node) -> Read<Row> {
    let o = object(node)?;
    Ok(Row {
        id: o.string("id")?,
        label: o.string("label")?,
        kind: row_kind(o.req("kind")?)?,
        cells: cells(o.get("cells")?)?,
        control: cells(o.get("control")?)?,
    })
}

pub fn cell(node: &Node) -> Read<Cell> {
    let (tag, value) = match &node.value {
        Json::Object(members) if members.len() == 1 => (&members[0].0, &members[0].1),
        _ => {
            return Err(wrong(
                node,
                (
                    "ett objekt med ett av fälten `number`, `invalid`, `formula`, `text`",
                    "an object with one of the fields `number`, `invalid`, `formula`, `text`",
                ),
            ))
        }
    };
    let tag_node = Node {
        at: node.at,
        value: Json::String(tag.clone()),
    };
    Ok(
        match variant(&tag_node, &["number", "invalid", "formula", "text"])? {
            0 => Cell::Number(decimal(value)?),
            1 => Cell::Invalid(string(value)?),
            2 => Cell::Formula(string(value)?),
            _ => Cell::Text(string(value)?),
        },
    )
}

fn row_ref(node: &Node) -> Read<RowRef> {
    let o = object(node)?;
    Ok(RowRef {
        table: o.string("table")?,
        row: o.string("row")?,
    })
}

fn cell_ref(node: &Node) -> Read<CellRef> {
    let o = object(node)?;
    Ok(CellRef {
        table: o.string("table")?,
        row: o.string("row")?,
        column: o.string("column")?,
    })
}

fn reconciliation(node: &Node) -> Read<Reconciliation> {
    let o = object(node)?;
    Ok(Reconciliation {
        label: o.string("label")?,
        left: row_ref(o.req("left")?)?,
        right: row_ref(o.req("right")?)?,
        relation: [Relation::Equal, Relation::Negated]
            [variant(o.req("relation")?, &["equal", "negated"])?],
    })
}

fn bridge(node: &Node) -> Read<Bridge> {
    let o = object(node)?;
    Ok(Bridge {
        base: cell_ref(o.req("base")?)?,
        steps: list(o.req("steps")?, cell_ref)?,
        target: cell_ref(o.req("target")?)?,
    })
}

fn allocations(node: &Node) -> Read<Allocations> {
    let o = object(node)?;
    Ok(Allocations {
        activities: o.string("activities")?,
        previous: o.string("previous")?,
        proposed: o.string("proposed")?,
        mode: match o.get("mode")? {
            Some(n) => [BudgetMode::Typed, BudgetMode::FollowsBridge]
                [variant(n, &["typed", "follows_bridge"])?],
            None => BudgetMode::default(),
        },
        sources: list(o.req("sources")?, |n| {
            let o = object(n)?;
            Ok(LineSource {
                table: o.string("table")?,
                column: o.string("column")?,
            })
        })?,
        shares: match o.get("shares")? {
            Some(n) => list(n, share)?,
            None => Vec::new(),
        },
    })
}

fn share(node: &Node) -> Read<Share> {
    let o = object(node)?;
    let s = object(o.req("split")?)?;
    let amount = decimal(s.req("value")?)?;
    Ok(Share {
        table: o.string("table")?,
        line: o.string("line")?,
        activity: o.string("activity")?,
        split: match variant(s.req("kind")?, &["amount", "percent"])? {
            0 => Split::Amount(amount),
            _ => Split::Percent(amount),
        },
    })
}

pub const META_FIELDS: [&str; 5] = ["unit", "author", "created", "modified", "notes"];

pub fn meta(node: &Node) -> Read<ScenarioMeta> {
    let o = object(node)?;
    o.only(&META_FIELDS)?;
    Ok(ScenarioMeta {
        unit: unit(o.req("unit")?)?,
        author: o.string("author")?,
        created: o.string("created")?,
        modified: o.string("modified")?,
        notes: o.string("notes")?,
    })
}

fn table_meta(node: &Node) -> Read<TableMeta> {
    let o = object(node)?;
    Ok(TableMeta {
        title: o.string("title")?,
        unit: unit(o.req("unit")?)?,
        decimals: whole(o.req("decimals")?)?,
        deviation: deviation(Some(o.req("deviation")?))?,
    })
}

pub fn session(node: &Node) -> Read<Session> {
    let o = object(node)?;
    Ok(Session::restored(
        workbook(o.req("workbook")?)?,
        list(o.req("undo")?, edit)?,
        list(o.req("redo")?, edit)?,
        whole(o.req("revision")?)?,
    ))
}

const EDITS: [&str; 16] = [
    "put_cell",
    "put_operands",
    "insert_row",
    "delete_row",
    "put_label",
    "put_workbook",
    "move_row",
    "put_row_kind",
    "insert_column",
    "delete_column",
    "put_column",
    "put_table_meta",
    "insert_table",
    "delete_table",
    "batch",
    "put_allocations",
];

fn optional_cell(node: &Node) -> Read<Option<Cell>> {
    match node.value {
        Json::Null => Ok(None),
        _ => cell(node).map(Some),
    }
}

fn edit(node: &Node) -> Read<Edit> {
    let o = object(node)?;
    let table = || o.string("table");
    Ok(match variant(o.req("edit")?, &EDITS)? {
        0 => Edit::PutCell {
            table: table()?,
            row: o.string("row")?,
            column: o.string("column")?,
            control: boolean(o.req("control")?)?,
            cell: o.opt("cell")?.map(cell).transpose()?,
        },
        1 => Edit::PutOperands {
            table: table()?,
            operands: tuples(o.req("operands")?, 3, |p| {
                Ok((string(&p[0])?, string(&p[1])?, string(&p[2])?))
            })?,
        },
        2 => Edit::InsertRow {
            table: table()?,
            index: whole(o.req("index")?)?,
            row: row(o.req("row")?)?,
            memberships: tuples(o.req("memberships")?, 2, |p| {
                Ok((string(&p[0])?, whole(&p[1])?))
            })?,
        },
        3 => Edit::DeleteRow {
            table: table()?,
            row: o.string("row")?,
        },
        4 => Edit::PutLabel {
            table: table()?,
            row: o.string("row")?,
            label: o.string("label")?,
        },
        5 => Edit::PutWorkbook(Box::new(workbook(node)?)),
        6 => Edit::MoveRow {
            table: table()?,
            from: whole(o.req("from")?)?,
            to: whole(o.req("to")?)?,
        },
        7 => Edit::PutRowKind {
            table: table()?,
            row: o.string("row")?,
            kind: row_kind(o.req("kind")?)?,
        },
        8 => Edit::InsertColumn {
            table: table()?,
            index: whole(o.req("index")?)?,
            column: column(o.req("column")?)?,
            cells: tuples(o.req("cells")?, 3, |p| {
                Ok((string(&p[0])?, optional_cell(&p[1])?, optional_cell(&p[2])?))
            })?,
        },
        9 => Edit::DeleteColumn {
            table: table()?,
            column: o.string("column")?,
        },
        10 => Edit::PutColumn {
            table: table()?,
            column: column(o.req("column")?)?,
        },
        11 => Edit::PutTableMeta {
            table: table()?,
            meta: table_meta(o.req("meta")?)?,
        },
        12 => Edit::InsertTable {
            index: whole(o.req("index")?)?,
            table: Box::new(self::table(o.req("table")?)?),
        },
        13 => Edit::DeleteTable { table: table()? },
        14 => Edit::Batch(list(o.req("edits")?, edit)?),
        _ => Edit::PutAllocations(
            o.opt("allocations")?
                .map(allocations)
                .transpose()?
                .map(Box::new),
        ),
    })
}

// ---- writing ----

pub fn write_workbook(w: &mut Writer, wb: &Workbook) {
    w.open_object();
    workbook_members(w, wb);
    w.close_object();
}

fn workbook_members(w: &mut Writer, wb: &Workbook) {
    w.string_member("title", &wb.title);
    w.string_member("committee", &wb.committee);
    w.key("tables");
    w.open_array();
    for t in &wb.tables {
        w.item();
        write_table(w, t);
    }
    w.close_array();
    w.key("reconciliations");
    w.open_array();
    for r in &wb.reconciliations {
        w.item();
        w.open_object();
        w.string_member("label", &r.label);
        w.key("left");
        write_row_ref(w, &r.left);
        w.key("right");
        write_row_ref(w, &r.right);
        w.string_member(
            "relation",
            match r.relation {
                Relation::Equal => "equal",
                Relation::Negated => "negated",
            },
        );
        w.close_object();
    }
    w.close_array();
    w.key("bridge");
    match &wb.bridge {
        None => w.null(),
        Some(b) => {
            w.open_object();
            w.key("base");
            write_cell_ref(w, &b.base);
            w.key("steps");
            w.open_array();
            for s in &b.steps {
                w.item();
                write_cell_ref(w, s);
            }
            w.close_array();
            w.key("target");
            write_cell_ref(w, &b.target);
            w.close_object();
        }
    }
    if let Some(a) = &wb.allocations {
        w.key("allocations");
        write_allocations(w, a);
    }
}

fn write_row_ref(w: &mut Writer, r: &RowRef) {
    w.open_object();
    w.string_member("table", &r.table);
    w.string_member("row", &r.row);
    w.close_object();
}

fn write_cell_ref(w: &mut Writer, c: &CellRef) {
    w.open_object();
    w.string_member("table", &c.table);
    w.string_member("row", &c.row);
    w.string_member("column", &c.column);
    w.close_object();
}

fn write_table(w: &mut Writer, t: &Table) {
    w.open_object();
    w.string_member("id", &t.id);
    w.string_member("title", &t.title);
    w.string_member("unit", unit_name(t.unit));
    w.number_member("decimals", t.decimals.into());
    w.key("columns");
    w.open_array();
    for c in &t.columns {
        w.item();
        write_column(w, c);
    }
    w.close_array();
    w.key("rows");
    w.open_array();
    for r in &t.rows {
        w.item();
        write_row(w, r);
    }
    w.close_array();
    w.string_member("deviation", sign_name(t.deviation));
    w.close_object();
}

fn write_column(w: &mut Writer, c: &Column) {
    w.open_object();
    w.string_member("id", &c.id);
    w.string_member("label", &c.label);
    w.key("kind");
    w.open_object();
    let (tag, names, operands) = match &c.kind {
        ColumnKind::Input => (0, ("", ""), None),
        ColumnKind::Difference { new, old } => (1, ("new", "old"), Some((new, old))),
        ColumnKind::PercentChange { new, old } => (2, ("new", "old"), Some((new, old))),
        ColumnKind::Deviation { budget, actual } => {
            (3, ("budget", "actual"), Some((budget, actual)))
        }
        ColumnKind::DeviationPercent { budget, actual } => {
            (4, ("budget", "actual"), Some((budget, actual)))
        }
        ColumnKind::Text => (5, ("", ""), None),
    };
    w.string_member("type", COLUMN_KINDS[tag]);
    if let Some((a, b)) = operands {
        w.string_member(names.0, a);
        w.string_member(names.1, b);
    }
    w.close_object();
    if let Some(g) = &c.group {
        w.string_member("group", g);
    }
    w.close_object();
}

fn write_row_kind(w: &mut Writer, kind: &RowKind) {
    w.open_object();
    match kind {
        RowKind::Input => w.string_member("type", "input"),
        RowKind::Sum { terms } => {
            w.string_member("type", "sum");
            w.key("terms");
            write_strings(w, terms.iter());
        }
    }
    w.close_object();
}

fn write_strings<'a>(w: &mut Writer, items: impl Iterator<Item = &'a String>) {
    w.open_array();
    for s in items {
        w.item();
        w.string(s);
    }
    w.close_array();
}

fn write_cells(w: &mut Writer, key: &str, cells: &BTreeMap<String, Cell>) {
    if cells.is_empty() {
        return;
    }
    w.key(key);
    w.open_object();
    for (k, c) in cells {
        w.key(k);
        write_cell(w, c);
    }
    w.close_object();
}

fn write_row(w: &mut Writer, r: &Row) {
    w.open_object();
    w.string_member("id", &r.id);
    w.string_member("label", &r.label);
    w.key("kind");
    write_row_kind(w, &r.kind);
    write_cells(w, "cells", &r.cells);
    write_cells(w, "control", &r.control);
    w.close_object();
}

pub fn write_cell(w: &mut Writer, cell: &Cell) {
    w.open_object();
    match cell {
        Cell::Number(d) => w.string_member("number", &d.to_string()),
        Cell::Invalid(t) => w.string_member("invalid", t),
        Cell::Formula(t) => w.string_member("formula", t),
        Cell::Text(t) => w.string_member("text", t),
    }
    w.close_object();
}

fn write_optional_cell(w: &mut Writer, cell: Option<&Cell>) {
    match cell {
        Some(c) => write_cell(w, c),
        None => w.null(),
    }
}

fn write_allocations(w: &mut Writer, a: &Allocations) {
    w.open_object();
    w.string_member("activities", &a.activities);
    w.string_member("previous", &a.previous);
    w.string_member("proposed", &a.proposed);
    w.string_member(
        "mode",
        match a.mode {
            BudgetMode::Typed => "typed",
            BudgetMode::FollowsBridge => "follows_bridge",
        },
    );
    w.key("sources");
    w.open_array();
    for s in &a.sources {
        w.item();
        w.open_object();
        w.string_member("table", &s.table);
        w.string_member("column", &s.column);
        w.close_object();
    }
    w.close_array();
    w.key("shares");
    w.open_array();
    for s in &a.shares {
        w.item();
        w.open_object();
        w.string_member("table", &s.table);
        w.string_member("line", &s.line);
        w.string_member("activity", &s.activity);
        w.key("split");
        w.open_object();
        let (kind, value) = match s.split {
            Split::Amount(d) => ("amount", d),
            Split::Percent(d) => ("percent", d),
        };
        w.string_member("kind", kind);
        w.string_member("value", &value.to_string());
        w.close_object();
        w.close_object();
    }
    w.close_array();
    w.close_object();
}

pub fn write_meta(w: &mut Writer, m: &ScenarioMeta) {
    w.open_object();
    w.string_member("unit", unit_name(m.unit));
    w.string_member("author", &m.author);
    w.string_member("created", &m.created);
    w.string_member("modified", &m.modified);
    w.string_member("notes", &m.notes);
    w.close_object();
}

pub fn write_session(w: &mut Writer, s: &Session) {
    w.open_object();
    w.key("workbook");
    write_workbook(w, &s.workbook);
    for (key, edits) in [("undo", s.undo_edits()), ("redo", s.redo_edits())] {
        w.key(key);
        write_edits(w, edits);
    }
    w.number_member("revision", s.revision());
    w.close_object();
}

fn write_edits(w: &mut Writer, edits: &[Edit]) {
    w.open_array();
    for e in edits {
        w.item();
        write_edit(w, e);
    }
    w.close_array();
}

fn edit_tag(edit: &Edit) -> usize {
    match edit {
        Edit::PutCell { .. } => 0,
        Edit::PutOperands { .. } => 1,
        Edit::InsertRow { .. } => 2,
        Edit::DeleteRow { .. } => 3,
        Edit::PutLabel { .. } => 4,
        Edit::PutWorkbook(_) => 5,
        Edit::MoveRow { .. } => 6,
        Edit::PutRowKind { .. } => 7,
        Edit::InsertColumn { .. } => 8,
        Edit::DeleteColumn { .. } => 9,
        Edit::PutColumn { .. } => 10,
        Edit::PutTableMeta { .. } => 11,
        Edit::InsertTable { .. } => 12,
        Edit::DeleteTable { .. } => 13,
        Edit::Batch(_) => 14,
        Edit::PutAllocations(_) => 15,
    }
}

fn write_edit(w: &mut Writer, edit: &Edit) {
    w.open_object();
    w.string_member("edit", EDITS[edit_tag(edit)]);
    match edit {
        Edit::PutCell {
            table,
            row,
            column,
            control,
            cell,
        } => {
            w.string_member("table", table);
            w.string_member("row", row);
            w.string_member("column", column);
            w.key("control");
            w.bool(*control);
            w.key("cell");
            write_optional_cell(w, cell.as_ref());
        }
        Edit::PutOperands { table, operands } => {
            w.string_member("table", table);
            w.key("operands");
            w.open_array();
            for (c, new, old) in operands {
                w.item();
                write_strings(w, [c, new, old].into_iter());
            }
            w.close_array();
        }
        Edit::InsertRow {
            table,
            index,
            row,
            memberships,
        } => {
            w.string_member("table", table);
            w.number_member("index", *index as u64);
            w.key("row");
            write_row(w, row);
            w.key("memberships");
            w.open_array();
            for (sum, position) in memberships {
                w.item();
                w.open_array();
                w.item();
                w.string(sum);
                w.item();
                w.number(*position as u64);
                w.close_array();
            }
            w.close_array();
        }
        Edit::DeleteRow { table, row } => {
            w.string_member("table", table);
            w.string_member("row", row);
        }
        Edit::PutLabel { table, row, label } => {
            w.string_member("table", table);
            w.string_member("row", row);
            w.string_member("label", label);
        }
        // serde wrote a tagged newtype as the tag among the workbook's own fields.
        Edit::PutWorkbook(wb) => workbook_members(w, wb),
        Edit::MoveRow { table, from, to } => {
            w.string_member("table", table);
            w.number_member("from", *from as u64);
            w.number_member("to", *to as u64);
        }
        Edit::PutRowKind { table, row, kind } => {
            w.string_member("table", table);
            w.string_member("row", row);
            w.key("kind");
            write_row_kind(w, kind);
        }
        Edit::InsertColumn {
            table,
            index,
            column,
            cells,
        } => {
            w.string_member("table", table);
            w.number_member("index", *index as u64);
            w.key("column");
            write_column(w, column);
            w.key("cells");
            w.open_array();
            for (row, cell, control) in cells {
                w.item();
                w.open_array();
                w.item();
                w.string(row);
                w.item();
                write_optional_cell(w, cell.as_ref());
                w.item();
                write_optional_cell(w, control.as_ref());
                w.close_array();
            }
            w.close_array();
        }
        Edit::DeleteColumn { table, column } => {
            w.string_member("table", table);
            w.string_member("column", column);
        }
        Edit::PutColumn { table, column } => {
            w.string_member("table", table);
            w.key("column");
            write_column(w, column);
        }
        Edit::PutTableMeta { table, meta } => {
            w.string_member("table", table);
            w.key("meta");
            w.open_object();
            w.string_member("title", &meta.title);
            w.string_member("unit", unit_name(meta.unit));
            w.number_member("decimals", meta.decimals.into());
            w.string_member("deviation", sign_name(meta.deviation));
            w.close_object();
        }
        Edit::InsertTable { index, table } => {
            w.number_member("index", *index as u64);
            w.key("table");
            write_table(w, table);
        }
        Edit::DeleteTable { table } => w.string_member("table", table),
        // serde could not write these two (a tagged newtype holding a list or an option), so
        // saved work never held them; they are members like the other edits' fields.
        Edit::Batch(edits) => {
            w.key("edits");
            write_edits(w, edits);
        }
        Edit::PutAllocations(a) => {
            w.key("allocations");
            match a {
                Some(a) => write_allocations(w, a),
                None => w.null(),
            }
        }
    }
    w.close_object();
}
