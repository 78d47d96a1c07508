//! Replies laid out in a way of their own, rewritten into the usual one before the
//! answers are read: the PDSA stages by their letters ("P: …"), labels with no
//! separator after them, all seven answers on one phone line.

use super::labels::{self, Field, Strength};
use super::text;
use super::text::LinesExt;

/// "P: …", "D: …", "S: …", "A: …": the PDSA stages by their letters, spelled out
/// ("Plan: …") so that they read as the stages' labels. Only when P, D and S all start
/// lines, in that order, so a "Q:"/"A:" layout is left alone.
pub(super) fn pdsa_letters(text: &str) -> Option<String> {
    let stage = |line: &str| {
        let t = line.trim_start();
        ["P:", "D:", "S:", "A:"].iter().position(|p| t.starts_with(p))
    };
    let mut next = 0;
    for line in text.text_lines() {
        if stage(line) == Some(next) && next < 3 {
            next += 1;
        }
    }
    if next < 3 {
        return None;
    }
    let spelled: Vec<String> = text
        .text_lines()
        .map(|line| match stage(line) {
            Some(i) => {
                let t = line.trim_start();
                format!("{}:{}", ["Plan", "Do", "Study", "Act"][i], &t[2..])
            }
            None => line.to_string(),
        })
        .collect();
    Some(spelled.join("\n"))
}

/// "1 leaflet at booking 2 more people asked 3 …": all the answers on one line, as
/// typed on a phone, also as "Hi - 1) … 2) …". Rewritten one per line ("1. leaflet at
/// booking") when the numbers 1, 2, 3 and 4 appear in order as words, each with the
/// same mark as the first; what comes before the 1 stays as a line of its own.
pub(super) fn one_line_answers(text: &str) -> Option<String> {
    for line in text.text_lines() {
        let t = line.trim();
        // The first "1" that starts a word and is followed by the numbering's mark:
        // "1 leaflets…", "1) extra HCA…", "Hi - 1. …".
        let starts = t
            .match_indices('1')
            .map(|(i, _)| i)
            .filter(|&i| (i == 0 || t[..i].ends_with(' ')) && t[i + 1..].starts_with([' ', '.', ')', ':']));
        for first in starts {
            let mark = t[first + 1..].chars().next().unwrap_or(' ');
            let mut cuts = vec![first];
            let mut from = first + 1;
            for n in 2..=7 {
                let needle = if mark == ' ' {
                    format!(" {n} ")
                } else {
                    format!(" {n}{mark}")
                };
                let found = t[from..].match_indices(&needle).map(|(p, _)| from + p).find(|&p| {
                    // "2.5 hours" is not answer 2.
                    let after = &t[p + needle.len()..];
                    mark == ' ' || mark == ')' || after.is_empty() || after.starts_with(' ')
                });
                match found {
                    Some(p) => {
                        cuts.push(p + 1);
                        from = p + needle.len();
                    }
                    None => break,
                }
            }
            if cuts.len() < 4 {
                continue;
            }
            let mut out = Vec::new();
            let lead = t[..first].trim();
            if !lead.is_empty() {
                out.push(lead.to_string());
            }
            for (k, &start) in cuts.iter().enumerate() {
                let end = cuts.get(k + 1).map_or(t.len(), |&e| e);
                let part = t[start..end].trim();
                let (num, answer) = part.split_at(1);
                out.push(format!("{num}. {}", answer.trim_start_matches(['.', ')', ':', ' '])));
            }
            return Some(text.replacen(line, &out.join("\n"), 1));
        }
    }
    None
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

/// "Change: moved the obs round; Prediction: fewer missed; …": the answers on one line
/// split by semicolons, with or without a separator after each label. Rewritten one
/// per line when four or more of the parts open with a label.
pub(super) fn semicolon_answers(text: &str) -> Option<String> {
    // Semicolons, and on a phone bars or slashes with spaces round them: "nurse on the
    // front door | PREDICTION - time to triage down | …", "… // predicted: fewer …".
    for sep in [";", " | ", " // ", " / "] {
        for line in lines_with_three(text, sep) {
            let parts: Vec<&str> = line.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
            // A table's row ("Falls | 3 | 7") has bars too: only parts that may open with a
            // label or a Q number are worth the work below.
            let q_number = |p: &&str| p.starts_with(['q', 'Q']) && p[1..].starts_with(|c: char| c.is_ascii_digit());
            if sep != ";"
                && parts
                    .iter()
                    .filter(|p| labels::may_start_label(p) || q_number(p))
                    .count()
                    < 3
            {
                continue;
            }
            let split = parts.join("\n");
            let split = labels_without_separator(&split).unwrap_or(split);
            // Labels count; with a bar or a slash, so do question numbers ("Q2 - …").
            let labelled = split
                .text_lines()
                .filter(|part| {
                    labels::marker(part).is_some_and(|m| {
                        m.strength != Strength::Number || (sep != ";" && part.trim_start().starts_with(['q', 'Q']))
                    })
                })
                .count();
            if labelled >= 4 {
                return Some(text.replacen(line, &split, 1));
            }
        }
    }
    None
}

/// The lines of `text` holding `sep` three times or more, found from the separators
/// (one SIMD search over the text) rather than line by line.
fn lines_with_three<'a>(text: &'a str, sep: &str) -> Vec<&'a str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None; // (line start, count)
    for at in memchr::memmem::find_iter(bytes, sep.as_bytes()) {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        match &mut current {
            Some((s, n)) if *s == start => *n += 1,
            _ => {
                if let Some((s, n)) = current
                    && n >= 3
                {
                    out.push(s);
                }
                current = Some((start, 1));
            }
        }
    }
    if let Some((s, n)) = current
        && n >= 3
    {
        out.push(s);
    }
    out.into_iter()
        .map(|s| {
            let end = memchr::memchr(b'\n', &bytes[s..]).map_or(text.len(), |i| s + i);
            // A line as text_lines gives it: without the carriage return.
            let line = &text[s..end];
            line.strip_suffix('\r').unwrap_or(line)
        })
        .collect()
}

/// "1. Blister packs checked 2. Fewer errors\n3. Took longer 4. Errors: 1": numbered
/// answers run on, several to a line. Each number after the first is put on a line of
/// its own when it follows the one before with the same mark ("." ")" ":") and a
/// space; only when the numbers then run 1, 2, 3, 4… with none out of order.
pub(super) fn run_on_numbers(text: &str) -> Option<String> {
    let numbered = |t: &str, n: u32, mark: char| {
        let t = t.trim_start();
        let mut c = t.chars();
        c.next() == char::from_digit(n, 10) && c.next() == Some(mark) && c.next() == Some(' ')
    };
    let mark = text.text_lines().find_map(|l| {
        let t = l.trim_start();
        t.strip_prefix('1')?
            .chars()
            .next()
            .filter(|m| matches!(m, '.' | ')' | ':'))
    })?;
    let mut next = 1;
    let mut split = false;
    let mut out: Vec<&str> = Vec::new();
    for line in text.text_lines() {
        if numbered(line, next, mark) {
            next += 1;
        } else if (1..=7).any(|n| numbered(line, n, mark)) {
            // A number out of turn: a list inside an answer, or not answers at all.
            return None;
        } else if next == 1 {
            out.push(line);
            continue;
        }
        let mut rest = line;
        while next <= 7 {
            let digit = char::from_digit(next, 10).unwrap_or('9');
            let Some(at) = rest.match_indices(digit).map(|(at, _)| at).find(|&at| {
                at > 0
                    && rest[..at].ends_with(' ')
                    && rest[at + 1..].starts_with(mark)
                    && rest[at + 2..].starts_with(' ')
            }) else {
                break;
            };
            let at = at - 1;
            out.push(&rest[..at]);
            rest = &rest[at + 1..];
            next += 1;
            split = true;
        }
        out.push(rest);
    }
    (split && next > 4).then(|| out.join("\n"))
}

/// "Change: no 2am obs. Prediction: pts sleep better.": the next answer's label after
/// the end of a sentence, on the line of the answer before. Each such label starts a
/// line of its own when it names a later question than the one before it on the line,
/// and when the reply does this at least twice.
pub(super) fn labels_mid_line(text: &str) -> Option<String> {
    let label_at = |t: &str| {
        let colon = t.find(':')?;
        if colon > 30 || text::word_count(&t[..colon]) > 4 || !labels::may_start_label(t) {
            return None;
        }
        labels::marker(t)
            .filter(|m| m.strength == Strength::Label)
            .map(|m| m.field)
    };
    let mut splits = 0;
    let mut out: Vec<&str> = Vec::new();
    for line in text.text_lines() {
        // Another label on the line needs another colon.
        let second_colon = line.find(':').is_some_and(|c| line[c + 1..].contains(':'));
        let Some(mut field) = second_colon.then(|| label_at(line.trim_start())).flatten() else {
            out.push(line);
            continue;
        };
        let mut start = 0;
        for (end, _) in line.match_indices(['.', '!', '?', ';']) {
            let next = line[end + 1..].trim_start();
            if end + 1 == line.len() || !line[end + 1..].starts_with(' ') {
                continue;
            }
            if let Some(f) = label_at(next)
                && f > field
            {
                out.push(line[start..=end].trim());
                start = line.len() - next.len();
                field = f;
                splits += 1;
            }
        }
        out.push(&line[start..]);
    }
    (splits >= 2).then(|| out.join("\n"))
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
