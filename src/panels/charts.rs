//! Charts drawn as SVG by the app (no chart library): a waterfall from the previous budget to the
//! new frame, and the change per activity in tkr and %. Every figure is exact in the core; here
//! it only becomes a coordinate. Each chart carries the table it draws as its text alternative,
//! and data attributes (`data-bar`, `data-value`) so tests can read it.

use std::rc::Rc;

use budget_core::analysis::{
    changes, waterfall_by_activity, waterfall_by_line, ActivityBridge, Axis, BarKind, WaterfallBar,
};
use budget_core::{tr, Decimal, Lang};
use yew::prelude::*;

use crate::app::display::{column_headings, Locale};
use crate::app::use_locale;

const WIDTH: f64 = 900.0;
const LABEL_W: f64 = 400.0;
const PLOT_X: f64 = LABEL_W + 10.0;
const PLOT_W: f64 = 380.0;
const ROW_H: f64 = 24.0;
const TOP: f64 = 28.0;
/// Labels are cut to fit the label column; the full text is in the bar's `<title>` and table.
const LABEL_CHARS: usize = 62;

#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    pub bridge: Rc<ActivityBridge>,
}

fn signed(d: Decimal, loc: Locale) -> String {
    let text = loc.amount(d, 0);
    if d.is_sign_positive() && !budget_core::round_for_display(d, 0).is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A bar's label in the interface language. The core names its own bar (the unexplained
/// remainder, id `rest`) in Swedish; every other label is the workbook's and stays as it is.
fn bar_label(bar: &WaterfallBar, lang: Lang) -> &str {
    match bar.kind {
        BarKind::Remainder if bar.id == "rest" => {
            lang.pick("Oförklarad rest", "Unexplained remainder")
        }
        _ => &bar.label,
    }
}

/// A coordinate as SVG text, rounded to `decimals` decimals with trailing zeros dropped, by
/// integer arithmetic: formatting the floats themselves linked Rust's float printing (shortest
/// and fixed precision, about 14 KB of the wasm) for nothing else.
fn num(v: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    // Saturating: a coordinate is never near the limits, and NaN becomes 0.
    let n = (v * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let n = n.unsigned_abs();
    let mut text = format!("{sign}{}", n / scale);
    let fraction = n % scale;
    if fraction != 0 {
        let digits = format!("{fraction:0width$}", width = decimals as usize);
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    text
}

#[component(Charts)]
pub fn charts(p: &ChartsProps) -> Html {
    let loc = use_locale();
    let lang = loc.lang;
    let by_activity = use_state(|| false);
    let pick = |value: bool| {
        let by_activity = by_activity.clone();
        Callback::from(move |_: Event| by_activity.set(value))
    };
    html! {
        <section class="panel charts" aria-labelledby="charts-title" data-panel="charts">
            <h2 id="charts-title">{ pick!(lang, "Diagram", "Charts") }</h2>
            <fieldset class="mode">
                <legend>{ pick!(lang, "Vattenfallet visar", "The waterfall shows") }</legend>
                <label><input type="radio" name="waterfall-by" id="waterfall-lines" checked={!*by_activity} onchange={pick(false)} />{ pick!(lang, " varje ramförändring och volymrad", " each frame change and volume line") }</label>
                <label><input type="radio" name="waterfall-by" id="waterfall-activities" checked={*by_activity} onchange={pick(true)} />{ pick!(lang, " varje verksamhets förändring", " each activity's change") }</label>
            </fieldset>
            { waterfall(&p.bridge, *by_activity, loc) }
            { change_chart(&p.bridge, loc) }
        </section>
    }
}

fn waterfall(b: &ActivityBridge, by_activity: bool, loc: Locale) -> Html {
    let lang = loc.lang;
    let bars = if by_activity {
        waterfall_by_activity(b)
    } else {
        waterfall_by_line(b)
    };
    let (from, to) = (&b.previous_label, &b.proposed_label);
    let title = if by_activity {
        tr!(
            lang,
            "Från {from} till {to} per verksamhet, tkr",
            "From {from} to {to} by activity, tkr"
        )
    } else {
        tr!(
            lang,
            "Från {from} till {to} per rad, tkr",
            "From {from} to {to} by line, tkr"
        )
    };
    let Some(bars) = bars else {
        return html! { <p class="note">{ pick!(
            lang,
            "Vattenfallet kan inte ritas: någon siffra saknas eller är fel.",
            "The waterfall cannot be drawn: a figure is missing or wrong.",
        ) }</p> };
    };
    // The levels are far above the steps, so the axis starts near them (shown as a break).
    let levels = bars
        .iter()
        .flat_map(|bar| match bar.kind {
            BarKind::Total => vec![bar.to],
            _ => vec![bar.from, bar.to],
        })
        .collect::<Vec<_>>();
    let lo = levels.iter().copied().min().unwrap_or_default();
    let hi = levels.iter().copied().max().unwrap_or_default();
    let axis = Axis::with_room_below(lo, hi);
    let x = |d: Decimal| PLOT_X + axis.fraction(d) * PLOT_W;
    let height = TOP + ROW_H * bars.len() as f64 + 30.0;
    let caption_id = if by_activity {
        "wf-act-caption"
    } else {
        "wf-line-caption"
    };
    html! {
        <figure class="chart">
            <figcaption id={caption_id}>{ &title }</figcaption>
            <svg data-chart="waterfall" data-by={if by_activity { "verksamhet" } else { "rad" }}
                data-px-per-unit={num(PLOT_W / axis.length(), 6)}
                viewBox={format!("0 0 {} {}", num(WIDTH, 2), num(height, 2))} width="100%" role="img"
                aria-labelledby={caption_id} font-size="12" font-family="system-ui, sans-serif">
                { for axis.ticks.iter().map(|t| {
                    let tx = x(*t);
                    html! {
                        <g class="tick">
                            <line x1={num(tx, 2)} x2={num(tx, 2)} y1={num(TOP - 6.0, 2)} y2={num(height - 24.0, 2)} stroke="#d8dde6" />
                            <text x={num(tx, 2)} y={num(height - 8.0, 2)} text-anchor="middle" fill="#5b6475">{ loc.amount(*t, 0) }</text>
                        </g>
                    }
                }) }
                <text x={num(PLOT_X, 2)} y="14" fill="#5b6475">{ tr!(lang, "Axeln börjar vid {} tkr", "The axis starts at {} tkr", loc.amount(axis.start, 0)) }</text>
                { for bars.iter().enumerate().map(|(i, bar)| {
                    let y = TOP + ROW_H * i as f64;
                    let (a, z) = match bar.kind {
                        BarKind::Total => (axis.start, bar.to),
                        _ => (bar.from.min(bar.to), bar.from.max(bar.to)),
                    };
                    let (x0, x1) = (x(a), x(z));
                    let w = (x1 - x0).max(1.0);
                    let (fill, class) = match bar.kind {
                        BarKind::Total => ("#1d2433", "total"),
                        BarKind::Remainder => ("#d08c00", "remainder"),
                        BarKind::Step if bar.value.is_sign_negative() => ("#b3261e", "down"),
                        BarKind::Step => ("#1f5f99", "up"),
                    };
                    let value_text = match bar.kind {
                        BarKind::Total => loc.amount(bar.value, 0),
                        _ => signed(bar.value, loc),
                    };
                    let label = bar_label(bar, lang);
                    let connector = (i + 1 < bars.len()).then(|| {
                        let cx = x(bar.to);
                        html! { <line class="connector" x1={num(cx, 2)} x2={num(cx, 2)} y1={num(y + ROW_H - 5.0, 2)} y2={num(y + ROW_H + 3.0, 2)} stroke="#5b6475" stroke-dasharray="2 2" /> }
                    });
                    html! {
                        <g class={classes!("bar", class)} data-bar={bar.id.clone()} data-value={bar.value.to_string()}
                            data-from={bar.from.to_string()} data-to={bar.to.to_string()}>
                            <title>{ format!("{label}: {value_text}") }</title>
                            <text x={num(LABEL_W, 2)} y={num(y + 13.0, 2)} text-anchor="end" fill="#1d2433">{ short(label) }</text>
                            <rect x={num(x0, 2)} y={num(y + 3.0, 2)} width={num(w, 2)} height={num(ROW_H - 8.0, 2)} fill={fill} />
                            if bar.kind == BarKind::Total {
                                // The break mark: this bar does not start at zero.
                                <path d={format!("M{} {} l4 -4 m0 8 l4 -4", num(x0 + 2.0, 2), num(y + 11.0, 2))} stroke="#ffffff" stroke-width="1.5" fill="none" />
                            }
                            <text class="value" x={num(x0 + w + 4.0, 2)} y={num(y + 13.0, 2)} fill="#1d2433">{ value_text.clone() }</text>
                            { connector }
                        </g>
                    }
                }) }
            </svg>
            <details class="chart-data">
                <summary>{ pick!(lang, "Diagrammet som tabell", "The chart as a table") }</summary>
                <table class="grid compact" data-chart-table="waterfall">
                    <thead>{ column_headings(lang, &[
                        ("Steg", "Step", false),
                        ("Belopp", "Amount", true),
                        ("Löpande summa", "Running total", true),
                    ]) }</thead>
                    <tbody>
                        { for bars.iter().map(|bar| html! {
                            <tr data-bar-row={bar.id.clone()}>
                                <th scope="row">{ bar_label(bar, lang) }</th>
                                <td class="num">{ if bar.kind == BarKind::Total { loc.amount(bar.value, 0) } else { signed(bar.value, loc) } }</td>
                                <td class="num">{ loc.amount(bar.to, 0) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

fn change_chart(b: &ActivityBridge, loc: Locale) -> Html {
    let lang = loc.lang;
    let bars = changes(b);
    if bars.is_empty() {
        return html! {};
    }
    let lo = bars
        .iter()
        .map(|c| c.change)
        .min()
        .unwrap_or_default()
        .min(Decimal::ZERO);
    let hi = bars
        .iter()
        .map(|c| c.change)
        .max()
        .unwrap_or_default()
        .max(Decimal::ZERO);
    let axis = Axis::spanning(lo, hi);
    let x = |d: Decimal| PLOT_X + axis.fraction(d) * PLOT_W;
    let height = TOP + ROW_H * bars.len() as f64 + 30.0;
    let zero = x(Decimal::ZERO);
    html! {
        <figure class="chart">
            <figcaption id="change-caption">{ tr!(lang, "Förändring per verksamhet, {} mot {}, tkr och %", "Change by activity, {} against {}, tkr and %", b.proposed_label, b.previous_label) }</figcaption>
            <svg data-chart="change" viewBox={format!("0 0 {} {}", num(WIDTH, 2), num(height, 2))} width="100%" role="img"
                aria-labelledby="change-caption" font-size="12" font-family="system-ui, sans-serif">
                { for axis.ticks.iter().map(|t| {
                    let tx = x(*t);
                    html! {
                        <g class="tick">
                            <line x1={num(tx, 2)} x2={num(tx, 2)} y1={num(TOP - 6.0, 2)} y2={num(height - 24.0, 2)} stroke="#d8dde6" />
                            <text x={num(tx, 2)} y={num(height - 8.0, 2)} text-anchor="middle" fill="#5b6475">{ loc.amount(*t, 0) }</text>
                        </g>
                    }
                }) }
                <line x1={num(zero, 2)} x2={num(zero, 2)} y1={num(TOP - 6.0, 2)} y2={num(height - 24.0, 2)} stroke="#1d2433" />
                { for bars.iter().enumerate().map(|(i, c)| {
                    let y = TOP + ROW_H * i as f64;
                    let (x0, x1) = (x(c.change.min(Decimal::ZERO)), x(c.change.max(Decimal::ZERO)));
                    let w = (x1 - x0).max(1.0);
                    let pct = c.percent.map_or("–".to_string(), |p| {
                        let text = loc.percent(p);
                        if p.is_sign_positive() && !budget_core::round_for_display(p, 1).is_zero() { format!("+{text}") } else { text }
                    });
                    let label = format!("{} ({pct})", signed(c.change, loc));
                    let fill = if c.change.is_sign_negative() { "#b3261e" } else { "#1f5f99" };
                    html! {
                        <g class="bar" data-bar={c.id.clone()} data-value={c.change.to_string()}
                            data-percent={c.percent.map(|p| p.to_string()).unwrap_or_default()}>
                            <title>{ format!("{}: {label}", c.label) }</title>
                            <text x={num(LABEL_W, 2)} y={num(y + 13.0, 2)} text-anchor="end" fill="#1d2433">{ short(&c.label) }</text>
                            <rect x={num(x0, 2)} y={num(y + 3.0, 2)} width={num(w, 2)} height={num(ROW_H - 8.0, 2)} fill={fill} />
                            <text class="value" x={num(x1.max(zero) + 4.0, 2)} y={num(y + 13.0, 2)} fill="#1d2433">{ label }</text>
                        </g>
                    }
                }) }
            </svg>
            <details class="chart-data">
                <summary>{ pick!(lang, "Diagrammet som tabell", "The chart as a table") }</summary>
                <table class="grid compact" data-chart-table="change">
                    <thead>{ column_headings(lang, &[
                        ("Verksamhet", "Activity", false),
                        ("Förändring (tkr)", "Change (tkr)", true),
                        ("Förändring (%)", "Change (%)", true),
                    ]) }</thead>
                    <tbody>
                        { for bars.iter().map(|c| html! {
                            <tr data-bar-row={c.id.clone()}>
                                <th scope="row">{ &c.label }</th>
                                <td class="num">{ loc.amount(c.change, 0) }</td>
                                <td class="num">{ c.percent.map_or("–".to_string(), |p| loc.percent(p)) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn coordinates_print_like_the_float_formatter_at_their_precision() {
        assert_eq!(num(28.0, 2), "28");
        assert_eq!(num(410.5, 2), "410.5");
        assert_eq!(num(123.456, 2), "123.46");
        assert_eq!(num(0.0001234, 6), "0.000123");
        assert_eq!(num(-3.006, 2), "-3.01");
        assert_eq!(num(-0.001, 2), "0");
        assert_eq!(num(f64::NAN, 2), "0");
    }
}
