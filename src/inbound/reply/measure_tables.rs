//! Tables of measures turned into text: one cell a line (an HTML table through Outlook's
//! plain text), or a row a line (pipes, markdown, tabs, columns lined up with spaces);
//! with several columns of figures, the one column of this month's is taken.

use super::Measure;
use super::measures::{leading_number, parse_measure, split_separator, strip_bullet};
use super::text::{self, LinesExt};

/// A table turned into text one cell a line ("TTOs screened within 1 hour" then
/// "187 of 240 (78%)"): each name followed by its figure is one measure, and heading
/// cells without figures above them go. None unless every line takes part.
pub(super) fn paired_cells(text: &str) -> Option<Vec<(String, String)>> {
    cell_table(text).map(|t| t.rows)
}

/// The measure of a table row, its name cell kept whole even when it holds a dash
/// ("Screened within 4 hours – nights only" beside "9 of 15").
pub(super) fn cell_measure(name: &str, value: &str) -> Option<Measure> {
    if split_separator(name).is_none() {
        return parse_measure(&format!("{name}: {value}"));
    }
    let mut m = parse_measure(&format!("Measure: {value}"))?;
    m.name = strip_bullet(name.trim()).trim().to_string();
    m.raw = format!("{name}: {value}");
    Some(m)
}

/// A table read one cell a line, and the heading of the one column of values taken
/// from it when it had several ("May" beside "Baseline (March)" and "Target").
struct CellTable {
    /// Name and value cells.
    rows: Vec<(String, String)>,
    taken: Option<String>,
}

fn cell_table(text: &str) -> Option<CellTable> {
    one_cell_a_line(text).or_else(|| row_table(text))
}

fn one_cell_a_line(text: &str) -> Option<CellTable> {
    // A table one cell a line has lines that are figures alone; most answers have none.
    if !text.text_lines().any(|l| {
        l.trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '£' | '$' | '€'))
    }) {
        return None;
    }
    let lines: Vec<&str> = text.text_lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let figure = |l: &str| leading_number(l).is_some();
    let name = |l: &str| !figure(l) && split_separator(l).is_none() && !l.ends_with(|c: char| c.is_ascii_digit());
    // A row's name cell may hold a dash of its own ("Screened within 4 hours – nights
    // only") when no figure follows it.
    let row_name = |l: &str| {
        !figure(l)
            && !l.ends_with(|c: char| c.is_ascii_digit())
            && split_separator(l).is_none_or(|(_, value)| leading_number(value.trim()).is_none())
    };
    // An empty cell, written as a dash.
    let empty = |l: &str| matches!(l, "-" | "–" | "—" | "n/a" | "N/A");
    let start =
        (0..lines.len()).find(|&i| row_name(lines[i]) && lines.get(i + 1).is_some_and(|n| figure(n) || empty(n)))?;
    let (headings, rows) = lines.split_at(start);
    if !headings
        .iter()
        .all(|l| name(l) && !l.contains(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    // "Measure", "Value", "Unit" over rows of a name, a figure and a unit, the unit
    // cell sometimes empty (and so no line of its own).
    if headings.len() >= 2
        && headings
            .last()
            .is_some_and(|h| h.eq_ignore_ascii_case("unit") || h.eq_ignore_ascii_case("units"))
    {
        return with_units(rows, &figure).map(|rows| CellTable { rows, taken: None });
    }
    // "Measure", "Baseline (March)", "May", "Target" over rows of four cells: the
    // values of the one column that is neither a baseline nor a target. The first
    // heading may be missing (read as the answer's label).
    for value_headings in [headings.get(1..).unwrap_or_default(), headings] {
        let columns = value_headings.len() + 1;
        if columns < 3 || !rows.len().is_multiple_of(columns) {
            continue;
        }
        let values_only = rows.chunks(columns).all(|r| {
            row_name(r[0]) && r[1..].iter().all(|c| figure(c) || empty(c)) && r[1..].iter().any(|c| figure(c))
        });
        if values_only && let Some(column) = this_months_column(value_headings) {
            return Some(CellTable {
                rows: rows
                    .chunks(columns)
                    .map(|r| (r[0].to_string(), r[column + 1].to_string()))
                    .collect(),
                taken: Some(value_headings[column].to_string()),
            });
        }
    }
    if rows.len() < 4 || !rows.len().is_multiple_of(2) || !rows.chunks(2).all(|p| row_name(p[0]) && figure(p[1])) {
        return None;
    }
    Some(CellTable {
        rows: rows.chunks(2).map(|p| (p[0].to_string(), p[1].to_string())).collect(),
        taken: None,
    })
}

/// Rows of a name, a figure and an optional unit, one cell a line: after a figure,
/// the next line is its unit unless a figure follows that line (then it names the
/// next row).
fn with_units(cells: &[&str], figure: &dyn Fn(&str) -> bool) -> Option<Vec<(String, String)>> {
    let mut rows = Vec::new();
    let mut k = 0;
    while k < cells.len() {
        let (name, value) = (cells[k], *cells.get(k + 1)?);
        if figure(name) || !figure(value) {
            return None;
        }
        k += 2;
        let unit = cells
            .get(k)
            .filter(|u| !figure(u) && text::word_count(u) <= 3 && cells.get(k + 1).is_none_or(|after| !figure(after)));
        match unit {
            Some(unit) => {
                rows.push((name.to_string(), format!("{value} {unit}")));
                k += 1;
            }
            None => rows.push((name.to_string(), value.to_string())),
        }
    }
    (rows.len() >= 2).then_some(rows)
}

/// A table typed or pasted a row a line, with a heading row of three or more cells:
/// "Measure | Baseline (Jan–Mar) | April 2029 | Target" over "Rescue packs dispensed |
/// 131 | 47 | –", or the same with tabs, or lined up with spaces. Rules ("|---|---|")
/// are skipped. The one column of this month's figures is taken.
fn row_table(text: &str) -> Option<CellTable> {
    let mut lines = text
        .text_lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_rule(l));
    let heading = row_cells(lines.next()?)?;
    let figure = |c: &str| leading_number(c).is_some();
    let empty = |c: &str| matches!(c, "" | "-" | "–" | "—" | "n/a" | "N/A");
    if heading.len() < 3 || heading.iter().any(|c| figure(c)) {
        return None;
    }
    let rows: Vec<Vec<&str>> = lines.map(row_cells).collect::<Option<_>>()?;
    let columns_match = rows.iter().all(|r| {
        r.len() == heading.len()
            && !r[0].is_empty()
            && r[1..].iter().all(|c| figure(c) || empty(c))
            && r[1..].iter().any(|c| figure(c))
    });
    if rows.is_empty() || !columns_match {
        return None;
    }
    let column = this_months_column(&heading[1..])? + 1;
    Some(CellTable {
        rows: rows.iter().map(|r| (r[0].to_string(), r[column].to_string())).collect(),
        taken: Some(heading[column].to_string()),
    })
}

/// The cells of a table row on one line: split at `|`, at tabs, or at runs of two or
/// more spaces (columns lined up).
fn row_cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let cells: Vec<&str> = if t.contains('|') {
        t.trim_matches('|').split('|').map(str::trim).collect()
    } else if t.contains('\t') {
        t.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect()
    } else if t.contains("  ") {
        t.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect()
    } else {
        return None;
    };
    (cells.len() >= 2).then_some(cells)
}

/// A table's rule line: "|-----|------|", "----+----", "=====".
fn is_rule(line: &str) -> bool {
    line.contains(['-', '='])
        && line
            .chars()
            .all(|c| matches!(c, '-' | '+' | '|' | '=' | ':' | ' ' | '_'))
}

/// Of a table's value columns, the one holding this month's figures: the one that is
/// not a baseline, target or the like; or, when the others are months ("March",
/// "April"), the last of them.
fn this_months_column(value_headings: &[&str]) -> Option<usize> {
    let current: Vec<usize> = (0..value_headings.len())
        .filter(|&c| !is_reference_column(value_headings[c]))
        .collect();
    match current[..] {
        [one] => Some(one),
        [_, .., last] if current.iter().all(|&c| names_a_month(value_headings[c])) => Some(last),
        _ => None,
    }
}

/// "April", "Apr 2029", "March (baseline month)": a heading that opens with a month.
fn names_a_month(heading: &str) -> bool {
    let word = heading.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    word.chars().count() >= 3 && super::months::month_of(word).is_some()
}

/// A column heading for figures to compare with: "Baseline (March)", "Target", "Last month".
fn is_reference_column(heading: &str) -> bool {
    let lower = heading.to_lowercase();
    [
        "baseline",
        "target",
        "goal",
        "aim",
        "previous",
        "last",
        "before",
        "predicted",
        "expected",
        "change",
    ]
    .iter()
    .any(|w| lower.split(|c: char| !c.is_alphanumeric()).any(|word| word == *w))
}

/// The heading of the one column taken from a table of several columns of values,
/// when the measures answer is one: the others are not recorded.
pub(super) fn column_taken(text: &str) -> Option<String> {
    cell_table(text).and_then(|t| t.taken)
}

/// A plain-text table's heading or rule row (`Measure | This cycle`, `----+----`, or
/// `Measure<TAB>Number` where a client turned an HTML table into text): cells after
/// the first hold no figure at all.
pub(super) fn is_table_heading(line: &str) -> bool {
    let t = line.trim();
    let sep = if t.contains('|') || t.contains('+') {
        '|'
    } else if t.contains('\t') {
        '\t'
    } else if t.contains("   ") {
        // Columns lined up with spaces: "Measure            This cycle".
        let cells: Vec<&str> = t.split("   ").map(str::trim).filter(|c| !c.is_empty()).collect();
        return cells.len() >= 2 && !t.chars().any(|ch| ch.is_ascii_digit());
    } else {
        return false;
    };
    if t.chars().all(|c| matches!(c, '-' | '+' | '|' | '=' | ':' | ' ' | '_')) {
        return true;
    }
    let cells: Vec<&str> = t.trim_matches('|').split(sep).map(str::trim).collect();
    cells.len() >= 2 && cells[1..].iter().all(|c| !c.chars().any(|ch| ch.is_ascii_digit()))
}
