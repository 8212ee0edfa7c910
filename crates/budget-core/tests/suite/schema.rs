//! docs/scenario.schema.json is the JSON Schema schemars derives from the scenario file's serde
//! types: the committed text must equal the generated one, and every file Kalkyl writes (the
//! golden files, the default scenario, a workbook of every template) must validate against it.
//! `KALKYL_BLESS=1 cargo test -p budget-core --test suite schema::` rewrites the committed schema
//! after a model change.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a panic is a failing test

use std::path::PathBuf;

use budget_core::catalog::{build, Template};
use budget_core::io::{FileV2, Scenario, ScenarioMeta};
use budget_core::Workbook;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json")
}

fn generated() -> String {
    let schema = schemars::schema_for!(FileV2);
    serde_json::to_string_pretty(&schema).unwrap() + "\n"
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let path = schema_path();
    let want = generated();
    if std::env::var_os("KALKYL_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} differs from the schema of budget_core::io::FileV2; \
         run `KALKYL_BLESS=1 cargo test -p budget-core --test suite schema::` and commit it",
        path.display()
    );
}

fn validator() -> (boon::Schemas, boon::SchemaIndex) {
    let schema: serde_json::Value = serde_json::from_str(&generated()).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("urn:kalkyl:scenario", schema)
        .unwrap();
    let index = compiler
        .compile("urn:kalkyl:scenario", &mut schemas)
        .unwrap();
    (schemas, index)
}

fn assert_valid(what: &str, text: &str) {
    let (schemas, index) = validator();
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    if let Err(e) = schemas.validate(&value, index) {
        panic!("{what} does not validate against the schema: {e:#}");
    }
}

fn file_of(workbook: Workbook) -> String {
    let meta = ScenarioMeta::for_workbook(&workbook, "2026-12-06T12:00:00Z");
    budget_core::io::to_json(&Scenario { meta, workbook }).unwrap()
}

#[test]
fn golden_files_validate() {
    for (what, text) in [
        (
            "scenario.kalkyl.json",
            include_str!("../data/json/scenario.kalkyl.json"),
        ),
        (
            "scenario.compact.json",
            include_str!("../data/json/scenario.compact.json"),
        ),
        (
            "main-d1d658a.kalkyl.json",
            include_str!("../data/json/main-d1d658a.kalkyl.json"),
        ),
    ] {
        assert_valid(what, text);
    }
}

#[test]
fn the_default_scenario_and_every_template_validate() {
    let default = budget_core::catalog::default_workbook().unwrap();
    assert_valid("the default scenario", &file_of(default));
    let workbook = Workbook {
        title: "Mallar".into(),
        committee: "Nämnden".into(),
        tables: Template::ALL
            .into_iter()
            .enumerate()
            .map(|(i, t)| build(t, &format!("t{i}"), 2027))
            .collect(),
        reconciliations: Vec::new(),
        bridge: None,
        allocations: None,
        collab: Default::default(),
    };
    assert_valid("a workbook of every template", &file_of(workbook));
}

#[test]
fn the_schema_refuses_what_the_reader_refuses() {
    let (schemas, index) = validator();
    let mut file: serde_json::Value =
        serde_json::from_str(include_str!("../data/json/scenario.kalkyl.json")).unwrap();
    file["unknown"] = serde_json::Value::Bool(true);
    assert!(schemas.validate(&file, index).is_err(), "unknown field");
    let mut float: serde_json::Value =
        serde_json::from_str(include_str!("../data/json/scenario.kalkyl.json")).unwrap();
    float["workbook"]["tables"][0]["rows"][0]["cells"] = serde_json::json!({"a": {"number": 1.5}});
    assert!(
        schemas.validate(&float, index).is_err(),
        "an amount as a float"
    );
}
