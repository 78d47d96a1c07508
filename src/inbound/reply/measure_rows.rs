//! Which lines of a measures answer are measures: a line holding several
//! (`Offered: 14; attended: 9`), a table turned into text (its heading and rule rows,
//! or one cell a line), and a figure with no name, which nobody could record; and the
//! lines that read as measures in a reply that marks no answers.
//! Each measure line is read by [`parse_measure`].

use std::sync::LazyLock;

use regex::Regex;

use super::Measure;
use super::measures::{leading_number, parse_measure, split_separator, strip_bullet};
use super::text::{self, LinesExt};

/// Parses every non-empty line of `text` as a measure (bullets `-`, `*`, `•`
/// and numbering `1.`/`1)` are stripped first). A line holding several
/// measures is split at `;`, or at `,` when every part has its own `:` or
/// `=` (`Offered: 14, attended: 9`).
#[must_use]
pub fn parse_measures(text: &str) -> Vec<Measure> {
    if let Some(rows) = paired_cells(text) {
        return rows
            .iter()
            .filter_map(|(name, value)| cell_measure(name, value))
            .collect();
    }
    let lines = with_asides_joined(text);
    let first = lines.iter().position(|l| !l.trim().is_empty());
    lines
        .iter()
        .enumerate()
        // A tab-separated row with words only is a heading at the top ("Measure<TAB>
        // Number") but a text value further down ("Staff feedback<TAB>mostly positive").
        .filter(|&(i, l)| !is_table_heading(l) || (!l.contains('|') && !l.contains('+') && Some(i) != first))
        .map(|(_, l)| l.as_str())
        .flat_map(split_line)
        .filter_map(parse_measure)
        .collect()
}

/// The lines of `text`, with a figure in brackets on a line of its own joined to the
/// measure above it: "Falls: 6" then "(was 19)", where the writer's client wrapped
/// the line, is "Falls: 6 (was 19)".
fn with_asides_joined(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in text.text_lines() {
        let t = line.trim();
        let aside = t.starts_with('(') && t.ends_with(')') && t.bytes().any(|b| b.is_ascii_digit());
        if aside
            && let Some(above) = out.last_mut()
            && !above.trim().is_empty()
            && parse_measure(above).is_some_and(|m| matches!(m.value, super::MeasureValue::Number(_)))
        {
            above.push(' ');
            above.push_str(t);
            continue;
        }
        // A line the client wrapped: "Patients with weight gain over 2.5kg at the last
        // session" then "of the month: 11 of 40"; or a name with its colon, then the figure
        // alone ("…recorded within 7 days:" then "15 of 19").
        if let Some(above) = out.last_mut()
            && wrapped_measure(above.trim(), t)
        {
            above.push(' ');
            above.push_str(t);
            continue;
        }
        out.push(line.to_string());
    }
    out
}

/// True when `below` finishes the measure `above` started: a name wrapped mid-way (no
/// separator above, a lower-case start with the separator below) or a name ending in its
/// colon with the figure alone under it.
fn wrapped_measure(above: &str, below: &str) -> bool {
    if above.is_empty() || below.is_empty() {
        return false;
    }
    let figure_alone = below.starts_with(|c: char| c.is_ascii_digit()) && super::text::word_count(below) <= 4;
    if above.ends_with(':') {
        return figure_alone && super::text::word_count(above) >= 2 && !above.contains(": ");
    }
    // "waited over a day 2" above "bleeps per day: about 4" is a measure of its own.
    !above.ends_with(['.', '!', '?', ')', '%'])
        && !above.ends_with(|c: char| c.is_ascii_digit())
        && super::text::word_count(above) >= 4
        && below.starts_with(|c: char| c.is_lowercase())
        && split_separator(above).is_none()
        && split_separator(below).is_some()
}

/// A table turned into text one cell a line ("TTOs screened within 1 hour" then
/// "187 of 240 (78%)"): each name followed by its figure is one measure, and heading
/// cells without figures above them go. None unless every line takes part.
fn paired_cells(text: &str) -> Option<Vec<(String, String)>> {
    cell_table(text).map(|t| t.rows)
}

/// The measure of a table row, its name cell kept whole even when it holds a dash
/// ("Screened within 4 hours – nights only" beside "9 of 15").
fn cell_measure(name: &str, value: &str) -> Option<Measure> {
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
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let word = heading
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    word.len() >= 3 && MONTHS.iter().any(|m| word.starts_with(m))
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
fn is_table_heading(line: &str) -> bool {
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

pub(super) fn split_line(line: &str) -> Vec<&str> {
    // Split at `sep` outside brackets: "New pressure damage - 1 (heal, category 1)" is one.
    let parts_with = |sep: char| -> Vec<&str> {
        let mut depth = 0usize;
        line.split(|c: char| {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            c == sep && depth == 0
        })
        .filter(|p| !p.trim().is_empty())
        .collect()
    };
    if line.contains(';') {
        return parts_with(';');
    }
    let commas = parts_with(',');
    if commas.len() > 1 && commas.iter().all(|p| p.contains([':', '='])) {
        return commas;
    }
    // "sessions started on time: 38 of 52 | late starts: 6": named figures split by bars
    // (a table's row, "Falls | 3", has no name with a colon in each cell).
    if line.contains('|') {
        let bars = parts_with('|');
        if bars.len() > 1 && bars.iter().all(|p| p.contains([':', '='])) {
            return bars;
        }
    }
    // "offered 60, accepted 22, referred to GP 3": figures named in a short list. Each
    // part after the first starts with a word, so "£12,000" is not split.
    let figures = |p: &&str| p.bytes().any(|b| b.is_ascii_digit()) && super::text::word_count(p) <= 6;
    if commas.len() > 1
        && !line.contains([':', '='])
        && commas.iter().all(figures)
        && commas[1..]
            .iter()
            .all(|p| p.trim_start().starts_with(char::is_alphabetic))
    {
        return commas;
    }
    vec![line]
}

/// A figure with no name ("12") among the measures, outside a table of one cell a line:
/// not recorded, and a person should see it.
pub(super) fn has_bare_figure(text: &str) -> bool {
    let bare = |line: &str| {
        let t = strip_bullet(line.trim()).trim();
        t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' '))
    };
    text.text_lines().any(bare) && paired_cells(text).is_none()
}

/// "Name: 14", "Spend: £45": a line that reads as a measure.
pub(super) static MEASURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    // "Residents reaching 1500ml: baseline 42%, this month 61%": a figure may follow a
    // word that says which or how near.
    Regex::new(r"^[^:.!?]{2,80}:\s*(?i:(?:baseline|about|approx\.?|approximately|around|roughly|was|from|only|nearly|almost|over|under)\s+)?[£$€~]?\s*\d")
            .expect("built-in pattern compiles")
});

/// "On the day cancellations (pt reasons) 11 -> 4": a name, then a figure and what it
/// changed to, with no separator.
static ARROW_MEASURE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^:.!?]{2,80}\s[£$€~]?\d[\d.,]*\s*%?\s*(?:->|→)\s*[£$€~]?\d").expect("built-in pattern compiles")
});

/// A line that is a measure on its own: a name, a separator and a figure, or a name
/// and a figure's change ("DNAs 14% -> 9%").
pub(super) fn is_measure_line(line: &str) -> bool {
    MEASURE_LINE.is_match(line) || ARROW_MEASURE_LINE.is_match(line)
}

/// "Physio assessment within 24 hours – 17 of 22": a measure with a spaced dash for its
/// separator, taken only among [`loose_measures`].
static DASHED_MEASURE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^:.!?–—-]{2,80}\s[–—-]\s[£$€~]?\s*\d").expect("built-in pattern compiles"));

/// Lines of a reply with no answers marked that are each a measure ("Calls made: 31",
/// "Mobilised on day 1 – 15 of 22"),
/// leaving out contact details ("Tel: 01632 960118").
pub(super) fn loose_measures(reply: &str) -> Option<String> {
    const CONTACT: [&str; 8] = ["tel", "phone", "mobile", "mob", "fax", "ext", "bleep", "ffôn"];
    // "Date: 3 May", "Time: 14:30", but "Average queue time: 6 minutes" is a measure.
    const WHEN: [&str; 2] = ["date", "time"];
    let found: Vec<&str> = reply
        .text_lines()
        // A quoted line is an earlier message's ("> Calls answered: 412 of 530" above a
        // correction typed under it), not this one's.
        .filter(|l| !text::is_quoted(l))
        .map(str::trim)
        .filter(|l| (MEASURE_LINE.is_match(l) || DASHED_MEASURE_LINE.is_match(l)) && text::word_count(l) <= 12)
        .filter(|l| {
            let colon = l.split_once(':');
            let (name, value) = colon
                .or_else(|| l.split_once(" – "))
                .or_else(|| l.split_once(" — "))
                .or_else(|| l.split_once(" - "))
                .unwrap_or((l, ""));
            // "14:30" is a time, and "2024-01-15 14:30" no measure ("Mobilised on day 1 –
            // 15 of 22" is one).
            if (colon.is_some() && name.ends_with(|c: char| c.is_ascii_digit()))
                || name.chars().filter(|c| c.is_alphabetic()).count() < 2
            {
                return false;
            }
            let name = name.trim().to_lowercase();
            let digits = value.chars().filter(char::is_ascii_digit).count();
            digits < 9
                && !WHEN.contains(&name.as_str())
                && !CONTACT
                    .iter()
                    .any(|c| name.split(|ch: char| !ch.is_alphanumeric()).any(|w| w == *c))
        })
        .collect();
    (!found.is_empty()).then(|| found.join("\n"))
}
