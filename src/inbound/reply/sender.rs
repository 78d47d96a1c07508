//! The sender's own name, signed under an answer ("…visits\nJo"), or alone under a
//! question left unanswered in the quoted reminder: their signature, not the answer.

use super::Fields;
use super::text::{self, LinesExt};

/// Takes the sender's name (from the display name: "Jo Bloggs", "Bloggs, Jo (Trust)")
/// off the end of each text answer, with a line or two of job title or team under it.
pub(super) fn drop_signed_name(f: &mut Fields, sender: &str) {
    let names = names_of(sender);
    if names.is_empty() {
        return;
    }
    let is_name = |line: &str| signs_as(line, &names);
    for value in [
        &mut f.change,
        &mut f.prediction,
        &mut f.what_happened,
        &mut f.learning,
        &mut f.next_steps,
    ] {
        // The name on the last line, or over a line or two of job title or team
        // ("Nadia\nSouthmead District Nurses"); or the name alone, signed under a
        // question left unanswered in the quoted reminder.
        let Some(v) = value.as_deref() else { continue };
        let lines: Vec<&str> = v.text_lines().collect();
        let Some(at) = (0..lines.len()).rev().take(3).find(|&i| is_name(lines[i])) else {
            continue;
        };
        let title = |l: &&str| {
            let l = l.trim();
            !l.is_empty() && text::word_count(l) <= 6 && !l.ends_with(['.', '!', '?', ':'])
        };
        if !lines[at + 1..].iter().all(title) {
            continue;
        }
        let above = lines[..at].join("\n");
        *value = (!above.trim().is_empty()).then(|| above.trim_end().to_string());
    }
}

/// The words of the sender's display name, lower-cased ("Jo Bloggs" → jo, bloggs).
fn names_of(sender: &str) -> Vec<String> {
    sender
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '-')
        .filter(|w| w.chars().count() >= 2 && w.starts_with(char::is_uppercase))
        .map(str::to_lowercase)
        .collect()
}

/// True when `line` is the sender's name as they sign it: "Jo", "jo x", "Jo Bloggs." (a
/// kiss is a word of x's, so "Alex" stays whole), with their role in brackets or after a
/// dash ("jade (reception)", "Kaz - admin team").
fn signs_as(line: &str, names: &[String]) -> bool {
    // An answer's line is mostly longer than a name: ruled out before any allocation.
    if line.trim().len() > 60 || text::word_count_over(line, 6) {
        return false;
    }
    let mut signed = line.trim();
    if let Some(open) = signed.find('(')
        && signed.ends_with(')')
        && !signed[open + 1..].contains('(')
    {
        signed = signed[..open].trim_end();
    } else if let Some((name, role)) = [" - ", " – ", " — "].iter().find_map(|d| signed.split_once(d))
        && !role.contains(['.', '!', '?', ':'])
        && !text::word_count_over(role, 3)
    {
        signed = name.trim_end();
    }
    let lower = signed.trim_end_matches(['.', ',', '!']).to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| w.chars().all(|c| c == 'x')) {
        words.pop();
    }
    let t = words.join(" ");
    !t.is_empty() && (names.contains(&t) || t == names.join(" "))
}

/// Takes the sender's name, signed in their own way ("kai"), off the end of the text that
/// fitted no answer, with the line or two of team under it ("Nadia\nParent Panel").
pub(super) fn drop_unplaced_name(unplaced: &mut Vec<String>, sender: &str) {
    let names = names_of(sender);
    if names.is_empty() {
        return;
    }
    let from = unplaced.len().saturating_sub(3);
    if let Some(at) = (from..unplaced.len()).find(|&i| signs_as(&unplaced[i], &names))
        && unplaced[at + 1..]
            .iter()
            .all(|l| !text::word_count_over(l, 6) && !l.trim_end().ends_with(['.', '!', '?', ':']))
    {
        unplaced.truncate(at);
    }
}
