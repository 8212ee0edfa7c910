//! Where the keyboard moves in a table's grid, and which rows a long table draws: pure
//! functions of positions and sizes (no DOM, no Yew), unit-tested on the host.

use budget_core::{ColumnKind, RowKind, Table};

/// Tables longer than this render only the rows in view (and a pinned grand total).
pub const VIRTUALIZE_ABOVE: usize = 200;
/// Row height of a virtualized table, in CSS pixels (fixed so the window can be computed).
pub const ROW_PX: usize = 32;
/// Rows rendered beyond each edge of the view, so fast scrolling shows no gap.
pub const OVERSCAN: usize = 10;
/// Height of a virtualized table's scrolling viewport, in rows. Its CSS `max-height` in
/// styles/app.css (`.scroll.virtual`) is (VIEW_ROWS + 3) × ROW_PX = 736 px; keep them equal.
pub const VIEW_ROWS: usize = 20;

/// A block selection: the cell it started from and the cell with focus, as (row, column).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Selection {
    pub anchor: (usize, usize),
    pub focus: (usize, usize),
}

impl Selection {
    pub fn single(at: (usize, usize)) -> Selection {
        Selection {
            anchor: at,
            focus: at,
        }
    }

    pub fn rows(&self) -> std::ops::RangeInclusive<usize> {
        self.anchor.0.min(self.focus.0)..=self.anchor.0.max(self.focus.0)
    }

    pub fn columns(&self) -> std::ops::RangeInclusive<usize> {
        self.anchor.1.min(self.focus.1)..=self.anchor.1.max(self.focus.1)
    }

    pub fn contains(&self, (r, c): (usize, usize)) -> bool {
        self.rows().contains(&r) && self.columns().contains(&c)
    }

    pub fn is_block(&self) -> bool {
        self.anchor != self.focus
    }
}

/// Where a navigation key moves from `at` in a grid of `rows` × `columns`, or `None` when the
/// key is not a navigation key.
pub fn nav_target(
    key: &str,
    ctrl: bool,
    shift: bool,
    at: (usize, usize),
    rows: usize,
    columns: usize,
) -> Option<(usize, usize)> {
    let (r, c) = at;
    let (last_r, last_c) = (rows.saturating_sub(1), columns.saturating_sub(1));
    Some(match key {
        "ArrowUp" => (r.saturating_sub(1), c),
        "ArrowDown" => ((r + 1).min(last_r), c),
        "ArrowLeft" => (r, c.saturating_sub(1)),
        "ArrowRight" => (r, (c + 1).min(last_c)),
        "Home" if ctrl => (0, 0),
        "End" if ctrl => (last_r, last_c),
        "Home" => (r, 0),
        "End" => (r, last_c),
        "Enter" if shift => (r.saturating_sub(1), c),
        "Enter" => ((r + 1).min(last_r), c),
        // Tab moves along the row and leaves the table past its ends (WCAG 2.1.2: the
        // keyboard is never trapped); Enter and the arrows move between rows.
        "Tab" if shift && c > 0 => (r, c - 1),
        "Tab" if !shift && c < last_c => (r, c + 1),
        _ => return None,
    })
}

/// Where focus goes from a printed figure.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NavStop {
    Cell((usize, usize)),
    /// The next (or, `false`, the previous) printed figure of the same total.
    Printed {
        forward: bool,
    },
}

/// Navigation from the printed figure of the total in row `r`, column `c`: up to its total,
/// down to the row below, sideways to the total's other printed figures. `None` when the key
/// is not a navigation key or would leave the grid (down from the last row).
pub fn printed_nav_target(
    key: &str,
    shift: bool,
    (r, c): (usize, usize),
    rows: usize,
) -> Option<NavStop> {
    Some(match key {
        "ArrowUp" => NavStop::Cell((r, c)),
        "Enter" if shift => NavStop::Cell((r, c)),
        "ArrowDown" | "Enter" if r + 1 < rows => NavStop::Cell((r + 1, c)),
        "ArrowLeft" => NavStop::Printed { forward: false },
        "ArrowRight" => NavStop::Printed { forward: true },
        "Tab" => NavStop::Printed { forward: !shift },
        _ => return None,
    })
}

/// The selection after a navigation key pressed in the cell at `at` of a grid of `size`
/// (rows, columns) while `selection` is the table's live selection: Shift+arrow grows the block
/// from where it was, any other navigation key selects the one cell it moves to. `None` when
/// the key does not navigate.
pub fn key_move(
    key: &str,
    ctrl: bool,
    shift: bool,
    at: (usize, usize),
    selection: Option<Selection>,
    size: (usize, usize),
) -> Option<Selection> {
    let extend = shift && key.starts_with("Arrow");
    // The selection, not `at`, is where the cursor is: a key can arrive before the cell the last
    // key moved to is drawn and focused, and reach the cell that had focus (or the row its
    // re-used element draws now). A selection outside the grid (rows removed since) is none.
    let selection = selection.filter(|s| s.focus.0 < size.0 && s.focus.1 < size.1);
    let from = selection.map_or(at, |s| s.focus);
    let target = nav_target(key, ctrl, shift && !extend, from, size.0, size.1)?;
    Some(if extend {
        Selection {
            anchor: selection.map_or(at, |s| s.anchor),
            focus: target,
        }
    } else {
        Selection::single(target)
    })
}

/// A total's printed figures sit between its row and the next: a one-row step between `from`
/// and `to` passes them, and this is the total's row; `None` for any other move.
pub fn printed_row_between(from: usize, to: usize) -> Option<usize> {
    match to.checked_sub(from) {
        Some(1) => Some(from),
        _ if from.checked_sub(to) == Some(1) => Some(to),
        _ => None,
    }
}

/// A cell's position from its `data-nav="row:column"`.
pub fn parse_at(nav: &str) -> Option<(usize, usize)> {
    let (r, c) = nav.split_once(':')?;
    Some((r.parse().ok()?, c.parse().ok()?))
}

/// The rows a virtualized table of `rows` rows draws when `first_row` is at the top of its
/// view: the view plus overscan on each side where there are rows (at the top that is 30 rows,
/// not 40, which is what a freshly imported table draws first).
pub fn drawn_rows(first_row: usize, rows: usize) -> (usize, usize) {
    let from = first_row.saturating_sub(OVERSCAN).min(rows);
    (from, (first_row + VIEW_ROWS + OVERSCAN).clamp(from, rows))
}

/// The row at the top of the view of a table scrolled by `scroll_top` pixels.
pub fn top_row(scroll_top: i32) -> usize {
    scroll_top.max(0) as usize / ROW_PX
}

/// The top row that puts `row` in the middle of the view, and its scroll offset in pixels.
pub fn centre_on(row: usize) -> (usize, i32) {
    let top = row.saturating_sub(VIEW_ROWS / 2);
    (top, (top * ROW_PX) as i32)
}

/// The first cell a user can type in (a table of sums only: its first cell).
pub fn first_typed_cell(t: &Table) -> (usize, usize) {
    t.rows
        .iter()
        .position(|r| !matches!(r.kind, RowKind::Sum { .. }))
        .zip(
            t.columns
                .iter()
                .position(|c| matches!(c.kind, ColumnKind::Input | ColumnKind::Text)),
        )
        .unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZE: (usize, usize) = (5, 3);

    #[test]
    fn arrows_stop_at_the_edges() {
        assert_eq!(
            nav_target("ArrowUp", false, false, (0, 1), 5, 3),
            Some((0, 1))
        );
        assert_eq!(
            nav_target("ArrowDown", false, false, (4, 1), 5, 3),
            Some((4, 1))
        );
        assert_eq!(
            nav_target("ArrowLeft", false, false, (2, 0), 5, 3),
            Some((2, 0))
        );
        assert_eq!(
            nav_target("ArrowRight", false, false, (2, 2), 5, 3),
            Some((2, 2))
        );
        assert_eq!(
            nav_target("ArrowDown", false, false, (1, 1), 5, 3),
            Some((2, 1))
        );
    }

    #[test]
    fn home_end_and_enter() {
        assert_eq!(nav_target("Home", true, false, (3, 2), 5, 3), Some((0, 0)));
        assert_eq!(nav_target("End", true, false, (0, 0), 5, 3), Some((4, 2)));
        assert_eq!(nav_target("Home", false, false, (3, 2), 5, 3), Some((3, 0)));
        assert_eq!(nav_target("End", false, false, (3, 0), 5, 3), Some((3, 2)));
        assert_eq!(
            nav_target("Enter", false, false, (3, 0), 5, 3),
            Some((4, 0))
        );
        assert_eq!(nav_target("Enter", false, true, (3, 0), 5, 3), Some((2, 0)));
    }

    #[test]
    fn tab_leaves_the_table_past_its_ends() {
        assert_eq!(nav_target("Tab", false, false, (1, 1), 5, 3), Some((1, 2)));
        assert_eq!(nav_target("Tab", false, false, (1, 2), 5, 3), None);
        assert_eq!(nav_target("Tab", false, true, (1, 0), 5, 3), None);
        assert_eq!(nav_target("Tab", false, true, (1, 1), 5, 3), Some((1, 0)));
        assert_eq!(nav_target("a", false, false, (1, 1), 5, 3), None);
    }

    #[test]
    fn shift_arrows_grow_a_block_and_other_keys_collapse_it() {
        let block = key_move("ArrowDown", false, true, (1, 1), None, SIZE);
        assert_eq!(
            block,
            Some(Selection {
                anchor: (1, 1),
                focus: (2, 1)
            })
        );
        let wider = key_move("ArrowRight", false, true, (1, 1), block, SIZE);
        assert_eq!(
            wider,
            Some(Selection {
                anchor: (1, 1),
                focus: (2, 2)
            })
        );
        let s = wider.unwrap_or(Selection::single((0, 0)));
        assert!(s.is_block() && s.contains((1, 2)) && s.contains((2, 1)) && !s.contains((3, 1)));
        assert_eq!(s.rows(), 1..=2);
        assert_eq!(s.columns(), 1..=2);
        // Shift+Enter moves up, not extending.
        let up = key_move("Enter", false, true, (2, 2), wider, SIZE);
        assert_eq!(up, Some(Selection::single((1, 2))));
        assert_eq!(key_move("x", false, false, (2, 2), wider, SIZE), None);
    }

    #[test]
    fn a_key_moves_from_the_selection_not_from_the_cell_it_reached() {
        // The cursor went on to (2, 1) but the key still reached the cell at (1, 1).
        let live = Some(Selection::single((2, 1)));
        assert_eq!(
            key_move("ArrowDown", false, false, (1, 1), live, SIZE),
            Some(Selection::single((3, 1)))
        );
        assert_eq!(
            key_move("Tab", false, false, (1, 0), live, SIZE),
            Some(Selection::single((2, 2)))
        );
        let corner = Some(Selection::single((2, 2)));
        assert_eq!(key_move("Tab", false, false, (1, 1), corner, SIZE), None);
        // A selection the grid no longer reaches leaves the cell's own position.
        let gone = Some(Selection::single((7, 1)));
        assert_eq!(
            key_move("ArrowUp", false, false, (4, 1), gone, SIZE),
            Some(Selection::single((3, 1)))
        );
        assert_eq!(
            key_move("ArrowDown", false, true, (4, 1), gone, SIZE),
            Some(Selection::single((4, 1)))
        );
    }

    #[test]
    fn printed_figures_navigation() {
        assert_eq!(
            printed_nav_target("ArrowUp", false, (2, 1), 5),
            Some(NavStop::Cell((2, 1)))
        );
        assert_eq!(
            printed_nav_target("ArrowDown", false, (2, 1), 5),
            Some(NavStop::Cell((3, 1)))
        );
        assert_eq!(printed_nav_target("ArrowDown", false, (4, 1), 5), None);
        assert_eq!(
            printed_nav_target("Tab", true, (2, 1), 5),
            Some(NavStop::Printed { forward: false })
        );
        assert_eq!(printed_row_between(2, 3), Some(2));
        assert_eq!(printed_row_between(3, 2), Some(2));
        assert_eq!(printed_row_between(2, 4), None);
        assert_eq!(printed_row_between(2, 2), None);
    }

    #[test]
    fn positions_and_windows() {
        assert_eq!(parse_at("12:3"), Some((12, 3)));
        assert_eq!(parse_at("12"), None);
        assert_eq!(parse_at("a:3"), None);
        assert_eq!(drawn_rows(0, 1000), (0, 30));
        assert_eq!(drawn_rows(100, 1000), (90, 130));
        assert_eq!(drawn_rows(995, 1000), (985, 1000));
        assert_eq!(top_row(-5), 0);
        assert_eq!(top_row(ROW_PX as i32 * 7 + 3), 7);
        assert_eq!(centre_on(3), (0, 0));
        assert_eq!(centre_on(50), (40, 40 * ROW_PX as i32));
    }
}
