//! The crate's layers, checked: a module of one layer (a folder of `src/`) names only layers
//! before it, so there is no import cycle between layers. Test code (`#[cfg(test)]` modules)
//! may use any layer: a model test may build the default scenario.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

/// In order: each may use those before it.
const LAYERS: [&str; 7] = [
    "base", "model", "catalog", "engine", "analysis", "session", "io",
];

/// The source of `text` up to its first `#[cfg(test)]`: tests sit at the end of a file.
fn non_test(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// The layers a source text names as `crate::<layer>`.
fn uses(text: &str) -> BTreeSet<&'static str> {
    let code = non_test(text);
    LAYERS
        .iter()
        .copied()
        .filter(|layer| {
            let path = format!("crate::{layer}");
            code.match_indices(&path).any(|(i, _)| {
                let after = &code[i + path.len()..];
                // `crate::base` but not `crate::baseline`.
                !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        })
        .collect()
}

#[test]
fn each_layer_uses_only_the_layers_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (rank, layer) in LAYERS.iter().enumerate() {
        let dir = src.join(layer);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "rs"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{layer} has no modules");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in uses(&text) {
                let used_rank = LAYERS.iter().position(|l| *l == used).unwrap();
                if used_rank > rank {
                    wrong.push(format!("{} uses {used}", file.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "layer order broken:\n{}",
        wrong.join("\n")
    );
}

/// Names a module reaches through the crate root instead of its layer (`crate::Lang`): that
/// would hide a use from the check above. The root's macros are the exception.
fn root_uses(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let after = &text[i + "crate::".len()..];
        // `crate::{text, tr}` names each of the braces' items.
        let names: Vec<String> = match after.strip_prefix('{') {
            Some(inner) => inner
                .split('}')
                .next()
                .unwrap_or("")
                .split(',')
                .map(ident)
                .collect(),
            None => vec![ident(after)],
        };
        found.extend(names.into_iter().filter(|name| {
            !LAYERS.contains(&name.as_str())
                && !["text", "tr", "__bilingual"].contains(&name.as_str())
        }));
    }
    found
}

#[test]
fn modules_name_their_layer_not_the_crate_root() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for layer in LAYERS {
        for entry in std::fs::read_dir(src.join(layer)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let found = root_uses(&text);
            assert!(found.is_empty(), "{}: crate::{found:?}", path.display());
        }
    }
}

#[test]
fn every_file_of_src_is_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            assert!(LAYERS.contains(&name.as_str()), "{name}/ is not a layer");
        } else {
            assert_eq!(name, "lib", "{} sits outside the layers", path.display());
        }
    }
}

#[test]
fn the_check_sees_a_use_of_a_later_layer() {
    assert_eq!(
        uses("use crate::engine::Value;\nuse crate::base::Text;\n#[cfg(test)]\nuse crate::io::x;"),
        BTreeSet::from(["base", "engine"])
    );
    assert!(uses("crate::baseline").is_empty());
    assert_eq!(
        root_uses("crate::Lang::Sv, crate::text!, crate::{tr, Value}, crate::io::x"),
        ["Lang", "Value"]
    );
}
