//! Several answers run together on one line, put one per line before they are read:
//! all seven on one phone line, answers split by semicolons, bars or slashes,
//! numbered answers run on ("1. … 2. …"), and labels in the middle of a line.

use super::labels::{self, Strength};
use super::layouts::labels_without_separator;
use super::text;
use super::text::LinesExt;

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
/// space; only when the numbers then run 1, 2, 3, 4… with none out of order. A number
/// may skip questions the writer left out ("3. one fall all month, 6. adopt") after a
/// comma, semicolon or full stop. Four numbers at least.
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
    let mut count = 0;
    let mut split = false;
    let mut out: Vec<&str> = Vec::new();
    for line in text.text_lines() {
        if numbered(line, next, mark) {
            next += 1;
            count += 1;
        } else if (1..=7).any(|n| numbered(line, n, mark)) {
            // A number out of turn: a list inside an answer, or not answers at all.
            return None;
        } else if next == 1 {
            out.push(line);
            continue;
        }
        let mut rest = line;
        while let Some((at, n)) = next_number(rest, next, mark) {
            // The comma or semicolon that ran the answers together is not part of one.
            out.push(rest[..at].trim_end_matches([',', ';']));
            rest = &rest[at + 1..];
            next = n + 1;
            count += 1;
            split = true;
        }
        out.push(rest);
    }
    (split && count >= 4).then(|| out.join("\n"))
}

/// Where the next answer's number starts in `rest` (the index of the space before it)
/// and which number it is: `next` after a space, or a later one (up to 7) after a
/// comma, semicolon or full stop and a space; the earliest of these.
fn next_number(rest: &str, next: u32, mark: char) -> Option<(usize, u32)> {
    let bytes = rest.as_bytes();
    (1..bytes.len()).find_map(|at| {
        let n = u32::from(bytes[at].wrapping_sub(b'0'));
        let fits = (next..=7).contains(&n)
            && bytes[at - 1] == b' '
            && rest[at + 1..].starts_with(mark)
            && rest[at + 2..].starts_with(' ');
        let after_stop = at >= 2 && matches!(bytes[at - 2], b',' | b';' | b'.');
        (fits && (n == next || after_stop)).then_some((at - 1, n))
    })
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
