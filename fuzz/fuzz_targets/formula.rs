//! Fuzz target `formula`: `formula::parse` on any text, and evaluation of whatever parses
//! against a few fixed rows (a figure, a negative fraction, a blank and an error).
#![no_main]

use budget_core::engine::formula::{evaluate, parse, EvalError};
use budget_core::engine::ValueError;
use budget_core::{Decimal, Value};
use libfuzzer_sys::fuzz_target;

fn row(name: &str) -> Value {
    match name {
        "A" | "a" => Value::Number(Decimal::from(10)),
        "B" => Value::Number(Decimal::new(-25, 1)),
        // The largest figure, so overflow is one multiplication away.
        "Max" => Value::Number(Decimal::MAX),
        "Fel" => Value::Error(ValueError::InvalidInput),
        "Tom" => Value::NotApplicable,
        _ => Value::Blank,
    }
}

fuzz_target!(|text: &str| {
    let Ok(expr) = parse(text) else {
        return;
    };
    let refs = expr.refs();
    let result = evaluate(&expr, &row);
    // An operand error can only come from a name the formula mentions.
    if let Err(EvalError::Operand(_)) = result {
        assert!(!refs.is_empty(), "{text:?}");
    }
});
