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
