//! Fuzz target `number`: `parse_amount` on any text, and for every figure it accepts, that what
//! the app shows (or writes for Excel) reads back as the same figure.
#![no_main]

use budget_core::base::{format_amount, format_for_excel, parse_amount, round_for_display};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(Some(value)) = parse_amount(text) else {
        return;
    };
    // `parse_amount` normalises, so the value's scale is every decimal it has: shown with that
    // many nothing is rounded away, and a figure copied from the screen must read back exactly.
    let scale = value.scale();
    assert_eq!(
        parse_amount(&format_amount(value, scale)),
        Ok(Some(value)),
        "{text:?}"
    );
    assert_eq!(
        parse_amount(&format_for_excel(value, None)),
        Ok(Some(value)),
        "{text:?}"
    );
    // With fewer decimals the screen shows the display rounding, and nothing else.
    for decimals in 0..scale {
        let shown = format_amount(value, decimals);
        let expected = round_for_display(value, decimals).normalize();
        assert_eq!(
            parse_amount(&shown),
            Ok(Some(expected)),
            "{text:?} → {shown:?}"
        );
    }
});
