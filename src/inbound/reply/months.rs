//! Months named in a reply: a heading over the answers ("Ward 12 for July:"), two
//! months that leave a person to check which cycle the answers are for ("January's, not
//! December's"), and next month's answers promised ("I'll do July on time").

use std::sync::LazyLock;

use regex::Regex;

use super::text;

/// A month's name, for a heading such as "Ward 12 for July:".
pub(super) static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?-u:\b)")
        .expect("built-in pattern compiles")
});

/// True when `t` names two different months ("January … not December"). A month
/// promised for later, after the other ("everything for June, and I'll do July on
/// time"), is the next cycle's, not a second month for these answers.
pub(super) fn names_two_months(t: &str) -> bool {
    // (month 0–11, promised for later), in order of writing.
    let mut named: Vec<(usize, bool)> = Vec::new();
    // "we may", "march on": the verbs are in lower case.
    let verb = |m: &str| matches!(m, "may" | "march");
    for m in MONTH.find_iter(t).filter(|m| !verb(m.as_str())) {
        let Some(month) = month_of(m.as_str()) else { continue };
        named.push((month, promised(&t[..m.start()])));
    }
    let months = |later: bool| named.iter().filter(move |n| n.1 == later).map(|n| n.0);
    let now: Vec<usize> = months(false).collect();
    if now.iter().any(|&m| m != now[0]) {
        return true;
    }
    let promised: Vec<usize> = months(true).collect();
    match now.first() {
        Some(&n) => promised.iter().any(|&m| m != n && m != (n + 1) % 12),
        None => promised.iter().any(|&m| m != promised[0]),
    }
}

/// 0 for January … 11 for December, from a word opening with a month's first three
/// letters ("Sept", "june", "March"); `None` for any other word.
pub(super) fn month_of(word: &str) -> Option<usize> {
    const KEYS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let key = text::prefix_chars(word, 3).to_lowercase();
    KEYS.iter().position(|k| *k == key)
}

/// True when the clause that `before` ends says what the writer will do: "… and I'll do",
/// "we will send", "we're going to get".
fn promised(before: &str) -> bool {
    let clause = before
        .rsplit(['.', ';', '!', '?', ',', '–', '—'])
        .next()
        .unwrap_or(before);
    // A space in front, so that "will" opening the clause is found as " will ".
    let lower = format!(" {}", clause.to_lowercase());
    ["'ll ", "’ll ", " will ", " shall ", "going to "]
        .iter()
        .any(|w| lower.contains(w))
}

/// A month (0–11) and a cycle number, either or both named.
type Named = (Option<usize>, Option<u32>);

/// The month and cycle number a heading or subject names: "MAY (cycle 8)", "April:",
/// "Cycle 8 (May 2031): what did you test?". `None` when it names neither.
fn month_and_cycle(t: &str) -> Option<Named> {
    // "we may", "march on": the verbs are in lower case.
    let month = MONTH
        .find_iter(t)
        .find(|m| m.as_str().starts_with(|c: char| c.is_uppercase()))
        .and_then(|m| month_of(m.as_str()));
    let lower = t.to_lowercase();
    let cycle = lower.match_indices("cycle").find_map(|(at, w)| {
        let digits: String = lower[at + w.len()..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    });
    (month.is_some() || cycle.is_some()).then_some((month, cycle))
}

/// A heading over one cycle's answers: a short line naming a month or a cycle and
/// nothing else ("APRIL (cycle 7)", "**May:**", "Cycle 8 – May").
fn cycle_heading(line: &str) -> Option<Named> {
    let t = line
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ':' | '-' | '–' | '—' | '=' | ' '));
    if t.is_empty() || text::word_count_over(t, 5) || t.contains(':') {
        return None;
    }
    month_and_cycle(t)
}

/// Answers for two cycles or more under month headings ("APRIL (cycle 7)" … "MAY (cycle
/// 8)"): the lines under the heading that names the cycle of `subject` ("Re: Cycle 8 (May
/// 2031): …"), and that heading. `None` unless two headings name different cycles and
/// exactly one of them is the subject's.
pub(super) fn answers_for_subject<'a>(text: &'a str, subject: &str) -> Option<(String, &'a str)> {
    let (month, cycle) = month_and_cycle(subject)?;
    let lines: Vec<&str> = text.lines().collect();
    let headings: Vec<(usize, Named)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| cycle_heading(l).map(|h| (i, h)))
        .collect();
    if headings.len() < 2 || headings.iter().all(|(_, h)| *h == headings[0].1) {
        return None;
    }
    let is_subjects =
        |h: &(Option<usize>, Option<u32>)| (h.0.is_some() && h.0 == month) || (h.1.is_some() && h.1 == cycle);
    let mut matching = headings.iter().enumerate().filter(|(_, (_, h))| is_subjects(h));
    let (k, &(at, _)) = matching.next()?;
    if matching.next().is_some() {
        return None;
    }
    let end = headings.get(k + 1).map_or(lines.len(), |&(next, _)| next);
    Some((lines[at + 1..end].join("\n"), lines[at].trim()))
}

/// A line above the answers that says they are for another cycle than the subject's
/// ("These are for June (cycle 6), we missed that one." under "Re: Cycle 7 (July
/// 2031): …"): that line. A month promised for later ("Will do July's separately") is
/// not what these answers are for.
pub(super) fn says_another_cycle<'a>(text: &'a str, subject: &str) -> Option<&'a str> {
    // Only the first lines, and only those that may say it, are looked at closely.
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).take(8).collect();
    let may_say = |l: &str| {
        let lower = l.to_ascii_lowercase();
        lower.contains(" for ") || lower.starts_with("cycle") || lower.starts_with("month")
    };
    if !lines.iter().any(|l| may_say(l)) {
        return None;
    }
    let (month, cycle) = month_and_cycle(subject)?;
    let before_answers = lines
        .iter()
        .position(|l| super::labels::marker(l).is_some())
        .unwrap_or(lines.len());
    lines[..before_answers]
        .iter()
        .copied()
        .filter(|l| may_say(l) && !text::word_count_over(l, 40))
        .find(|l| {
            let lower = l.to_lowercase();
            // A form's own line: "Cycle: 6 (May 2031)", "Month: May".
            if (lower.starts_with("cycle") || lower.starts_with("month")) && !text::word_count_over(l, 6) {
                return month_and_cycle(l).is_some_and(|(m, c)| {
                    (c.is_some() && cycle.is_some() && c != cycle)
                        || (c.is_none() && m.is_some() && month.is_some() && m != month)
                });
            }
            let Some(at) = lower.find(" for ") else {
                return false;
            };
            // "These are for …", "Our answers for …", "Here's the update for …".
            let lead = &lower[..at];
            let about_these = !text::word_count_over(lead, 8)
                && [
                    "these", "this", "answers", "ours", "our ", "update", "here", "below", "figures",
                ]
                .iter()
                .any(|w| lead.contains(w));
            if !about_these {
                return false;
            }
            let tail = &l[at + 5..];
            let tail = tail
                .strip_prefix("the ")
                .or_else(|| tail.strip_prefix("our "))
                .unwrap_or(tail);
            let opens_with_cycle = tail.to_lowercase().starts_with("cycle")
                || tail.split_whitespace().next().and_then(month_of).is_some()
                    && tail.starts_with(|c: char| c.is_uppercase());
            if !opens_with_cycle || promised(&l[..at]) {
                return false;
            }
            let Some((m, c)) = month_and_cycle(tail) else {
                return false;
            };
            let other_cycle = c.is_some() && cycle.is_some() && c != cycle;
            // "Answers for December and January together": the subject's month among them.
            let names_subjects_month = MONTH
                .find_iter(tail)
                .filter(|w| w.as_str().starts_with(|c: char| c.is_uppercase()))
                .any(|w| month_of(w.as_str()) == month);
            let other_month = m.is_some() && month.is_some() && !names_subjects_month && !(c.is_some() && c == cycle);
            other_cycle || other_month
        })
}
