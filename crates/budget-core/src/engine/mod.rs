//! Evaluation: values, the formula language, a full evaluation (`Computed`) and incremental
//! recalculation (`Recalc`). Knows nothing of files, history or checks.

mod computed;
mod eval;
// The formula language on its own (`formula::parse`, `formula::evaluate`), for the fuzzer and
// messages; the engine evaluates cells through `evaluate`.
pub mod formula;
mod recalc;

pub use computed::Computed;
pub(crate) use eval::sum_values;
pub use eval::{control_value, evaluate, explain_formula, TableValues, Value, ValueError};
pub use recalc::Recalc;
pub(crate) use recalc::Touched;
