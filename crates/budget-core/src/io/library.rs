//! The scenarios kept in one browser: a named list of sessions (workbook + undo history +
//! metadata), one of them current. Pure data with the list operations (add, rename, duplicate,
//! delete, switch) and its storage text; the UI writes that text to localStorage on every change.

use crate::base::{CoreError, Text};
use crate::io::file::{Scenario, ScenarioMeta};
use crate::session::Session;

/// Version of the storage text; a change of layout gets a new number and a migration.
/// 2: undo/redo edits externally tagged (`{"put_cell": {…}}`); 1 tagged them inside.
pub const STORAGE_VERSION: u32 = 2;

/// The version of a storage text, read without reading the rest into anything.
#[derive(serde::Deserialize)]
struct VersionOnly {
    version: u32,
}

/// Storage version 1's edits, `{"edit": "put_cell", …fields}`, rewritten as version 2's
/// `{"put_cell": {…fields}}` (a batch's edits too), in place.
fn migrate_edit_v1(edit: &mut serde_json::Value) {
    let serde_json::Value::Object(fields) = edit else {
        return;
    };
    let Some(serde_json::Value::String(tag)) = fields.remove("edit") else {
        return;
    };
    if let Some(serde_json::Value::Array(inner)) = fields.get_mut("edits") {
        inner.iter_mut().for_each(migrate_edit_v1);
    }
    let mut tagged = serde_json::Map::new();
    tagged.insert(tag, serde_json::Value::Object(std::mem::take(fields)));
    *edit = serde_json::Value::Object(tagged);
}

/// A version 1 storage text as version 2. Runs once, on the first load after an update.
fn migrate_v1(text: &str) -> Result<String, serde_json::Error> {
    let mut tree: serde_json::Value = serde_json::from_str(text)?;
    if let Some(entries) = tree.get_mut("entries").and_then(|e| e.as_array_mut()) {
        for entry in entries {
            for history in ["undo", "redo"] {
                if let Some(edits) = entry
                    .get_mut("session")
                    .and_then(|s| s.get_mut(history))
                    .and_then(|h| h.as_array_mut())
                {
                    edits.iter_mut().for_each(migrate_edit_v1);
                }
            }
        }
    }
    if let Some(version) = tree.get_mut("version") {
        *version = serde_json::Value::from(STORAGE_VERSION);
    }
    serde_json::to_string(&tree)
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    pub meta: ScenarioMeta,
    /// The workbook with its undo/redo history, so a reload restores the undo position too.
    pub session: Session,
}

impl Entry {
    pub fn scenario(&self) -> Scenario {
        Scenario {
            meta: self.meta.clone(),
            workbook: self.session.workbook.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Library {
    pub version: u32,
    /// Id of the scenario being edited.
    pub current: String,
    pub entries: Vec<Entry>,
}

/// Names for copies: "Scenario B", "Scenario C", … as officers call their alternatives.
fn letter_name(n: usize) -> String {
    let letters: Vec<char> = ('A'..='Z').collect();
    match letters.get(n) {
        Some(c) => format!("Scenario {c}"),
        None => format!("Scenario {}", n + 1),
    }
}

impl Library {
    /// A list holding one scenario, which is current.
    pub fn new(name: &str, scenario: Scenario) -> Library {
        Library {
            version: STORAGE_VERSION,
            current: "s1".into(),
            entries: vec![Entry {
                id: "s1".into(),
                name: name.into(),
                meta: scenario.meta,
                session: Session::new(scenario.workbook),
            }],
        }
    }

    fn index(&self, id: &str) -> Result<usize, CoreError> {
        self.entries
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| CoreError::UnknownScenario { id: id.into() })
    }

    pub fn entry(&self, id: &str) -> Result<&Entry, CoreError> {
        self.index(id).map(|i| &self.entries[i])
    }

    pub fn current(&self) -> Result<&Entry, CoreError> {
        self.entry(&self.current)
    }

    pub fn current_mut(&mut self) -> Result<&mut Entry, CoreError> {
        let i = self.index(&self.current)?;
        Ok(&mut self.entries[i])
    }

    fn fresh_id(&self) -> String {
        (1..)
            .map(|n| format!("s{n}"))
            .find(|id| self.entries.iter().all(|e| &e.id != id))
            .unwrap_or_default()
    }

    /// A name not used yet: `base`, or `base (2)`, `base (3)`, …
    pub fn fresh_name(&self, base: &str) -> String {
        let taken = |n: &str| self.entries.iter().any(|e| e.name == n);
        if !taken(base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base} ({n})"))
            .find(|n| !taken(n))
            .unwrap_or_default()
    }

    /// The next unused "Scenario B", "Scenario C", … for a copy.
    pub fn copy_name(&self) -> String {
        (1..)
            .map(letter_name)
            .find(|n| self.entries.iter().all(|e| &e.name != n))
            .unwrap_or_default()
    }

    /// Adds a scenario (with a fresh history) and returns its id; the current one is unchanged.
    pub fn add(&mut self, name: &str, scenario: Scenario) -> String {
        let id = self.fresh_id();
        let name = self.fresh_name(name.trim());
        self.entries.push(Entry {
            id: id.clone(),
            name,
            meta: scenario.meta,
            session: Session::new(scenario.workbook),
        });
        id
    }

    pub fn switch(&mut self, id: &str) -> Result<(), CoreError> {
        self.index(id)?;
        self.current = id.into();
        Ok(())
    }

    pub fn rename(&mut self, id: &str, name: &str) -> Result<(), CoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CoreError::EmptyLabel);
        }
        let i = self.index(id)?;
        self.entries[i].name = name.into();
        Ok(())
    }

    /// Copies a scenario (workbook, metadata and history) under `name`, placed after it.
    pub fn duplicate(&mut self, id: &str, name: &str, now: &str) -> Result<String, CoreError> {
        let i = self.index(id)?;
        let mut copy = self.entries[i].clone();
        copy.id = self.fresh_id();
        copy.name = self.fresh_name(name.trim());
        copy.meta.created = now.into();
        copy.meta.modified = now.into();
        let new_id = copy.id.clone();
        self.entries.insert(i + 1, copy);
        Ok(new_id)
    }

    /// Removes a scenario; the last one cannot go. Deleting the current one makes its neighbour
    /// current.
    pub fn delete(&mut self, id: &str) -> Result<(), CoreError> {
        let i = self.index(id)?;
        if self.entries.len() == 1 {
            return Err(CoreError::LastScenario);
        }
        self.entries.remove(i);
        if self.current == id {
            self.current = self.entries[i.min(self.entries.len() - 1)].id.clone();
        }
        Ok(())
    }

    pub fn to_storage(&self) -> Result<String, CoreError> {
        serde_json::to_string(self).map_err(CoreError::from_json_writer)
    }

    /// What [`Library::to_storage`] writes for this list with `open` and `open_meta` as the
    /// current entry's session and metadata, without copying the list to put them in: the
    /// page keeps the open session apart (its entry holds a placeholder) and saves after every
    /// pause in typing, and a copy of the list is every scenario's workbook and history.
    pub fn to_storage_with(
        &self,
        open: &Session,
        open_meta: &ScenarioMeta,
    ) -> Result<String, CoreError> {
        // The same fields, in the same order, as `Library` and `Entry` derive (a test checks
        // the text is the same).
        #[derive(serde::Serialize)]
        struct EntryRef<'a> {
            id: &'a str,
            name: &'a str,
            meta: &'a ScenarioMeta,
            session: &'a Session,
        }
        #[derive(serde::Serialize)]
        struct LibraryRef<'a> {
            version: u32,
            current: &'a str,
            entries: Vec<EntryRef<'a>>,
        }
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let open_one = e.id == self.current;
                EntryRef {
                    id: &e.id,
                    name: &e.name,
                    meta: if open_one { open_meta } else { &e.meta },
                    session: if open_one { open } else { &e.session },
                }
            })
            .collect();
        let list = LibraryRef {
            version: self.version,
            current: &self.current,
            entries,
        };
        serde_json::to_string(&list).map_err(CoreError::from_json_writer)
    }

    /// Reads what `to_storage` wrote, checking every workbook like a file.
    pub fn from_storage(text: &str) -> Result<Library, CoreError> {
        let saved = |message: Text| CoreError::Scenario {
            message: message
                .map(|lang, m| format!("{}, {m}", lang.pick("sparat arbete", "saved work"))),
        };
        let unreadable = |e: serde_json::Error| saved(crate::io::json_refusal::refusal(&e));
        // Read as the current version first, so the usual text is parsed once; only what does
        // not read (or reads as version 1, which had no edits to tell it apart) is probed for
        // its version, and then says what the probe found.
        let lib: Library = match serde_json::from_str::<Library>(text) {
            Ok(lib) if lib.version != 1 => lib,
            read => {
                let version = serde_json::from_str::<VersionOnly>(text)
                    .map_err(unreadable)?
                    .version;
                if version == 1 {
                    serde_json::from_str(&migrate_v1(text).map_err(unreadable)?)
                        .map_err(unreadable)?
                } else {
                    read.map_err(unreadable)?
                }
            }
        };
        if lib.version != STORAGE_VERSION {
            return Err(CoreError::UnknownVersion {
                found: lib.version.to_string(),
                supported: STORAGE_VERSION,
            });
        }
        for e in &lib.entries {
            crate::model::validate(&e.session.workbook)?;
        }
        lib.current()?;
        Ok(lib)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;
    use crate::catalog::default_workbook;
    use crate::model::Workbook;
    use crate::session::Action;

    fn library() -> Library {
        let workbook = default_workbook().unwrap();
        Library::new(
            "Scenario A",
            Scenario {
                meta: ScenarioMeta::for_workbook(&workbook, "t0"),
                workbook,
            },
        )
    }

    #[test]
    fn storage_with_the_open_session_is_the_storage_of_the_list_holding_it() {
        let mut lib = library();
        let other = lib.duplicate("s1", "Scenario B", "t1").unwrap();
        let mut open = lib.current().unwrap().session.clone();
        open.apply(Action::SetCell {
            table: "resultatrakning".into(),
            row: "personal".into(),
            column: "budget-2026".into(),
            input: "1".into(),
        })
        .unwrap();
        let mut meta = lib.current().unwrap().meta.clone();
        meta.modified = "t2".into();
        // The page's list: the open entry holds a placeholder.
        let mut page = lib.clone();
        page.current_mut().unwrap().session = Session::new(Workbook::empty(""));
        let with = page.to_storage_with(&open, &meta).unwrap();
        let entry = lib.current_mut().unwrap();
        entry.session = open;
        entry.meta = meta;
        assert_eq!(with, lib.to_storage().unwrap());
        assert!(lib.entry(&other).is_ok());
    }

    #[test]
    fn storage_round_trip_keeps_history_and_undo_position() {
        let mut lib = library();
        let entry = lib.current_mut().unwrap();
        for input in ["1", "2", "3"] {
            entry
                .session
                .apply(Action::SetCell {
                    table: "resultatrakning".into(),
                    row: "personal".into(),
                    column: "budget-2026".into(),
                    input: input.into(),
                })
                .unwrap();
        }
        entry.session.apply(Action::Undo).unwrap();
        let back = Library::from_storage(&lib.to_storage().unwrap()).unwrap();
        assert_eq!(back, lib);
        let mut session = back.current().unwrap().session.clone();
        assert!(session.can_redo());
        session.apply(Action::Undo).unwrap();
        session.apply(Action::Undo).unwrap();
        assert_eq!(session.workbook, default_workbook().unwrap());
    }

    #[test]
    fn duplicate_rename_switch_and_delete() {
        let mut lib = library();
        assert_eq!(lib.copy_name(), "Scenario B");
        let b = lib.duplicate("s1", "Scenario B", "t1").unwrap();
        assert_eq!(lib.entries[1].name, "Scenario B");
        assert_eq!(lib.entries[1].meta.created, "t1");
        assert_eq!(lib.entries[1].session, lib.entries[0].session);
        assert_eq!(lib.copy_name(), "Scenario C");
        lib.rename(&b, "  Sparbeting  ").unwrap();
        assert_eq!(lib.entry(&b).unwrap().name, "Sparbeting");
        assert_eq!(lib.rename(&b, " "), Err(CoreError::EmptyLabel));
        lib.switch(&b).unwrap();
        lib.delete(&b).unwrap();
        assert_eq!(lib.current, "s1");
        assert_eq!(lib.delete("s1"), Err(CoreError::LastScenario));
        assert!(lib.switch("s9").is_err());
        let id = lib.add("Scenario A", lib.current().unwrap().scenario());
        assert_eq!(lib.entry(&id).unwrap().name, "Scenario A (2)");
    }

    #[test]
    fn damaged_storage_is_refused() {
        assert!(Library::from_storage("{").is_err());
        let mut lib = library();
        lib.current = "saknas".into();
        assert!(Library::from_storage(&lib.to_storage().unwrap()).is_err());
    }
}
