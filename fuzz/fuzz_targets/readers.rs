//! Fuzz target `readers`: the two readers Kalkyl wrote to keep other crates' code out of the
//! wasm, against those crates on the same bytes. `decimal_text` must read every text exactly as
//! rust_decimal's `from_str`/`from_str_exact` do (value, scale and sign, to the bit; refused
//! alike), and `base64url` must encode and decode as the `base64` crate's `URL_SAFE_NO_PAD`,
//! refusals and their wording included.
#![no_main]

use std::str::FromStr;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use budget_core::{base64url, decimal_text};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        assert_eq!(
            decimal_text::from_str(text).map(|d| d.serialize()),
            Decimal::from_str(text).ok().map(|d| d.serialize()),
            "from_str({text:?})"
        );
        assert_eq!(
            decimal_text::from_str_exact(text).map(|d| d.serialize()),
            Decimal::from_str_exact(text).ok().map(|d| d.serialize()),
            "from_str_exact({text:?})"
        );
    }
    assert_eq!(base64url::encode(bytes), URL_SAFE_NO_PAD.encode(bytes));
    assert_eq!(
        base64url::decode(bytes).map_err(|e| e.to_string()),
        URL_SAFE_NO_PAD.decode(bytes).map_err(|e| e.to_string()),
        "decode({:?})",
        String::from_utf8_lossy(bytes)
    );
});
