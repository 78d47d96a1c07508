//! Signature lines outside the answers, in the text that fitted no answer: a signature
//! block above the answers (typed into the quoted reminder under the writer's own
//! signature), and a team's or group's name under the closing name.

use super::signature;
use super::text::{self, is_blank};

/// Where the line or two of team or group under the writer's closing name starts
/// ("Nadia\nChildren's Diabetes Parent Panel" at the end), or the end of `unplaced`.
pub(super) fn team_under_closing_name(unplaced: &[&str]) -> usize {
    let content: Vec<usize> = (0..unplaced.len()).filter(|&i| !is_blank(unplaced[i])).collect();
    let n = content.len();
    for under in [1, 2] {
        let Some(&name) = n.checked_sub(under + 1).and_then(|k| content.get(k)) else {
            break;
        };
        let team = &content[n - under..];
        let named = signature::is_signature_name(unplaced[name]) && !text::word_count_over(unplaced[name], 3);
        let team_lines = team.iter().all(|&i| {
            let t = unplaced[i].trim();
            !text::word_count_over(t, 6)
                && !t.ends_with(['.', '!', '?', ':', ','])
                && t.split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase() || !c.is_alphabetic()) || w.len() <= 3)
        });
        if named && team_lines {
            return team[0];
        }
    }
    unplaced.len()
}

/// The lines of a signature block above the answers, as when the answers are typed
/// into the quoted reminder under the writer's own signature: under a name or a sign-off,
/// short lines that read as a job title, organisation or phone number
/// ("Craig Stewart | Charge Nurse | Ward 4B", "Tel 01632 960944").
pub(super) fn signature_above_answers(preamble: &[&str]) -> Vec<usize> {
    let mut signed = Vec::new();
    let mut under_name = false;
    for (i, line) in preamble.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if under_name && signature::looks_like_title(t) && signature::is_signature_detail(t) {
            signed.push(i);
        } else {
            under_name = signature::is_sign_off(t) || (text::word_count(t) <= 3 && signature::is_name_line(t));
        }
    }
    signed
}
