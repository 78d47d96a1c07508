//! A line inside an answer that reads like the heading of another answer ("Predicted
//! outcome: …", "**Our hopes:**"): a label labloop does not know, whose answer would
//! otherwise be glued silently onto the one before.

use std::sync::LazyLock;

use regex::Regex;

use super::measures;
use super::text::LinesExt;

/// "Our hopes: …", and a label with a leader ("Other ------- Could these …").
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[*_#\s]*(?P<label>[A-Z][a-z'’]*(?:\s+[a-z'’]+){0,4})\s*[*_]*\s*(?::|(?P<leader>\s?(?:\.{3,}|…|[-–—]{3,})))(?:\s+\S.*)?$")
        .expect("built-in pattern compiles")
});

/// A line after an answer's first that reads like a heading of its own
/// ("Predicted outcome: …", "**Our hopes:**"): a label we do not know, whose
/// answer would otherwise be glued silently onto the one before.
/// A line of a list: a bullet ("-", "*", "•", "·", "o") or a number ("1.", "2)").
fn is_list_item(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    measures::strip_bullet(t).len() != t.len()
        || t.starts_with("o ")
        || (digits > 0 && digits <= 2 && t[digits..].starts_with(['.', ')']))
}

pub(super) fn stray_heading(value: &str) -> Option<String> {
    // "Ffion: …" then "Gareth: …": two people's words, each under their name.
    let one_word_labels: Vec<&str> = value
        .text_lines()
        .filter_map(|l| HEADING.captures(l.trim())?.name("label").map(|m| m.as_str()))
        .filter(|l| !l.contains(char::is_whitespace))
        .collect();
    let dialogue = one_word_labels.iter().any(|l| l != &one_word_labels[0]);
    let lines: Vec<&str> = value.text_lines().collect();
    lines.iter().enumerate().skip(1).find_map(|(i, line)| {
        // "There were two problems:" over a list leads the list in.
        let leads_a_list = line.trim_end().ends_with(':')
            && lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|next| is_list_item(next));
        if leads_a_list {
            return None;
        }
        // "• Staffing on lates: on 9 shifts…" is an item of a list.
        if is_list_item(line) {
            return None;
        }
        let caps = HEADING.captures(line.trim())?;
        let label = caps.name("label")?.as_str();
        let words = label.split_whitespace().count();
        let everyday = [
            "Note", "Notes", "Nb", "Ps", "Eg", "Update", "Edit", "Example", "Also", "Tip",
        ];
        let leader = caps.name("leader").is_some();
        if everyday.contains(&label) || (words < 2 && !leader && (label.len() < 6 || dialogue)) {
            return None;
        }
        Some(label.to_string())
    })
}

/// For a line with a leader ("Change ........ text", "Other ------- Could …"): a few
/// words, a run of three or more dots or dashes (or "…"), then a space or the end; the
/// first character after it, if any.
pub(super) fn leader_after(line: &str) -> Option<Option<char>> {
    let t = line.trim();
    let rest = &t[t.find(char::is_alphabetic)?..];
    let name_end = rest.find(|c: char| !(c.is_alphabetic() || matches!(c, '\'' | '’' | ' ')))?;
    if rest[..name_end].chars().count() > 31 {
        return None;
    }
    let after_name = &rest[name_end..];
    let leader = &after_name[..after_name.len() - after_name.trim_start_matches(['.', '-', '–', '—', '…']).len()];
    if leader.chars().count() < 3 && !leader.contains('…') {
        return None;
    }
    let after = &after_name[leader.len()..];
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    Some(after.trim_start().chars().next())
}
