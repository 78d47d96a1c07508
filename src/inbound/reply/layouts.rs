//! Replies laid out in a way of their own, rewritten into the usual one before the
//! answers are read: the PDSA stages by their letters ("P: …"), numbered answers with
//! no mark after the number, dictated line breaks, misspelt labels with a dash, and
//! labels with no separator after them. Answers run together on one line are in
//! `one_line.rs`.

use super::labels::{self, Field, Strength};
use super::text;
use super::text::LinesExt;

/// "P: …", "D – …", "S: …", "A: …": the PDSA stages by their letters, spelled out
/// ("Plan: …") so that they read as the stages' labels. Only when P, D and S all start
/// lines, in that order, so a "Q:"/"A:" layout is left alone.
pub(super) fn pdsa_letters(text: &str) -> Option<String> {
    // The letter, then a colon or a spaced dash ("P – …", "S -" over the figures);
    // the length of the letter and its separator.
    let stage = |line: &str| -> Option<(usize, usize)> {
        let t = line.trim_start();
        let i = ["P", "D", "S", "A"].iter().position(|p| t.starts_with(p))?;
        let after = &t[1..];
        if after.starts_with(':') {
            return Some((i, 2));
        }
        let dash = after.strip_prefix(' ')?;
        let sep = ["-", "–", "—"].iter().find(|d| dash.starts_with(**d))?;
        let rest = &dash[sep.len()..];
        (rest.is_empty() || rest.starts_with(' ')).then_some((i, 2 + sep.len()))
    };
    let mut next = 0;
    for line in text.text_lines() {
        if stage(line).map(|(i, _)| i) == Some(next) && next < 3 {
            next += 1;
        }
    }
    if next < 3 {
        return None;
    }
    let spelled: Vec<String> = text
        .text_lines()
        .map(|line| match stage(line) {
            Some((i, len)) => {
                let t = line.trim_start();
                format!("{}:{}", ["Plan", "Do", "Study", "Act"][i], &t[len..])
            }
            None => line.to_string(),
        })
        .collect();
    Some(spelled.join("\n"))
}

/// "1 moved the obs round", "2 fewer missed obs": answers numbered with nothing after
/// the number, as typed on a phone. A full stop is put after the numbers when at least
/// five lines start that way with the numbers rising from 1 (at most one skipped
/// between two), or when every line of the reply does, three or more, rising from 1; so
/// prose lines that open with a count ("3 patients declined") are left alone.
pub(super) fn numbers_without_mark(text: &str) -> Option<String> {
    // The number's offset in the line and its value: "1 moved…", "  2 fewer…".
    let number = |line: &str| {
        let at = line.len() - line.trim_start().len();
        let b = &line.as_bytes()[at..];
        let numbered = b.len() > 2 && (b'1'..=b'7').contains(&b[0]) && b[1] == b' ' && b[2].is_ascii_alphabetic();
        numbered.then(|| (at, u32::from(b[0] - b'0')))
    };
    let lines: Vec<&str> = text.text_lines().collect();
    let mut last = 0;
    let mut numbered = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some((at, n)) = number(line)
            && n > last
            && n <= last + 2
            && (last > 0 || n == 1)
        {
            numbered.push((i, at));
            last = n;
        }
    }
    if numbered.is_empty() {
        return None;
    }
    if numbered.len() < 5 {
        // "1 Text reminders\n3 went ok\n6 adopt": three or more answers, and every line
        // of the reply numbered, rising from 1 ("3 patients seen\n5 declined" are counts).
        let written: Vec<(usize, &str)> = lines
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .collect();
        let all: Vec<(usize, usize, u32)> = written
            .iter()
            .filter_map(|&(i, l)| number(l).map(|(at, n)| (i, at, n)))
            .collect();
        if all.len() < 3 || all.len() < written.len() || all[0].2 != 1 || !all.windows(2).all(|w| w[0].2 < w[1].2) {
            return None;
        }
        numbered = all.into_iter().map(|(i, at, _)| (i, at)).collect();
    }
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    for (i, at) in numbered {
        out[i].insert(at + 1, '.');
    }
    Some(out.join("\n"))
}

/// "…in the first 2 weeks new line what happened we managed…": a dictated reply with
/// the spoken command left in. "new line" (or "new paragraph") before a label's noun
/// starts a line there; "a new line for referrals" is left alone.
pub(super) fn spoken_line_breaks(text: &str) -> Option<String> {
    // Most replies have neither word: look before lower-casing the whole reply.
    let said = |w: &str| text.contains(w) || text.contains(&w.to_ascii_uppercase()) || text.contains(&capitalised(w));
    if !said(" line") && !said(" paragraph") {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if !lower.contains("new line") && !lower.contains("new paragraph") {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    let mut changed = false;
    for command in ["new line", "new paragraph"] {
        for (at, _) in lower.match_indices(command) {
            let end = at + command.len();
            if at < from || !(at == 0 || lower[..at].ends_with(' ')) || !lower[end..].starts_with(' ') {
                continue;
            }
            let next = text::first_word(lower[end..].trim_start());
            if !text::word_in(next, &LABEL_NOUNS) {
                continue;
            }
            out.push_str(text[from..at].trim_end());
            out.push('\n');
            from = end + 1;
            changed = true;
        }
    }
    out.push_str(&text[from..]);
    changed.then_some(out)
}

/// " line" → " Line".
fn capitalised(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut up = true;
    for c in word.chars() {
        if up && c.is_ascii_alphabetic() {
            out.push(c.to_ascii_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// "Chang - Texting negative results", "Predicton - Fewer calls": labels with a slip
/// of the keyboard and a dash after them, as one writer types them all. The dash
/// becomes a colon (so the slip is read as a label) when four or more lines start so.
pub(super) fn misspelt_dash_labels(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.text_lines().collect();
    // Where the dash is, and how long ("Chang - …", or "Mesurments -" over a list).
    let colon_at = |line: &str| {
        // The dash comes within the first words.
        if !line.as_bytes().iter().take(28).any(|&b| b == b'-') {
            return None;
        }
        let (head, rest, dash) = match line.split_once(" - ") {
            Some((head, rest)) => (head, rest, 3),
            None => (line.trim_end().strip_suffix(" -")?, "", 2),
        };
        if head.len() > 24 || head.trim().is_empty() || head.contains(':') {
            return None;
        }
        let as_colon = format!("{head}: {rest}");
        labels::marker(&as_colon)
            .is_some_and(|m| m.strength == Strength::Label)
            .then_some((head.len(), dash))
    };
    let found: Vec<(usize, usize, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.starts_with(char::is_whitespace))
        .filter_map(|(i, l)| colon_at(l).map(|(at, dash)| (i, at, dash)))
        .collect();
    // Only when a slip needed the colon: labels spelled right are read with a dash.
    let slipped = found
        .iter()
        .any(|&(i, _, _)| labels::marker(lines[i]).is_none_or(|m| m.strength != Strength::Label));
    if found.len() < 4 || !slipped {
        return None;
    }
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    for (i, at, dash) in found {
        out[i].replace_range(at..at + dash, if dash == 3 { ": " } else { ":" });
    }
    Some(out.join("\n"))
}

/// The nouns that open a label written with no separator after it.
const LABEL_NOUNS: [&str; 25] = [
    "change",
    "idea",
    "prediction",
    "predictions",
    "pred",
    "expected",
    "hypothesis",
    "what",
    "happened",
    "result",
    "results",
    "outcome",
    "outcomes",
    "measure",
    "measures",
    "measurements",
    "meas",
    "data",
    "numbers",
    "learning",
    "learnings",
    "learnt",
    "lessons",
    "decision",
    "next",
];

/// Labels followed by a space only, as when an answer is dictated ("Change we started a
/// frailty screen", "Decision adapt") or lined up in columns ("What happened 41 calls
/// made" among "Prediction    Fewer…"): a colon is put after them. Only when at least
/// five different answers start lines this way or with a usual label, in the order of
/// the questions, so prose that happens to open with "Change" or "Next" is left alone.
pub(super) fn labels_without_separator(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.text_lines().collect();
    let starts_line = |line: &str| !line.starts_with(char::is_whitespace) && line.len() <= 600;
    // First the lines that open with a label's noun and no separator ("We predicted
    // falls would drop" is a sentence); most replies have none, and stop here.
    let mut inserts: Vec<(usize, usize, Field)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let first = text::first_word(line.trim_start_matches(|c: char| !c.is_alphanumeric()));
        if !starts_line(line) || !text::word_in(first, &LABEL_NOUNS) || labels::marker(line).is_some() {
            continue;
        }
        // The longest run of up to four words that is a label by itself.
        let found = line
            .match_indices(' ')
            .take(4)
            .filter_map(|(end, _)| {
                let candidate = format!("{}:", &line[..end]);
                let m = labels::marker(&candidate)?;
                (m.strength == Strength::Label && m.rest.is_empty()).then_some((end, m.field))
            })
            .last();
        if let Some((end, field)) = found {
            inserts.push((i, end, field));
        }
    }
    if inserts.is_empty() {
        return None;
    }
    // Then every answer's start, with or without a separator, in the order written.
    let mut starts: Vec<Field> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(&(_, _, field)) = inserts.iter().find(|(at, _, _)| *at == i) {
            starts.push(field);
        } else if starts_line(line)
            && labels::may_start_label(line)
            && let Some(m) = labels::marker(line)
            && m.strength == Strength::Label
        {
            starts.push(m.field);
        }
    }
    if starts.len() < 5 || !starts.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    // "Change colon walk-in fit testing": dictation that spelled out the colon, on two or
    // more of the labels (one "Change colon cancer letters" is an answer about the colon).
    let spoken_colon = |i: usize, end: usize| {
        lines[i]
            .get(end..end + 7)
            .is_some_and(|w| w.eq_ignore_ascii_case(" colon "))
    };
    let spoken = inserts.iter().filter(|&&(i, end, _)| spoken_colon(i, end)).count() >= 2;
    for (i, end, _) in inserts {
        if spoken && spoken_colon(i, end) {
            out[i].replace_range(end..end + 6, ":");
        } else {
            out[i].insert(end, ':');
        }
    }
    Some(out.join("\n"))
}
