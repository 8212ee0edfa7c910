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
