//! Reading "Will you adopt, adapt or abandon the change?" from free text.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Decision;
use super::decision_words::{CONDITIONS, NEGATORS, STRONG, UNSURE, WEAK, respell, undictate};

/// A table of phrases split into words once, indexed by their first word, so a text's
/// words are looked up rather than compared with every phrase.
struct Phrases<T: 'static> {
    /// Each phrase's words and what it stands for, in the table's order.
    entries: Vec<(Vec<&'static str>, T)>,
    by_first: HashMap<&'static str, Vec<usize>>,
}

impl<T: Copy> Phrases<T> {
    fn new(table: impl IntoIterator<Item = (&'static str, T)>) -> Self {
        let entries: Vec<(Vec<&'static str>, T)> =
            table.into_iter().map(|(p, v)| (p.split(' ').collect(), v)).collect();
        let mut by_first: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, (parts, _)) in entries.iter().enumerate() {
            by_first.entry(parts[0]).or_default().push(i);
        }
        Phrases { entries, by_first }
    }

    /// Every place a phrase occurs in `words`: (its position, its words, its value).
    fn found<'s>(&'s self, words: &'s [&str]) -> impl Iterator<Item = (usize, &'s [&'static str], T)> + 's {
        words.iter().enumerate().flat_map(move |(i, w)| {
            self.by_first.get(w).into_iter().flatten().filter_map(move |&e| {
                let (parts, value) = &self.entries[e];
                words[i..].starts_with(parts).then_some((i, parts.as_slice(), *value))
            })
        })
    }
}

static STRONG_PHRASES: LazyLock<Phrases<Decision>> = LazyLock::new(|| Phrases::new(STRONG.iter().copied()));
static WEAK_PHRASES: LazyLock<Phrases<Decision>> = LazyLock::new(|| Phrases::new(WEAK.iter().copied()));
/// The [`UNSURE`] and [`CONDITIONS`] phrases, each standing for its own text.
static UNSURE_PHRASES: LazyLock<Phrases<&'static str>> =
    LazyLock::new(|| Phrases::new(UNSURE.iter().chain(CONDITIONS.iter()).map(|u| (*u, *u))));

/// The [`UNSURE`] phrases said in `words`, each once.
fn unsure_in(words: &[&str]) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for (_, _, u) in UNSURE_PHRASES.found(words) {
        if !found.contains(&u) {
            found.push(u);
        }
    }
    found
}

/// True when `text` says the decision is still open ("not sure I agree with it yet",
/// "we'll settle it at the governance meeting").
pub(super) fn is_undecided(text: &str) -> bool {
    let lower = text.to_lowercase().replace(['’', '‘', '`'], "'");
    let tokens = tokenize(&lower);
    let words: Vec<&str> = tokens.iter().map(|t| t.word).collect();
    UNSURE_PHRASES.found(&words).any(|(_, _, u)| !CONDITIONS.contains(&u))
}

/// Reads a decision from free text.
///
/// The words adopt/adapt/abandon (any form, any case) win over everyday
/// wordings ("keep it as is", "roll it out", "scale up" → adopt; "tweak",
/// "modify", "change it and test again" → adapt; "drop it", "stop", "scrap
/// it" → abandon). Negated words are ignored ("we won't abandon it, we'll
/// adapt" → adapt). When the answer opens with one of the three words on its
/// own ("Adapt – we will drop the paper form") that word is the decision.
/// When several decisions appear, adapt wins, and adopt with abandon (keep
/// one part, drop another) is also adapt. Uncertain answers ("not sure yet",
/// "TBC") and answers with no decision give `None`.
#[must_use]
pub fn parse_decision(text: &str) -> Option<Decision> {
    // "[x] Adopt [ ] Adapt [ ] Abandon": the option ticked, or none when none or two are.
    if let Some(ticked) = super::decision_form::ticked_option(text) {
        return ticked;
    }
    let lower = text.to_lowercase().replace(['’', '‘', '`'], "'");
    let lower = undictate(&lower).unwrap_or(lower);
    let lower = respell(&lower).unwrap_or(lower);
    let tokens = tokenize(&lower);
    let first = tokens.first()?;
    let words: Vec<&str> = tokens.iter().map(|t| t.word).collect();
    // "Adapt/Adopt - TBC", "not sure yet": undecided, whatever words appear.
    // "Adopt** sorry meant adapt": a correction names the decision.
    if let Some(d) = words.windows(2).rev().find_map(|w| {
        ["meant", "mean"]
            .contains(&w[0])
            .then(|| lookup(STRONG, w[1]))
            .flatten()
    }) {
        return Some(d);
    }
    // Words in quotation marks are named, not said: 'add a "not sure? call us" option'.
    let unquoted = without_quotations(&lower);
    let said = tokenize(&unquoted);
    let said: Vec<&str> = said.iter().map(|t| t.word).collect();
    // "Adapt – …": the answer opens with one of the three words on its own.
    let opening = lookup(STRONG, first.word).filter(|_| {
        let after = lower[first.end..].trim_start_matches([' ', '\t']);
        after.chars().next().is_none_or(|c| !c.is_alphanumeric() || c == '\n')
    });
    let unsure = unsure_in(&said);
    if names_two_options(&lower, &tokens) {
        return None;
    }
    if !unsure.is_empty() {
        // "Adapt – …. That depends on the app being approved": a condition in a later
        // sentence leaves the decision as given; "Adopt, depending on funding" does not.
        let first_sentence = unquoted
            .find(['.', '!', '?', '\n'])
            .map_or(unquoted.as_str(), |end| &unquoted[..end]);
        let first_words = tokenize(first_sentence);
        let first_words: Vec<&str> = first_words.iter().map(|t| t.word).collect();
        let later_condition = |u: &&str| CONDITIONS.contains(u) && !contains_phrase(&first_words, u);
        return opening.filter(|_| unsure.iter().all(later_condition));
    }
    let clauses: Vec<usize> = tokens.iter().map(|t| t.clause).collect();
    if let Some(d) = opening {
        // "Adopt (a), abandon (b).": one part kept, another dropped, even when the
        // answer opens with one of them; a person should decide.
        let firm = votes(&firm_words(&words), &clauses, &STRONG_PHRASES);
        let has = |d: Decision| firm.contains(&d);
        if has(Decision::Adopt) && has(Decision::Abandon) && !has(Decision::Adapt) {
            return None;
        }
        return Some(d);
    }
    let strong = votes(&words, &clauses, &STRONG_PHRASES);
    // "We adapted the script in June and now we'll adopt it", "adopting it – we may
    // adapt the wording later": what was done before, or may be done, gives way to what
    // will be.
    let strong = if strong.len() >= 2 {
        let firm = votes(&firm_words(&words), &clauses, &STRONG_PHRASES);
        if !firm.is_empty() && firm.len() < strong.len() {
            firm
        } else {
            strong
        }
    } else {
        strong
    };
    if split_by_scope(&words, &clauses) {
        return None;
    }
    if !strong.is_empty() {
        // "We have decided to adopt it. We did think about adapting it, but …": the
        // first sentence gives one decision; what follows weighs others.
        let first_sentence = lower.find(['.', '!', '\n']).map_or(lower.as_str(), |end| &lower[..end]);
        if first_sentence.len() < lower.len() {
            let first_tokens = tokenize(first_sentence);
            let first_words: Vec<&str> = first_tokens.iter().map(|t| t.word).collect();
            let first_clauses: Vec<usize> = first_tokens.iter().map(|t| t.clause).collect();
            if let [only] = votes(&first_words, &first_clauses, &STRONG_PHRASES)[..] {
                return Some(only);
            }
        }
        // Adopt one part and abandon another, in so many words: two decisions, not
        // one; a person should decide. (With "adapt" as well, adapt wins.)
        let has = |d: Decision| strong.contains(&d);
        if has(Decision::Adopt) && has(Decision::Abandon) && !has(Decision::Adapt) {
            return None;
        }
        return combine(&strong);
    }
    // "On hold for now": paused, not stopped (unless "abandon" is said); a person decides.
    if contains_phrase(&words, "on hold") {
        return None;
    }
    match combine(&votes(&words, &clauses, &WEAK_PHRASES)) {
        Some(Decision::Adopt) if kept_with_a_but(&words) => Some(Decision::Adapt),
        decided => decided,
    }
}

/// "We'll carry on, but send photos before 12", "keep it but only on weekdays": kept,
/// with a change after "but", is adapt; "keep it but it needs time" and "keep going but
/// on nights too" (the same, in more places) stay adopt.
fn kept_with_a_but(words: &[&str]) -> bool {
    const KEEP: [&str; 8] = [
        "keep",
        "keeping",
        "continue",
        "continuing",
        "carry",
        "stick",
        "sustain",
        "staying",
    ];
    const NOT_A_CHANGE: [&str; 16] = [
        "it", "it's", "its", "this", "that", "we", "we'll", "we're", "they", "there", "not", "no", "still", "needs",
        "need", "i",
    ];
    let Some(kept) = words.iter().position(|w| KEEP.contains(w)) else {
        return false;
    };
    let Some(but) = words[kept + 1..].iter().position(|w| *w == "but").map(|i| kept + 1 + i) else {
        return false;
    };
    let after = &words[but + 1..];
    let extended = after
        .iter()
        .any(|w| matches!(*w, "too" | "also" | "well" | "extend" | "extending" | "spread"));
    after.first().is_some_and(|w| !NOT_A_CHANGE.contains(w)) && !extended
}

/// The text without what is between double quotation marks.
fn without_quotations(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            '“' => quoted = true,
            '”' => quoted = false,
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// "Adopt/adapt", "adapt or abandon": two of the three offered as a choice, and
/// none of them named after it ("whether to adopt or adapt: we chose adapt" is
/// decided), so the team has not decided.
fn names_two_options(lower: &str, tokens: &[Token<'_>]) -> bool {
    tokens.windows(2).enumerate().any(|(i, pair)| {
        let Some(first) = lookup(STRONG, pair[0].word) else {
            return false;
        };
        let between = lower[pair[0].end..].split(pair[1].word).next().unwrap_or("").trim();
        let (second, joined, last) = match lookup(STRONG, pair[1].word) {
            Some(d) => (Some(d), between == "/" || between == "|", i + 1),
            None if pair[1].word == "or" => (
                tokens.get(i + 2).and_then(|t| lookup(STRONG, t.word)),
                between.is_empty(),
                i + 2,
            ),
            None => (None, false, i + 1),
        };
        let named_after = tokens.iter().skip(last + 1).any(|t| lookup(STRONG, t.word).is_some());
        joined && second.is_some_and(|d| d != first) && !named_after
    })
}

/// Two different decisions each for its own part ("adopt on surgery, adapt on
/// medicine", "adopt the second receptionist, adapt the bloods booking"): no single
/// decision for the change, so a person should decide.
fn split_by_scope(words: &[&str], clauses: &[usize]) -> bool {
    let mut scoped: Vec<Decision> = Vec::new();
    for i in 0..words.len().saturating_sub(1) {
        let Some(d) = lookup(STRONG, words[i]) else { continue };
        let next = words[i + 1];
        // "abandon for now" is one decision with a time, not a part.
        // "for the time being" too, but "adapt for the Saturday clinic" is a part.
        let for_a_time = next == "for"
            && match words.get(i + 2) {
                Some(&"now" | &"good" | &"a" | &"now.") => true,
                Some(&"the") => matches!(
                    words.get(i + 3),
                    Some(&"time" | &"moment" | &"foreseeable" | &"rest" | &"next" | &"summer" | &"winter")
                ),
                _ => false,
            };
        // "Adopt the second receptionist, adapt the bloods booking": each opening its
        // clause, for a part named after it ("we will abandon the paper form and adapt
        // the script" is one decision, adapt).
        let part_named = matches!(next, "the" | "our" | "a" | "an" | "this" | "these" | "those")
            && (i == 0 || clauses[i - 1] != clauses[i]);
        if (matches!(next, "on" | "for" | "in" | "at" | "across" | "within") && !for_a_time) || part_named {
            scoped.push(d);
        }
    }
    scoped.iter().any(|d| *d != scoped[0])
}

struct Token<'a> {
    word: &'a str,
    end: usize,
    /// Which clause the word is in; punctuation starts a new one, so a
    /// negation never reaches past a comma or a dash.
    clause: usize,
}

fn tokenize(s: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut clause = 0;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let part_of_word = c.is_alphanumeric() || c == '\'' || c == '-';
        match (start, part_of_word) {
            (None, true) => start = Some(i),
            (Some(st), false) => {
                let word = s[st..i].trim_matches(['\'', '-']);
                if word.is_empty() {
                    clause += 1;
                } else {
                    tokens.push(Token { word, end: i, clause });
                }
                start = None;
            }
            _ => {}
        }
        if !part_of_word && ",.;:!?()–—\n".contains(c) {
            clause += 1;
        }
    }
    tokens
}

/// The decisions `text` names by the three words themselves (any form), in order.
pub(super) fn named(text: &str) -> Vec<Decision> {
    let lower = text.to_lowercase();
    tokenize(&lower).iter().filter_map(|t| lookup(STRONG, t.word)).collect()
}

/// "the decision should be adapt not adopt", "our decision is abandon, not adapt": a
/// decision put right in a note with no answers of its own. A decision merely told in
/// prose ("the decision was adopt") is not read here: prose is for a person.
pub(super) fn corrected(text: &str) -> Option<Decision> {
    let lower = text.to_lowercase();
    let tokens = tokenize(&lower);
    let words: Vec<&str> = tokens.iter().map(|t| t.word).collect();
    let at = words.iter().position(|w| *w == "decision")?;
    let after = &words[at + 1..words.len().min(at + 6)];
    let verb = after
        .iter()
        .position(|w| matches!(*w, "is" | "was" | "be" | "been" | "read" | "reads"))?;
    let d = after.get(verb + 1).and_then(|w| lookup(STRONG, w))?;
    let should = matches!(after[verb], "be" | "been" | "read" | "reads");
    let not_other = after.get(verb + 2) == Some(&"not");
    let negated = after[..verb].iter().any(|w| NEGATORS.contains(w));
    ((should || not_other) && !negated).then_some(d)
}

fn lookup(table: &[(&str, Decision)], word: &str) -> Option<Decision> {
    table.iter().find(|(w, _)| *w == word).map(|(_, d)| *d)
}

fn contains_phrase(words: &[&str], phrase: &str) -> bool {
    let len = phrase.split(' ').count();
    words.windows(len).any(|w| w.iter().copied().eq(phrase.split(' ')))
}

/// Every non-negated decision named in `words` by a phrase of `table`.
/// A negated "keep"/"continue" ("we won't continue") counts as abandon.
fn votes(words: &[&str], clauses: &[usize], table: &Phrases<Decision>) -> Vec<Decision> {
    let mut found = Vec::new();
    for (i, parts, decision) in table.found(words) {
        let from = i.saturating_sub(3);
        let negated = (from..i).any(|j| clauses[j] == clauses[i] && NEGATORS.contains(&words[j]));
        match (negated, decision) {
            (false, d) => found.push(d),
            (true, Decision::Adopt)
                if matches!(
                    parts[0],
                    "keep"
                        | "keeping"
                        | "continue"
                        | "continuing"
                        | "carry"
                        | "go"
                        | "going"
                        | "proceed"
                        | "proceeding"
                ) =>
            {
                found.push(Decision::Abandon)
            }
            _ => {}
        }
    }
    found
}

/// `words` with the three words left out where they are past ("adapted") or hedged
/// ("may adapt", "might abandon").
fn firm_words<'w>(words: &[&'w str]) -> Vec<&'w str> {
    const HEDGES: [&str; 6] = ["may", "might", "could", "possibly", "perhaps", "maybe"];
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let past = w.ends_with("ed");
            let hedged = (i.saturating_sub(2)..i).any(|j| HEDGES.contains(&words[j]));
            if lookup(STRONG, w).is_some() && (past || hedged) {
                ""
            } else {
                *w
            }
        })
        .collect()
}

fn combine(votes: &[Decision]) -> Option<Decision> {
    let has = |d: Decision| votes.contains(&d);
    match (has(Decision::Adopt), has(Decision::Adapt), has(Decision::Abandon)) {
        (false, false, false) => None,
        (_, true, _) | (true, false, true) => Some(Decision::Adapt),
        (true, false, false) => Some(Decision::Adopt),
        (false, false, true) => Some(Decision::Abandon),
    }
}
