//! The core's error type: every refusal names what and where, so the UI can show it verbatim.

use thiserror::Error;

use crate::number::NumberError;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CoreError {
    #[error("tabellen ”{table}” finns inte")]
    UnknownTable { table: String },
    #[error("raden ”{row}” finns inte i tabellen ”{table}”")]
    UnknownRow { table: String, row: String },
    #[error("kolumnen ”{column}” finns inte i tabellen ”{table}”")]
    UnknownColumn { table: String, column: String },
    #[error("cellen {table}/{row}/{column} räknas fram och kan inte skrivas i")]
    NotAnInputCell {
        table: String,
        row: String,
        column: String,
    },
    #[error("kolumnen ”{column}” i ”{table}” är ingen jämförelsekolumn")]
    NotAComparisonColumn { table: String, column: String },
    #[error("raden ”{row}” i ”{table}” används av {used_by} och kan inte tas bort")]
    RowInUse {
        table: String,
        row: String,
        used_by: String,
    },
    #[error("namnet får inte vara tomt")]
    EmptyLabel,
    #[error("id ”{id}” finns redan i ”{table}”")]
    DuplicateId { table: String, id: String },
    #[error("raden ”{row}” i ”{table}” kan inte summera sig själv")]
    SelfReference { table: String, row: String },
    #[error("kolumnen ”{column}” i ”{table}” används av {used_by} och kan inte tas bort")]
    ColumnInUse {
        table: String,
        column: String,
        used_by: String,
    },
    #[error("tabellen ”{table}” används av {used_by} och kan inte tas bort")]
    TableInUse { table: String, used_by: String },
    #[error("högst 6 decimaler kan visas, inte {decimals}")]
    TooManyDecimals { decimals: u32 },
    #[error(
        "raden ”{row}” i ”{table}” har en formel; gör om formlerna till tal innan enheten byts"
    )]
    FormulaBlocksConversion { table: String, row: String },
    #[error("ett belopp på raden ”{row}” i ”{table}” blir för stort i den nya enheten")]
    ConversionOverflow { table: String, row: String },
    #[error("det finns inget att ångra")]
    NothingToUndo,
    #[error("det finns inget att göra om")]
    NothingToRedo,
    #[error("ångra, gör om och grupper kan inte ingå i en grupp av ändringar")]
    NotBatchable,
    #[error("{context}: {source}")]
    Number {
        context: String,
        #[source]
        source: NumberError,
    },
    #[error("scenariofilen kunde inte läsas: {message}")]
    Scenario { message: String },
    #[error("referensdata rad {line}: {message}")]
    Reference { line: usize, message: String },
    #[error("fördelningen kan inte ändras: {message}")]
    Allocation { message: String },
    #[error("{context}: talet blir för stort")]
    Overflow { context: String },
    #[error("{table}/{row}/{column} har inget tal att räkna med")]
    NoFigure {
        table: String,
        row: String,
        column: String,
    },
    #[error("målsökning: {message}")]
    GoalSeek { message: String },
    #[error("scenariofilen kunde inte läsas: {place}: {message}")]
    ScenarioField { place: String, message: String },
    #[error("scenariofilen är {bytes} byte, största tillåtna storlek är {limit} byte (10 MB)")]
    FileTooLarge { bytes: usize, limit: usize },
    #[error("scenariofilen har version {found}; den här versionen av Kalkyl läser version 1–{supported}")]
    UnknownVersion { found: String, supported: u32 },
    #[error("länken kunde inte läsas: {message}")]
    Link { message: String },
    #[error("scenariot ”{id}” finns inte i listan")]
    UnknownScenario { id: String },
    #[error("det sista scenariot kan inte tas bort")]
    LastScenario,
    #[error("importen, rad {line}, kolumn {column}: {message}")]
    Import {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Refusals of scenario files, share links and the browser's scenario list. Kept apart from
/// [`CoreError`]'s original variants so merges with other branches stay additive.
impl CoreError {
    /// A refusal naming the place in a file (`rad 3, kolumn 7` or a field path).
    pub fn file(place: impl Into<String>, message: impl Into<String>) -> CoreError {
        CoreError::ScenarioField {
            place: place.into(),
            message: message.into(),
        }
    }
}
