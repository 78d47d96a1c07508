//! Which lines of a measures answer are measures: a line holding several
//! (`Offered: 14; attended: 9`), a table turned into text (read in `measure_tables.rs`),
//! and a figure with no name, which nobody could record; and the lines that read as
//! measures in a reply that marks no answers.
//! Each measure line is read by [`parse_measure`].

use std::sync::LazyLock;

use regex::Regex;

use super::Measure;
use super::measure_tables::{cell_measure, is_table_heading, paired_cells};
use super::measures::{parse_measure, split_separator, strip_bullet};
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
    // "New patients 48 | Follow-ups 131 | DNAs 9": named figures, each ending the cell.
    if line.contains('|') {
        let bars = parts_with('|');
        let named_figure = |p: &&str| {
            let t = p.trim();
            t.starts_with(char::is_alphabetic)
                && t.trim_end_matches('%').ends_with(|c: char| c.is_ascii_digit())
                && super::text::word_count(t) <= 6
        };
        let unnamed_line = !line.contains([':', '=']);
        if bars.len() > 1
            && (bars.iter().all(|p| p.contains([':', '='])) || (unnamed_line && bars.iter().all(named_figure)))
        {
            return bars;
        }
    }
    // "offered 60, accepted 22, referred to GP 3": figures named in a short list. Each
    // part after the first starts with a word, so "£12,000" is not split.
    // "Screened within 6 weeks, previous quarter – 52/81 (64%)": a dash after the last
    // comma names one figure; a comma list of figures has a dash in every part or none.
    let figures = |p: &&str| p.bytes().any(|b| b.is_ascii_digit()) && super::text::word_count(p) <= 6;
    let dashed = |p: &&str| [" - ", " – ", " — "].iter().any(|d| p.contains(d));
    if commas.len() > 1
        && !line.contains([':', '='])
        && (commas.iter().all(dashed) || !commas.iter().any(dashed))
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
