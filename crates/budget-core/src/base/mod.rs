//! Exact decimal arithmetic, Swedish number entry and formatting, the two interface languages,
//! intake of text and bytes, and the crate's one error type. Depends on nothing else in the crate.

mod arith;
mod error;
mod i18n;
mod intake;
mod number;

pub use arith::Exact;
pub use error::CoreError;
pub use i18n::{Lang, Text};
pub(crate) use intake::size_text;
pub use intake::{decode, text_problem, TextEncoding, MAX_IMPORT_BYTES};
pub(crate) use number::trim;
pub use number::{
    format_amount, format_amount_in, format_for_excel, format_percent, format_percent_in,
    parse_amount, parse_amount_in, round_for_display, NumberError, NumberStyle,
};
