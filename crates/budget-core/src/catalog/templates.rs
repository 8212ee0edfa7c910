//! Table templates for the layouts committees publish: plan, annual report, interim report,
//! net-cost development, earmarked initiatives, external funding, investments, or blank. A
//! template is a starting structure (columns, sums); the officer renames and fills it.

use std::collections::BTreeMap;

use crate::base::Lang;
use crate::model::{slug, Column, ColumnKind, DeviationSign, Row, RowKind, Table, Unit};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Blank,
    Plan,
    AnnualReport,
    InterimReport,
    NetCostDevelopment,
    Initiatives,
    ExternalFundingNet,
    ExternalFundingApplied,
    Investments,
}

impl Template {
    pub const ALL: [Template; 9] = [
        Template::Plan,
        Template::AnnualReport,
        Template::InterimReport,
        Template::NetCostDevelopment,
        Template::Initiatives,
        Template::ExternalFundingNet,
        Template::ExternalFundingApplied,
        Template::Investments,
        Template::Blank,
    ];

    /// The name in the template menu. The tables it builds keep the published reports'
    /// Swedish headings in both languages: they are the document's content.
    pub fn name(self, lang: Lang) -> &'static str {
        let (sv, en) = match self {
            Template::Blank => ("Tom tabell", "Blank table"),
            Template::Plan => (
                "Plan (Bokslut | Budget | Prognos | Budget nästa år)",
                "Plan (accounts | budget | forecast | next year's budget)",
            ),
            Template::AnnualReport => (
                "Årsredovisning (Budget | Utfall | Avvikelse | Föregående år)",
                "Annual report (budget | actual | deviation | previous year)",
            ),
            Template::InterimReport => (
                "Delårsrapport, mnkr (HELÅR och PERIOD)",
                "Interim report, SEK m (FULL YEAR and PERIOD)",
            ),
            Template::NetCostDevelopment => (
                "Nettokostnadsutveckling över tre år",
                "Net cost development over three years",
            ),
            Template::Initiatives => (
                "Särskilda satsningar (Budget | Utfall)",
                "Special initiatives (budget | actual)",
            ),
            Template::ExternalFundingNet => (
                "Extern finansiering (Bidrag | Kostnad | Netto)",
                "External funding (grant | cost | net)",
            ),
            Template::ExternalFundingApplied => (
                "Extern finansiering (Ansökt | Erhållet | Budgeterat)",
                "External funding (applied | received | budgeted)",
            ),
            Template::Investments => (
                "Investeringar (med textkolumn)",
                "Investments (with a text column)",
            ),
        };
        lang.pick(sv, en)
    }

    pub fn code(self) -> &'static str {
        match self {
            Template::Blank => "tom",
            Template::Plan => "plan",
            Template::AnnualReport => "arsredovisning",
            Template::InterimReport => "delarsrapport",
            Template::NetCostDevelopment => "nettokostnadsutveckling",
            Template::Initiatives => "satsningar",
            Template::ExternalFundingNet => "extern-netto",
            Template::ExternalFundingApplied => "extern-ansokt",
            Template::Investments => "investeringar",
        }
    }

    pub fn from_code(code: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.code() == code)
    }
}

fn input(label: &str) -> Column {
    Column {
        id: slug(label),
        label: label.into(),
        kind: ColumnKind::Input,
        group: None,
    }
}

fn grouped(group: &str, label: &str) -> Column {
    Column {
        id: format!("{}-{}", slug(group), slug(label)),
        label: label.into(),
        kind: ColumnKind::Input,
        group: Some(group.into()),
    }
}

fn computed(id: &str, label: &str, kind: ColumnKind) -> Column {
    Column {
        id: id.into(),
        label: label.into(),
        kind,
        group: None,
    }
}

fn row(label: &str) -> Row {
    Row {
        id: slug(label),
        label: label.into(),
        kind: RowKind::Input,
        cells: BTreeMap::new(),
        control: BTreeMap::new(),
        notes: Default::default(),
        printed_notes: Default::default(),
    }
}

fn sum(label: &str, terms: &[&str]) -> Row {
    Row {
        kind: RowKind::Sum {
            terms: terms.iter().map(|t| slug(t)).collect(),
        },
        ..row(label)
    }
}

fn list(rows: &[&str], total: &str) -> Vec<Row> {
    let mut out: Vec<Row> = rows.iter().map(|r| row(r)).collect();
    out.push(sum(total, rows));
    out
}

/// Builds a table from a template; `year` is the budget year the layout is for.
pub fn build(template: Template, id: &str, year: i32) -> Table {
    let table = |title: String, unit, decimals, columns, rows, deviation| Table {
        id: id.into(),
        title,
        unit,
        decimals,
        columns,
        rows,
        deviation,
    };
    let dev = |id: &str, label: &str, budget: &str, actual: &str| {
        computed(
            id,
            label,
            ColumnKind::Deviation {
                budget: budget.into(),
                actual: actual.into(),
            },
        )
    };
    let dev_pct = |id: &str, label: &str, budget: &str, actual: &str| {
        computed(
            id,
            label,
            ColumnKind::DeviationPercent {
                budget: budget.into(),
                actual: actual.into(),
            },
        )
    };
    match template {
        Template::Blank => table(
            "Ny tabell".into(),
            Unit::Tkr,
            0,
            vec![input("Belopp")],
            list(&["Rad 1", "Rad 2"], "Summa"),
            DeviationSign::BudgetMinusActual,
        ),
        Template::Plan => {
            let (b0, b1) = (format!("Budget {}", year - 1), format!("Budget {year}"));
            let columns = vec![
                input(&format!("Bokslut {}", year - 2)),
                input(&b0),
                input(&format!("Prognos {}", year - 1)),
                input(&b1),
                computed(
                    "forandring",
                    "Förändring (tkr)",
                    ColumnKind::Difference {
                        new: slug(&b1),
                        old: slug(&b0),
                    },
                ),
                computed(
                    "forandring-procent",
                    "Förändring (%)",
                    ColumnKind::PercentChange {
                        new: slug(&b1),
                        old: slug(&b0),
                    },
                ),
            ];
            table(
                format!("Drift per verksamhet {year}"),
                Unit::Tkr,
                0,
                columns,
                list(&["Verksamhet A", "Verksamhet B"], "Summa nettokostnad"),
                DeviationSign::BudgetMinusActual,
            )
        }
        Template::AnnualReport => {
            let columns = vec![
                input("Budget helår"),
                input("Utfall helår"),
                dev(
                    "avvikelse",
                    "Avvikelse helår",
                    "budget-helar",
                    "utfall-helar",
                ),
                dev_pct(
                    "avvikelse-procent",
                    "Avvikelse (%)",
                    "budget-helar",
                    "utfall-helar",
                ),
                input("Föregående år"),
            ];
            let mut rows = vec![
                row("Verksamhetens intäkter"),
                row("Verksamhetens kostnader"),
                sum(
                    "Årets resultat",
                    &["Verksamhetens intäkter", "Verksamhetens kostnader"],
                ),
                row("IB eget kapital"),
                row("Resultatöverföring"),
            ];
            rows.push(sum(
                "UB eget kapital",
                &["IB eget kapital", "Årets resultat", "Resultatöverföring"],
            ));
            table(
                format!("Resultaträkning {year}"),
                Unit::Tkr,
                0,
                columns,
                rows,
                DeviationSign::ActualMinusBudget,
            )
        }
        Template::InterimReport => {
            let (full, period) = ("HELÅR", "PERIOD JANUARI–MARS");
            let columns = vec![
                grouped(full, "Budget"),
                grouped(full, "Prognos"),
                Column {
                    group: Some(full.into()),
                    ..dev(
                        "helar-avvikelse",
                        "Avvikelse",
                        "helar-budget",
                        "helar-prognos",
                    )
                },
                grouped(period, "Budget"),
                grouped(period, "Utfall"),
                Column {
                    group: Some(period.into()),
                    ..dev(
                        "period-januari-mars-avvikelse",
                        "Avvikelse",
                        "period-januari-mars-budget",
                        "period-januari-mars-utfall",
                    )
                },
            ];
            let income = [
                "Taxor och avgifter",
                "Försäljning av verksamhet",
                "Bidrag",
                "Övriga intäkter",
                "Intern resursfördelning",
            ];
            let costs = [
                "Personal",
                "Konsulter och inhyrd personal",
                "Lokaler",
                "Köp av verksamhet",
                "Varor och tjänster",
                "Kapitalkostnad",
                "Övriga kostnader",
            ];
            let mut rows: Vec<Row> = income.iter().map(|r| row(r)).collect();
            rows.push(sum("Summa intäkter", &income));
            rows.extend(costs.iter().map(|r| row(r)));
            rows.push(sum("Summa kostnader", &costs));
            rows.push(sum("Resultat", &["Summa intäkter", "Summa kostnader"]));
            table(
                format!("Ekonomisk uppföljning {year}"),
                Unit::Mnkr,
                1,
                columns,
                rows,
                DeviationSign::ActualMinusBudget,
            )
        }
        Template::NetCostDevelopment => {
            let years: Vec<String> = (year - 2..=year)
                .map(|y| format!("Nettokostnad {y}"))
                .collect();
            let mut columns: Vec<Column> = years.iter().map(|y| input(y)).collect();
            for pair in years.windows(2) {
                let (old, new) = (&pair[0], &pair[1]);
                let span = format!("{}–{}", &old[old.len() - 4..], &new[new.len() - 4..]);
                columns.push(computed(
                    &format!("forandring-{}", slug(&span)),
                    &format!("Förändring i procent {span}"),
                    ColumnKind::PercentChange {
                        new: slug(new),
                        old: slug(old),
                    },
                ));
            }
            table(
                "Nettokostnadsutveckling".into(),
                Unit::Tkr,
                0,
                columns,
                list(&["Verksamhet A", "Verksamhet B"], "Summa"),
                DeviationSign::BudgetMinusActual,
            )
        }
        Template::Initiatives => table(
            format!("Särskilda satsningar {year}"),
            Unit::Tkr,
            0,
            vec![
                input("Budget"),
                input("Utfall"),
                dev("avvikelse", "Avvikelse", "budget", "utfall"),
            ],
            list(&["Satsning 1", "Satsning 2"], "Summa"),
            DeviationSign::BudgetMinusActual,
        ),
        Template::ExternalFundingNet => table(
            format!("Extern finansiering {year}"),
            Unit::Tkr,
            0,
            vec![
                input("Bidrag"),
                input("Kostnad"),
                computed(
                    "netto",
                    "Netto",
                    ColumnKind::Difference {
                        new: "bidrag".into(),
                        old: "kostnad".into(),
                    },
                ),
            ],
            list(&["Bidrag 1", "Bidrag 2"], "Summa"),
            DeviationSign::BudgetMinusActual,
        ),
        Template::ExternalFundingApplied => table(
            format!("Extern finansiering {year}"),
            Unit::Tkr,
            0,
            vec![
                input(&format!("Ansökt {year}")),
                input(&format!("Erhållet {year}")),
                input(&format!("Budgeterat {year}")),
            ],
            list(&["Bidrag 1", "Bidrag 2"], "Summa"),
            DeviationSign::BudgetMinusActual,
        ),
        Template::Investments => table(
            format!("Investeringar {year}"),
            Unit::Tkr,
            0,
            vec![
                computed("typ", "Reinvestering / Nyinvestering", ColumnKind::Text),
                input("Budget"),
                input("Utfall"),
                dev("avvikelse", "Avvikelse", "budget", "utfall"),
            ],
            list(&["Investering 1", "Investering 2"], "Summa investeringar"),
            DeviationSign::BudgetMinusActual,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Workbook;

    #[test]
    fn every_template_is_a_valid_table() {
        for t in Template::ALL {
            let table = build(t, t.code(), 2026);
            let wb = Workbook {
                tables: vec![table],
                ..Workbook::empty("x")
            };
            crate::model::validate(&wb).unwrap_or_else(|e| panic!("{t:?}: {e}"));
            assert_eq!(Template::from_code(t.code()), Some(t));
        }
    }

    #[test]
    fn interim_report_has_two_groups_in_mnkr_with_one_decimal() {
        let t = build(Template::InterimReport, "d", 2026);
        assert_eq!((t.unit, t.decimals), (Unit::Mnkr, 1));
        let groups: Vec<_> = t.columns.iter().map(|c| c.group.as_deref()).collect();
        assert_eq!(groups[..3], [Some("HELÅR"); 3]);
        assert_eq!(groups[3..], [Some("PERIOD JANUARI–MARS"); 3]);
    }
}
