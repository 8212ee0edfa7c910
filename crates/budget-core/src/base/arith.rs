//! Decimal arithmetic kept out of line. rust_decimal marks its checked operations
//! `#[inline(always)]`, so every `checked_add` in the engine carried its own copy of the whole
//! add/subtract (or multiply, divide) algorithm into the wasm; called through these, each
//! algorithm is there once. Same results: these are the checked operations themselves.

use rust_decimal::Decimal;

/// `checked_add`, `checked_sub`, `checked_mul` and `checked_div` under names that are not
/// inlined (an inherent method would win over a trait method of the same name).
pub trait Exact: Sized {
    fn plus(self, other: Decimal) -> Option<Decimal>;
    fn minus(self, other: Decimal) -> Option<Decimal>;
    fn times(self, other: Decimal) -> Option<Decimal>;
    /// Rounds at Decimal's 28 significant digits, as `checked_div` does; `None` on a zero divisor.
    fn divided_by(self, other: Decimal) -> Option<Decimal>;
}

impl Exact for Decimal {
    #[inline(never)]
    fn plus(self, other: Decimal) -> Option<Decimal> {
        self.checked_add(other)
    }

    #[inline(never)]
    fn minus(self, other: Decimal) -> Option<Decimal> {
        self.checked_sub(other)
    }

    #[inline(never)]
    fn times(self, other: Decimal) -> Option<Decimal> {
        self.checked_mul(other)
    }

    #[inline(never)]
    fn divided_by(self, other: Decimal) -> Option<Decimal> {
        self.checked_div(other)
    }
}
