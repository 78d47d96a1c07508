//! Text that came from somewhere else before it was sent, put back into the usual
//! layout before the answers are read: a Teams chat pasted with each message's time and
//! sender, a tracker's rows with the PDSA stage in front of each label, and a label whose
//! note in brackets the mail client wrapped onto the next line.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::{self, Strength};
use super::text::LinesExt;

/// A label whose note in brackets the client wrapped onto the next line ("Prediction
/// (what we thought would happen, agreed at the March team" then "meeting): At least
/// 80%…"): the two lines joined, so the label is read with its note.
pub(super) fn wrapped_label_notes(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.text_lines().collect();
    let opens_note = |l: &str| {
        let open = l.rfind('(');
        open.is_some_and(|o| !l[o..].contains(')')) && labels::may_start_label(l)
    };
    let closes_note = |l: &str| l.find("):").is_some_and(|at| at <= 80 && !l[..at].contains('('));
    if !lines.windows(2).any(|w| opens_note(w[0]) && closes_note(w[1])) {
        return None;
    }
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if i + 1 < lines.len() && opens_note(lines[i]) && closes_note(lines[i + 1]) {
            out.push(format!("{} {}", lines[i].trim_end(), lines[i + 1].trim_start()));
            i += 2;
        } else {
            out.push(lines[i].to_string());
            i += 1;
        }
    }
    Some(out.join("\n"))
}

/// "[09:02] Daniel Mensah: " in front of a message pasted from a Teams chat.
static CHAT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\[\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]\s+[^:\[\]]{2,60}?:\s+")
        .expect("built-in pattern compiles")
});

/// A chat message's sender and time on a line of their own: "[10:15] Morgan, Alex
/// (Riverbend)", "[Yesterday 16:02] Jordan Blake", "[04/10/2030 15:22] Jo Whitby",
/// "Okafor, Chidi 14:02", "Chidi Okafor 14:02", "Amir Rahimi, 10:14".
static CHAT_STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\[(?:(?i:yesterday|today|mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+|\d{1,2}/\d{1,2}/\d{2,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?\]\s+[A-Z][^:\[\]]{1,60}|[A-Z][A-Za-z'’.-]*(?:,\s*|\s+)[A-Z][A-Za-z'’.-]*(?:\s+\([^)]{1,40}\))?,?\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?)\s*$")
        .expect("built-in pattern compiles")
});

/// Messages pasted from a Teams chat, each with its time and sender: "[09:02] Daniel
/// Mensah: Change - …", or the sender and time on a line above the message ("Okafor,
/// Chidi 14:02"). The stamps are taken off when three lines or more carry one, or when
/// each stamp on a line of its own sits straight above a label ("[Yesterday 16:02] Jordan
/// Blake" over "Change - …"), so that the labels lead their lines again.
pub(super) fn chat_stamps(text: &str) -> Option<String> {
    // Cheap looks first: a stamp opens with "[" or ends with the time.
    let may_be_stamp = |l: &str| {
        let t = l.trim();
        t.contains(':') && (t.starts_with('[') || t.ends_with(|c: char| c.is_ascii_digit() || c == 'M' || c == 'm'))
    };
    let is_stamp = |l: &str| may_be_stamp(l) && CHAT_STAMP.is_match(l);
    let prefixed = |l: &str| l.trim_start().starts_with('[') && CHAT_PREFIX.is_match(l);
    if text.text_lines().filter(|l| prefixed(l) || is_stamp(l)).take(3).count() < 3 {
        let lines: Vec<&str> = text.text_lines().collect();
        let over_label = |i: usize| {
            lines
                .get(i + 1)
                .and_then(|next| labels::marker(next))
                .is_some_and(|m| m.strength != Strength::Number)
        };
        let stamps: Vec<usize> = (0..lines.len()).filter(|&i| is_stamp(lines[i])).collect();
        if stamps.is_empty() || !stamps.iter().all(|&i| over_label(i)) {
            return None;
        }
    }
    let kept: Vec<&str> = text
        .text_lines()
        .filter(|l| !is_stamp(l))
        .map(|l| CHAT_PREFIX.find(l).map_or(l, |m| &l[m.end()..]))
        .collect();
    Some(kept.join("\n"))
}

/// "Plan⇥Change⇥…", "Study | Measures | …": a table whose first column names the PDSA
/// stage and whose second holds the usual label. The stage column is dropped so that
/// the labels lead their rows; only when three rows or more start with a stage.
pub(super) fn pdsa_column(text: &str) -> Option<String> {
    fn after_stage(line: &str) -> Option<&str> {
        let t = line.trim_start_matches(['|', ' ']);
        let word = t.split(|c: char| !c.is_alphabetic()).next()?;
        if !["plan", "do", "study", "act"]
            .iter()
            .any(|s| word.eq_ignore_ascii_case(s))
        {
            return None;
        }
        let after = &t[word.len()..];
        // "Plan⇥Change⇥…" (a column of its own), or "Plan – change⇥…" (one cell).
        let rest = if after.starts_with(['\t', '|']) || after.trim_start().starts_with('|') {
            after.trim_start_matches(['\t', '|', ' '])
        } else {
            let dashed = after.trim_start().strip_prefix(['-', '–', '—'])?;
            let rest = dashed.trim_start();
            labels::marker(rest).filter(|m| m.strength == Strength::Label)?;
            rest
        };
        (!rest.is_empty()).then_some(rest)
    }
    if text.text_lines().filter(|l| after_stage(l).is_some()).take(3).count() < 3 {
        return None;
    }
    let rows: Vec<&str> = text.text_lines().map(|l| after_stage(l).unwrap_or(l)).collect();
    Some(rows.join("\n"))
}
