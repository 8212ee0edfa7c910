//! Ids of tables, rows and columns made from their labels.

/// A stable id from a label: lower case ASCII, words joined by `-` (`Budget 2025` → `budget-2025`).
pub fn slug(label: &str) -> String {
    let mut out = String::new();
    for c in label.to_lowercase().chars() {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(slug("Budget 2025"), "budget-2025");
        assert_eq!(slug("Årets resultat"), "arets-resultat");
        assert_eq!(slug("Köp av verksamhet"), "kop-av-verksamhet");
        assert_eq!(
            slug("Insatser till personer med funktionsnedsättning (ej LSS/SFB)"),
            "insatser-till-personer-med-funktionsnedsattning-ej-lss-sfb"
        );
    }

    proptest::proptest! {
        /// Ids as lower-casing character by character (`char::to_lowercase`) made them: whole
        /// words differ from that only in final sigma, which becomes `-` either way.
        #[test]
        fn slugs_as_per_character_lower_case_made_them(
            label in "[A-Za-z0-9ÅÄÖåäöÀÁÉÈØ İΣΑ\u{212a}\u{212b}'()/-]{0,16}"
        ) {
            let mut reference = String::new();
            for c in label.chars().flat_map(char::to_lowercase) {
                let c = match c {
                    'å' | 'ä' | 'à' | 'á' => 'a',
                    'ö' | 'ø' => 'o',
                    'é' | 'è' => 'e',
                    c => c,
                };
                if c.is_ascii_alphanumeric() {
                    reference.push(c);
                } else if !reference.ends_with('-') && !reference.is_empty() {
                    reference.push('-');
                }
            }
            while reference.ends_with('-') {
                reference.pop();
            }
            proptest::prop_assert_eq!(slug(&label), reference);
        }
    }
}
