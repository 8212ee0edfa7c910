//! Which of the workbook's views the page shows, and its code in the address (`?vy=<code>`), so
//! the back button, a bookmark and a link to a colleague all land on the same view. Pure: the
//! browser's history is read and written by `effects` through `platform`.

/// One view of the workbook: a table, or one of the panels that read the tables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum View {
    /// One table, by id.
    Table(String),
    /// The frame bridge and the bridge per activity.
    Bridge,
    Charts,
    Checks,
    /// Uplift, goal seek and adding a table.
    Tools,
    /// The saved scenarios, their comparison and the share link.
    Scenarios,
    /// The change log: who changed what, when and why.
    Log,
    Import,
    /// Every table with its printed totals, the bridge and the checks, laid out for paper.
    Papers,
}

const TABLE_PREFIX: &str = "tabell-";

impl View {
    /// The views that are not tables, in the navigation's order (after the tables).
    pub const PANELS: [View; 8] = [
        View::Bridge,
        View::Charts,
        View::Checks,
        View::Tools,
        View::Scenarios,
        View::Log,
        View::Import,
        View::Papers,
    ];

    /// The view an address asks for (`?vy=` value); `None` for an unknown code, which the
    /// page then treats as no code at all.
    pub fn from_code(code: &str) -> Option<View> {
        Some(match code {
            "overbryggning" => View::Bridge,
            "diagram" => View::Charts,
            "kontroller" => View::Checks,
            "verktyg" => View::Tools,
            "scenarier" => View::Scenarios,
            "logg" => View::Log,
            "import" => View::Import,
            "utskrift" => View::Papers,
            _ => {
                let id = code.strip_prefix(TABLE_PREFIX)?;
                if id.is_empty() {
                    return None;
                }
                View::Table(id.to_owned())
            }
        })
    }

    /// The `?vy=` value of this view.
    pub fn code(&self) -> String {
        match self {
            View::Table(id) => format!("{TABLE_PREFIX}{id}"),
            View::Bridge => "overbryggning".into(),
            View::Charts => "diagram".into(),
            View::Checks => "kontroller".into(),
            View::Tools => "verktyg".into(),
            View::Scenarios => "scenarier".into(),
            View::Log => "logg".into(),
            View::Import => "import".into(),
            View::Papers => "utskrift".into(),
        }
    }

    /// The view to show for a requested one, given the workbook's table ids: a table that is
    /// not (or no longer) in the workbook, or no request at all, shows the first table, so a
    /// link to a removed table or a file with other tables still opens on something.
    pub fn resolve<'a>(wanted: Option<View>, mut tables: impl Iterator<Item = &'a str>) -> View {
        let ids: Vec<&str> = tables.by_ref().collect();
        match wanted {
            Some(View::Table(id)) if ids.contains(&id.as_str()) => View::Table(id),
            Some(View::Table(_)) | None => ids
                .first()
                .map(|id| View::Table((*id).to_owned()))
                .unwrap_or(View::Tools),
            Some(other) => other,
        }
    }
}

/// The element id of a finding in the checks view, which a flagged cell links to.
pub fn finding_anchor(table: &str, row: &str, column: &str) -> String {
    format!("fynd-{table}-{row}-{column}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_view() {
        for view in std::iter::once(View::Table("drift".into())).chain(View::PANELS) {
            assert_eq!(View::from_code(&view.code()), Some(view));
        }
        assert_eq!(View::from_code("tabell-"), None);
        assert_eq!(View::from_code("okänd"), None);
    }

    #[test]
    fn a_missing_table_or_no_request_shows_the_first_table() {
        let ids = ["resultat", "drift"];
        let resolve = |v| View::resolve(v, ids.iter().copied());
        assert_eq!(resolve(None), View::Table("resultat".into()));
        assert_eq!(
            resolve(Some(View::Table("borttagen".into()))),
            View::Table("resultat".into())
        );
        assert_eq!(
            resolve(Some(View::Table("drift".into()))),
            View::Table("drift".into())
        );
        assert_eq!(resolve(Some(View::Checks)), View::Checks);
        assert_eq!(View::resolve(None, std::iter::empty()), View::Tools);
    }
}
