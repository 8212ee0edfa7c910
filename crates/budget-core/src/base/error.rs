//! The core's error type: every refusal names what and where, so the UI can show it verbatim.

use thiserror::Error;

use crate::base::i18n::{Lang, Text};
use crate::base::number::NumberError;
use crate::tr;

/// `Display` is the Swedish message; [`CoreError::message`] gives it in either language.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", self.message(Lang::Sv))]
pub enum CoreError {
    UnknownTable {
        table: String,
    },
    UnknownRow {
        table: String,
        row: String,
    },
    UnknownColumn {
        table: String,
        column: String,
    },
    NotAnInputCell {
        table: String,
        row: String,
        column: String,
    },
    NotAComparisonColumn {
        table: String,
        column: String,
    },
    RowInUse {
        table: String,
        row: String,
        used_by: Text,
    },
    EmptyLabel,
    DuplicateId {
        table: String,
        id: String,
    },
    SelfReference {
        table: String,
        row: String,
    },
    ColumnInUse {
        table: String,
        column: String,
        used_by: Text,
    },
    TableInUse {
        table: String,
        used_by: Text,
    },
    TooManyDecimals {
        decimals: u32,
    },
    FormulaBlocksConversion {
        table: String,
        row: String,
    },
    ConversionOverflow {
        table: String,
        row: String,
    },
    NothingToUndo,
    NothingToRedo,
    /// The scenario is a locked baseline.
    Locked,
    /// A merge was given a choice count other than its conflict count.
    MergeChoices {
        conflicts: usize,
        choices: usize,
    },
    NotBatchable,
    Number {
        context: Text,
        #[source]
        source: NumberError,
    },
    Scenario {
        message: Text,
    },
    Reference {
        line: usize,
        message: Text,
    },
    Allocation {
        message: Text,
    },
    Overflow {
        context: Text,
    },
    NoFigure {
        table: String,
        row: String,
        column: String,
    },
    GoalSeek {
        message: Text,
    },
    ScenarioField {
        place: Text,
        message: Text,
    },
    FileTooLarge {
        bytes: usize,
        limit: usize,
    },
    UnknownVersion {
        found: String,
        supported: u32,
    },
    Link {
        message: Text,
    },
    UnknownScenario {
        id: String,
    },
    LastScenario,
    Import {
        line: usize,
        column: usize,
        message: Text,
    },
    /// Typed text a scenario file could not hold (markup, control characters).
    TextNotAllowed {
        problem: Text,
    },
    /// serde_json or the csv writer could not write the work (a map with a non-text key would
    /// do that; the model has none, and text into memory cannot fail, so this is a fault of
    /// the program, not of the work).
    Write {
        format: &'static str,
        detail: String,
    },
}

impl CoreError {
    /// The refusal in both languages, for a notice that outlives a change of language.
    pub fn text(&self) -> Text {
        Text::new(self.message(Lang::Sv), self.message(Lang::En))
    }

    /// The refusal as a user reads it, in `lang`. Names of tables, rows and columns are the
    /// workbook's own and stay as written.
    pub fn message(&self, lang: Lang) -> String {
        use CoreError::*;
        match self {
            UnknownTable { table } => tr!(
                lang,
                "tabellen ”{table}” finns inte",
                "the table “{table}” does not exist"
            ),
            UnknownRow { table, row } => tr!(
                lang,
                "raden ”{row}” finns inte i tabellen ”{table}”",
                "the row “{row}” does not exist in the table “{table}”"
            ),
            UnknownColumn { table, column } => tr!(
                lang,
                "kolumnen ”{column}” finns inte i tabellen ”{table}”",
                "the column “{column}” does not exist in the table “{table}”"
            ),
            NotAnInputCell { table, row, column } => tr!(
                lang,
                "cellen {table}/{row}/{column} räknas fram och kan inte skrivas i",
                "the cell {table}/{row}/{column} is calculated and cannot be typed in"
            ),
            NotAComparisonColumn { table, column } => tr!(
                lang,
                "kolumnen ”{column}” i ”{table}” är ingen jämförelsekolumn",
                "the column “{column}” in “{table}” is not a comparison column"
            ),
            RowInUse {
                table,
                row,
                used_by,
            } => tr!(
                lang,
                "raden ”{row}” i ”{table}” används av {} och kan inte tas bort",
                "the row “{row}” in “{table}” is used by {} and cannot be removed",
                used_by.get(lang)
            ),
            EmptyLabel => tr!(lang, "namnet får inte vara tomt", "the name cannot be empty"),
            DuplicateId { table, id } => tr!(
                lang,
                "id ”{id}” finns redan i ”{table}”",
                "the id “{id}” already exists in “{table}”"
            ),
            SelfReference { table, row } => tr!(
                lang,
                "raden ”{row}” i ”{table}” kan inte summera sig själv",
                "the row “{row}” in “{table}” cannot sum itself"
            ),
            ColumnInUse {
                table,
                column,
                used_by,
            } => tr!(
                lang,
                "kolumnen ”{column}” i ”{table}” används av {} och kan inte tas bort",
                "the column “{column}” in “{table}” is used by {} and cannot be removed",
                used_by.get(lang)
            ),
            TableInUse { table, used_by } => tr!(
                lang,
                "tabellen ”{table}” används av {} och kan inte tas bort",
                "the table “{table}” is used by {} and cannot be removed",
                used_by.get(lang)
            ),
            TooManyDecimals { decimals } => tr!(
                lang,
                "högst 6 decimaler kan visas, inte {decimals}",
                "at most 6 decimals can be shown, not {decimals}"
            ),
            FormulaBlocksConversion { table, row } => tr!(
                lang,
                "raden ”{row}” i ”{table}” har en formel; gör om formlerna till tal innan enheten byts",
                "the row “{row}” in “{table}” has a formula; turn formulas into figures before changing the unit"
            ),
            ConversionOverflow { table, row } => tr!(
                lang,
                "ett belopp på raden ”{row}” i ”{table}” blir för stort i den nya enheten",
                "an amount on the row “{row}” in “{table}” becomes too large in the new unit"
            ),
            NothingToUndo => tr!(lang, "det finns inget att ångra", "there is nothing to undo"),
            MergeChoices { conflicts, choices } => tr!(
                lang,
                "sammanslagningen har {conflicts} konflikter men {choices} val",
                "the merge has {conflicts} conflicts but {choices} choices"
            ),
            Locked => tr!(
                lang,
                "scenariot är låst som utgångsläge: siffror och rader kan inte ändras, bara anteckningar (lås upp det under Verktyg, eller kopiera det som nytt scenario)",
                "the scenario is locked as a baseline: figures and rows cannot be changed, only notes (unlock it under Tools, or copy it as a new scenario)"
            ),
            NothingToRedo => tr!(lang, "det finns inget att göra om", "there is nothing to redo"),
            NotBatchable => tr!(
                lang,
                "ångra, gör om och grupper kan inte ingå i en grupp av ändringar",
                "undo, redo and groups cannot be part of a group of changes"
            ),
            Number { context, source } => {
                format!("{}: {}", context.get(lang), source.message(lang))
            }
            Scenario { message } => tr!(
                lang,
                "scenariofilen kunde inte läsas: {}",
                "the scenario file could not be read: {}",
                message.get(lang)
            ),
            Reference { line, message } => tr!(
                lang,
                "referensdata rad {line}: {}",
                "reference data line {line}: {}",
                message.get(lang)
            ),
            Allocation { message } => tr!(
                lang,
                "fördelningen kan inte ändras: {}",
                "the allocation cannot be changed: {}",
                message.get(lang)
            ),
            Overflow { context } => tr!(
                lang,
                "{}: talet blir för stort",
                "{}: the number becomes too large",
                context.get(lang)
            ),
            NoFigure { table, row, column } => tr!(
                lang,
                "{table}/{row}/{column} har inget tal att räkna med",
                "{table}/{row}/{column} has no figure to calculate with"
            ),
            GoalSeek { message } => tr!(
                lang,
                "målsökning: {}",
                "goal seek: {}",
                message.get(lang)
            ),
            ScenarioField { place, message } => tr!(
                lang,
                "scenariofilen kunde inte läsas: {}: {}",
                "the scenario file could not be read: {}: {}",
                place.get(lang),
                message.get(lang)
            ),
            FileTooLarge { bytes, limit } => {
                let (size, mb) = (crate::base::intake::size_text(*bytes), limit / 1_048_576);
                tr!(
                    lang,
                    "scenariofilen är {}; största tillåtna storlek är {mb} MB",
                    "the scenario file is {}; the largest allowed is {mb} MB",
                    size.get(lang)
                )
            }
            UnknownVersion { found, supported } => tr!(
                lang,
                "scenariofilen har version {found}; den här versionen av Kalkyl läser version 1–{supported}",
                "the scenario file has version {found}; this version of Kalkyl reads versions 1–{supported}"
            ),
            Link { message } => tr!(
                lang,
                "länken kunde inte läsas: {}",
                "the link could not be read: {}",
                message.get(lang)
            ),
            UnknownScenario { id } => tr!(
                lang,
                "scenariot ”{id}” finns inte i listan",
                "the scenario “{id}” is not in the list"
            ),
            Write { format, detail } => tr!(
                lang,
                "arbetet kunde inte skrivas som {format} (ett fel i Kalkyl): {detail}",
                "the work could not be written as {format} (a fault in Kalkyl): {detail}"
            ),
            LastScenario => tr!(
                lang,
                "det sista scenariot kan inte tas bort",
                "the last scenario cannot be removed"
            ),
            TextNotAllowed { problem } => problem.get(lang).to_string(),
            // Whole-file refusals (a damaged zip) have no line or column to name.
            Import {
                line: 0, message, ..
            } => tr!(lang, "importen: {}", "import: {}", message.get(lang)),
            Import {
                line,
                column,
                message,
            } => tr!(
                lang,
                "importen, rad {line}, kolumn {column}: {}",
                "import, line {line}, column {column}: {}",
                message.get(lang)
            ),
        }
    }
}

/// Refusals of scenario files, share links and the browser's scenario list. Kept apart from
/// [`CoreError`]'s original variants so merges with other branches stay additive.
impl CoreError {
    /// A refusal naming the place in a file (`rad 3, kolumn 7` or a field path).
    pub(crate) fn from_json_writer(e: serde_json::Error) -> CoreError {
        CoreError::Write {
            format: "JSON",
            detail: e.to_string(),
        }
    }

    pub(crate) fn from_csv_writer(e: impl std::fmt::Display) -> CoreError {
        CoreError::Write {
            format: "CSV",
            detail: e.to_string(),
        }
    }

    pub fn file(place: impl Into<Text>, message: impl Into<Text>) -> CoreError {
        CoreError::ScenarioField {
            place: place.into(),
            message: message.into(),
        }
    }
}
