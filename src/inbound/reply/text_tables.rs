//! Answers typed or pasted as a plain-text table: markdown pipes (`| Change | … |`) or a
//! grid drawn with `+----+` borders whose cells wrap over several lines. Each row
//! becomes a labelled line ("Change: …") that the rest of the reader already knows;
//! a table of measures with a unit column ("| Roving sessions run | 14 | |") becomes
//! one "name: value unit" line a row.

use super::labels::Strength;
use super::text::LinesExt;

/// The text with every table of at least two rows rewritten, or `None` when it has none.
pub(super) fn untabled(text: &str) -> Option<String> {
    let unquoted = unquoted_cells(text);
    let text = unquoted.as_deref().unwrap_or(text);
    if !text.contains('|') {
        return unquoted;
    }
    let lines: Vec<&str> = text.text_lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let end = (i..lines.len())
            .find(|&j| !is_table_line(lines[j]))
            .unwrap_or(lines.len());
        if end > i
            && let Some(rows) = rewrite(&lines[i..end])
        {
            out.extend(rows);
            changed = true;
            i = end;
        } else {
            out.push(lines[i].to_string());
            i += 1;
        }
    }
    if changed { Some(out.join("\n")) } else { unquoted }
}

/// Cells copied from a spreadsheet with tabs between them: a cell holding line breaks
/// or quotes comes in quotes (`What happened<TAB>"Nurses said the ""grab sheet"" was
/// easier.` … `not related."`). The quotes go, doubled ones become one, and the cell's
/// lines stay lines.
fn unquoted_cells(text: &str) -> Option<String> {
    if !text.contains("\t\"") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut lines = text.text_lines().peekable();
    while let Some(line) = lines.next() {
        let Some(tab) = line.find("\t\"") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        // The cell runs to the line whose quotes close it.
        let mut cell = line[tab + 2..].to_string();
        let closed = |c: &str| c.matches('"').count() % 2 == 1 && c.trim_end().ends_with('"');
        let mut taken = 0;
        while !closed(&cell) && taken < 20 {
            match lines.peek() {
                Some(next) => {
                    cell.push('\n');
                    cell.push_str(next);
                    lines.next();
                    taken += 1;
                }
                None => break,
            }
        }
        if !closed(&cell) {
            out.push_str(line);
            out.push('\n');
            for l in cell.lines().skip(1) {
                out.push_str(l);
                out.push('\n');
            }
            continue;
        }
        let inner = cell.trim_end().strip_suffix('"').unwrap_or(&cell).replace("\"\"", "\"");
        out.push_str(&line[..tab + 1]);
        out.push_str(&inner);
        out.push('\n');
        changed = true;
    }
    changed.then(|| out.trim_end_matches('\n').to_string())
}

/// A table laid the other way: a heading row of labels ("Change\tPrediction\tWhat
/// happened\t…", tabs from a spreadsheet or bars) and a row of answers under it, each
/// answer under its label. With several rows (a tracker with last month's row left in),
/// the last is read and `other_rows` is set, for a person to check.
pub(super) struct Across {
    pub(super) text: String,
    pub(super) other_rows: bool,
}

pub(super) fn across(text: &str) -> Option<Across> {
    if !text.contains(['\t', '|']) {
        return None;
    }
    let lines: Vec<&str> = text.text_lines().collect();
    let (h, heads) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| heading_labels(l).map(|f| (i, f)))?;
    let sep = if lines[h].contains('\t') { '\t' } else { '|' };
    let split = |l: &str| -> Vec<String> {
        let t = l.trim();
        let t = if sep == '|' { t.trim_matches('|') } else { t };
        t.split(sep).map(|c| c.trim().to_string()).collect()
    };
    let mut data: Vec<Vec<String>> = Vec::new();
    let mut end = h + 1;
    for (j, l) in lines.iter().enumerate().skip(h + 1) {
        if is_border(l.trim()) {
            end = j + 1;
            continue;
        }
        let cs = split(l);
        if cs.len() != heads.len() {
            break;
        }
        data.push(cs);
        end = j + 1;
    }
    let row = data.last()?;
    let mut out: Vec<String> = lines[..h].iter().map(|l| (*l).to_string()).collect();
    for (head, cell) in heads.iter().zip(row) {
        if let Some(label) = head
            && !cell.is_empty()
        {
            // A cell of several "name: figure" items split by semicolons: one a line.
            let cell = if cell.contains("; ") && cell.split("; ").all(|p| p.contains(':')) {
                format!("\n{}", cell.replace("; ", "\n"))
            } else {
                format!(" {cell}")
            };
            out.push(format!("{label}:{cell}"));
        }
    }
    out.extend(lines[end..].iter().map(|l| (*l).to_string()));
    Some(Across {
        text: out.join("\n"),
        other_rows: data.len() > 1,
    })
}

/// The cells of a heading row, each the label it is (`None` for a column such as
/// "Cycle" or "Date"), when four or more of them are the labels of different answers.
fn heading_labels(line: &str) -> Option<Vec<Option<String>>> {
    let t = line.trim();
    let cells: Vec<&str> = if t.contains('\t') {
        t.split('\t').map(str::trim).collect()
    } else if t.matches(" | ").count() >= 3 {
        t.trim_matches('|').split('|').map(str::trim).collect()
    } else {
        return None;
    };
    if cells.len() < 4 || cells.iter().any(|c| c.is_empty() || super::text::word_count(c) > 5) {
        return None;
    }
    let mut seen = Vec::new();
    let heads: Vec<Option<String>> = cells
        .iter()
        .map(|c| {
            let m = super::labels::marker(c).filter(|m| m.rest.is_empty() && m.strength != Strength::Number)?;
            (!seen.contains(&m.field)).then(|| {
                seen.push(m.field);
                (*c).to_string()
            })
        })
        .collect();
    (seen.len() >= 4).then_some(heads)
}

/// A table of numbered answers turned into text one cell a line: "1" alone on a line,
/// its answer on the next ("Q", "Answer", "1", "Practice pharmacists…"). Each number
/// is put before its answer ("1. Practice pharmacists…") when four or more stand alone
/// in rising order.
pub(super) fn number_cells(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.text_lines().collect();
    let lone = |l: &str| {
        let t = l.trim();
        (t.len() == 1 && ('1'..='7').contains(&t.chars().next().unwrap_or('0'))).then(|| t.to_string())
    };
    let at: Vec<usize> = (0..lines.len()).filter(|&i| lone(lines[i]).is_some()).collect();
    let numbers: Vec<String> = at.iter().filter_map(|&i| lone(lines[i])).collect();
    if at.len() < 4 || numbers.windows(2).any(|w| w[0] >= w[1]) {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if let Some(n) = lone(lines[i])
            && let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty())
            && lone(lines[next]).is_none()
        {
            out.push(format!("{n}. {}", lines[next].trim()));
            i = next + 1;
            continue;
        }
        out.push(lines[i].to_string());
        i += 1;
    }
    Some(out.join("\n"))
}

/// A line of a table: it starts with a bar, or is a grid's border.
fn is_table_line(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with('|') && t.len() > 1) || is_border(t)
}

/// `+-----+-----+`, `|---|:---:|` or `+=====+`: a border or a markdown heading rule.
fn is_border(t: &str) -> bool {
    t.len() >= 3 && t.contains(['-', '=']) && t.chars().all(|c| matches!(c, '-' | '+' | '|' | '=' | ':' | ' '))
}

/// The cells of a row line, without the outer bars.
fn cells(line: &str) -> Vec<&str> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    t.split('|').map(str::trim).collect()
}

/// The rows of a table block, each a list of cells, each cell a list of lines. A grid
/// with borders between its rows gathers the lines between two borders into one row;
/// otherwise each line is a row, and a line whose first cell is empty continues the
/// row above (a cell wrapped in a markdown table).
fn rows(block: &[&str]) -> Vec<Vec<Vec<String>>> {
    let grid =
        block.iter().filter(|l| is_border(l.trim())).count() >= 2 && block.iter().any(|l| l.trim().starts_with('+'));
    let mut rows: Vec<Vec<Vec<String>>> = Vec::new();
    let mut open = false;
    for line in block {
        if is_border(line.trim()) {
            open = false;
            continue;
        }
        let cs = cells(line);
        let continues = open && (grid || cs.first().is_some_and(|c| c.is_empty()));
        if continues && let Some(row) = rows.last_mut() {
            for (k, c) in cs.iter().enumerate() {
                if c.is_empty() {
                    continue;
                }
                if k >= row.len() {
                    row.resize(k + 1, Vec::new());
                }
                row[k].push((*c).to_string());
            }
        } else {
            rows.push(
                cs.iter()
                    .map(|c| {
                        if c.is_empty() {
                            Vec::new()
                        } else {
                            vec![(*c).to_string()]
                        }
                    })
                    .collect(),
            );
        }
        open = true;
    }
    rows
}

/// Words that head a column rather than answer anything.
const HEADINGS: [&str; 22] = [
    "#",
    "answer",
    "answers",
    "comments",
    "detail",
    "details",
    "field",
    "item",
    "measure",
    "no",
    "no.",
    "notes",
    "number",
    "our answer",
    "question",
    "response",
    "result",
    "section",
    "stage",
    "unit",
    "units",
    "value",
];

fn is_heading(cell: &[String]) -> bool {
    cell.len() <= 1 && {
        let c = cell
            .first()
            .map_or("", String::as_str)
            .trim_matches(['*', '_', ' '])
            .to_lowercase();
        c.is_empty() || HEADINGS.contains(&c.as_str())
    }
}

/// A cell's lines as one: joined with spaces when they are a sentence the table wrapped,
/// kept apart when each is an item of its own (a figure with its name, a bullet).
fn cell_text(cell: &[String]) -> String {
    let listed = cell.len() > 1
        && cell
            .iter()
            .all(|l| l.contains(':') || l.starts_with(['-', '*', '•']) || l.ends_with(|c: char| c.is_ascii_digit()));
    cell.join(if listed { "\n" } else { " " })
}

/// The lines a table block becomes, or `None` when it is not a table of answers or
/// measures (fewer than two rows, or rows of three or more cells with no unit column).
fn rewrite(block: &[&str]) -> Option<Vec<String>> {
    let mut rows = rows(block);
    if rows.len() < 2 {
        return None;
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    // A markdown table's first row is its heading when a rule follows it.
    let ruled = block.len() > 1 && !is_border(block[0].trim()) && is_border(block[1].trim());
    let header = ruled || rows[0].iter().all(|c| is_heading(c));
    let unit_column = header
        && width >= 3
        && rows[0].iter().any(|c| {
            c.first()
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("unit") || h.trim().eq_ignore_ascii_case("units"))
        });
    if header {
        rows.remove(0);
    }
    if !(width == 2 || unit_column) {
        return None;
    }
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let name = row.first().map(|c| cell_text(c)).unwrap_or_default();
        let rest: Vec<String> = row[1.min(row.len())..]
            .iter()
            .map(|c| cell_text(c))
            .filter(|c| !c.is_empty())
            .collect();
        match (name.is_empty(), rest.is_empty()) {
            (true, true) => {}
            (true, false) => out.push(rest.join(" ")),
            (false, true) => out.push(format!("{name}:")),
            (false, false) if rest[0].contains('\n') => out.push(format!("{name}:\n{}", rest.join(" "))),
            (false, false) => out.push(format!("{name}: {}", rest.join(" "))),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{across, untabled};

    #[test]
    fn markdown_question_table_becomes_labels() {
        let text = "Did this as a table:\n\n| Question | Answer |\n|---|---|\n| Change | Same-day call |\n| Decision | Adapt |\n\nBest,";
        assert_eq!(
            untabled(text).as_deref(),
            Some("Did this as a table:\n\nChange: Same-day call\nDecision: Adapt\n\nBest,")
        );
    }

    #[test]
    fn grid_cells_wrapped_over_lines_are_joined() {
        let text = "+--------+------------------+\n| Change | Consent moved to |\n|        | the quiet room.  |\n+--------+------------------+\n| Measures | Approached: 22 |\n|          | Consented: 15  |\n+--------+------------------+";
        assert_eq!(
            untabled(text).as_deref(),
            Some("Change: Consent moved to the quiet room.\nMeasures:\nApproached: 22\nConsented: 15")
        );
    }

    #[test]
    fn measure_table_with_units_becomes_measure_lines() {
        let text = "Measures:\n\n| Measure | Value | Unit |\n|---|---|---|\n| Staff vaccinated | 286 | staff |\n| Sessions run | 14 | |";
        assert_eq!(
            untabled(text).as_deref(),
            Some("Measures:\n\nStaff vaccinated: 286 staff\nSessions run: 14")
        );
    }

    #[test]
    fn labels_across_the_top_read_the_row_under_them() {
        let text = "Our row:\n\nChange\tPrediction\tWhat happened\tMeasures\tDecision\nCall-back\tFewer drops\tUsed a lot\tCalls: 312; Abandoned: 41\tAdopt\n\nThanks";
        let read = across(text).unwrap();
        assert_eq!(
            read.text,
            "Our row:\n\nChange: Call-back\nPrediction: Fewer drops\nWhat happened: Used a lot\nMeasures:\nCalls: 312\nAbandoned: 41\nDecision: Adopt\n\nThanks"
        );
        assert!(!read.other_rows);
        let two = "Cycle | Change | Prediction | Learning | Decision\n5 (May) | Leaflet | More | Forgot | Adapt\n6 (June) | QR code | Double | Better | Adopt";
        let read = across(two).unwrap();
        assert_eq!(
            read.text,
            "Change: QR code\nPrediction: Double\nLearning: Better\nDecision: Adopt"
        );
        assert!(read.other_rows);
        assert!(across("Name\tRole\tPhone\tEmail\nJo\tNurse\t01632 960123\tjo@x.example").is_none());
    }

    #[test]
    fn spreadsheet_cells_in_quotes_lose_their_quotes() {
        let text = "Change\tGrab sheet\nWhat happened\t\"Nurses said the \"\"grab sheet\"\" was easier.\nOne readmission.\"\nDecision\tAdapt";
        assert_eq!(
            untabled(text).as_deref(),
            Some(
                "Change\tGrab sheet\nWhat happened\tNurses said the \"grab sheet\" was easier.\nOne readmission.\nDecision\tAdapt"
            )
        );
        assert_eq!(untabled("Change\t\"never closed\nDecision\tAdapt"), None);
    }

    #[test]
    fn lone_numbers_over_their_answers() {
        let text = "Q\nAnswer\n\n1\nShared inbox\n\n2\nFewer calls\n\n4\nQueries: 143\nSame day: 131\n\n6\nadapt";
        assert_eq!(
            super::number_cells(text).as_deref(),
            Some("Q\nAnswer\n\n1. Shared inbox\n\n2. Fewer calls\n\n4. Queries: 143\nSame day: 131\n\n6. adapt")
        );
        assert_eq!(super::number_cells("Scores\n3\n5\n2\n7"), None);
    }

    #[test]
    fn wide_tables_and_lone_bars_are_left_alone() {
        assert_eq!(untabled("| Month | Jan | Feb |\n| DNA | 12 | 9 |"), None);
        assert_eq!(untabled("Change: a | b"), None);
        assert_eq!(untabled("| just one row |"), None);
    }
}
