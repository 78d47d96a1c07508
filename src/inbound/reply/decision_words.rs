//! The words of a decision: adopt, adapt and abandon in their forms, the everyday
//! wordings for each, and the words that negate one or leave it open; and the three
//! words' slips of the keyboard. [`super::decision`] reads them.

use super::Decision;

/// The three words in their forms.
pub(super) const STRONG: &[(&str, Decision)] = &[
    ("adopt", Decision::Adopt),
    ("adopted", Decision::Adopt),
    ("adopting", Decision::Adopt),
    ("adoption", Decision::Adopt),
    ("adopts", Decision::Adopt),
    ("adapt", Decision::Adapt),
    ("adapted", Decision::Adapt),
    ("adapting", Decision::Adapt),
    ("adaptation", Decision::Adapt),
    ("adapts", Decision::Adapt),
    ("abandon", Decision::Abandon),
    ("abandoned", Decision::Abandon),
    ("abandoning", Decision::Abandon),
    ("abandonment", Decision::Abandon),
    ("abandons", Decision::Abandon),
    // Welsh: mabwysiadu (adopt), addasu (adapt), rhoi'r gorau iddi (give it up).
    ("mabwysiadu", Decision::Adopt),
    ("mabwysiadwn", Decision::Adopt),
    // The soft mutation after "ei" ("Byddwn yn ei fabwysiadu", we will adopt it).
    ("fabwysiadu", Decision::Adopt),
    ("addasu", Decision::Adapt),
    ("addaswn", Decision::Adapt),
    // The aspirate mutation after "ei" (her/its): "ei haddasu".
    ("haddasu", Decision::Adapt),
    ("gadael", Decision::Abandon),
    ("rhoi'r gorau", Decision::Abandon),
];

/// Everyday wordings; used only when none of the three words is there.
pub(super) const WEAK: &[(&str, Decision)] = &[
    ("keep", Decision::Adopt),
    ("keeping", Decision::Adopt),
    ("continue", Decision::Adopt),
    ("continuing", Decision::Adopt),
    ("maintain", Decision::Adopt),
    ("maintaining", Decision::Adopt),
    ("carry on", Decision::Adopt),
    ("carrying on", Decision::Adopt),
    ("roll out", Decision::Adopt),
    ("roll it out", Decision::Adopt),
    ("rolling out", Decision::Adopt),
    ("rolling it out", Decision::Adopt),
    ("scale up", Decision::Adopt),
    ("scale it up", Decision::Adopt),
    ("scaling up", Decision::Adopt),
    ("spread", Decision::Adopt),
    ("embed", Decision::Adopt),
    ("embedding", Decision::Adopt),
    ("implement", Decision::Adopt),
    ("implementing", Decision::Adopt),
    ("permanent", Decision::Adopt),
    ("stick with", Decision::Adopt),
    ("sticking with", Decision::Adopt),
    ("go ahead", Decision::Adopt),
    ("going ahead", Decision::Adopt),
    ("proceed", Decision::Adopt),
    ("proceeding", Decision::Adopt),
    ("standard practice", Decision::Adopt),
    ("go live", Decision::Adopt),
    ("going live", Decision::Adopt),
    ("business as usual", Decision::Adopt),
    ("sustain", Decision::Adopt),
    ("as is", Decision::Adopt),
    ("it's staying", Decision::Adopt),
    ("it stays", Decision::Adopt),
    ("here to stay", Decision::Adopt),
    ("tweak", Decision::Adapt),
    ("tweaks", Decision::Adapt),
    ("tweaking", Decision::Adapt),
    ("modify", Decision::Adapt),
    ("modified", Decision::Adapt),
    ("modifying", Decision::Adapt),
    ("modifications", Decision::Adapt),
    ("change it", Decision::Adapt),
    ("changes", Decision::Adapt),
    ("amend", Decision::Adapt),
    ("amended", Decision::Adapt),
    ("adjust", Decision::Adapt),
    ("adjusted", Decision::Adapt),
    ("adjusting", Decision::Adapt),
    ("adjustments", Decision::Adapt),
    ("refine", Decision::Adapt),
    ("refined", Decision::Adapt),
    ("refining", Decision::Adapt),
    ("revise", Decision::Adapt),
    ("revised", Decision::Adapt),
    ("alter", Decision::Adapt),
    ("altered", Decision::Adapt),
    ("test again", Decision::Adapt),
    ("test it again", Decision::Adapt),
    ("retest", Decision::Adapt),
    ("re-test", Decision::Adapt),
    ("rerun", Decision::Adapt),
    ("re-run", Decision::Adapt),
    ("try again", Decision::Adapt),
    ("try it again", Decision::Adapt),
    ("run it again", Decision::Adapt),
    ("shorten", Decision::Adapt),
    ("simplify", Decision::Adapt),
    ("another cycle", Decision::Adapt),
    ("iterate", Decision::Adapt),
    ("rework", Decision::Adapt),
    ("rethink", Decision::Adapt),
    ("rethinking", Decision::Adapt),
    // "Keep it but change the timing": kept, with a change, is adapt.
    ("but change", Decision::Adapt),
    ("but move", Decision::Adapt),
    ("but switch", Decision::Adapt),
    ("but shift", Decision::Adapt),
    ("but swap", Decision::Adapt),
    ("drop", Decision::Abandon),
    ("drop it", Decision::Abandon),
    ("dropping", Decision::Abandon),
    ("dropped", Decision::Abandon),
    ("stop", Decision::Abandon),
    ("stopping", Decision::Abandon),
    ("stopped", Decision::Abandon),
    ("scrap", Decision::Abandon),
    ("scrapping", Decision::Abandon),
    ("scrapped", Decision::Abandon),
    ("give up", Decision::Abandon),
    ("go back to the old", Decision::Abandon),
    ("going back to the old", Decision::Abandon),
    ("revert", Decision::Abandon),
    ("reverting", Decision::Abandon),
    ("giving up", Decision::Abandon),
    ("renounce", Decision::Abandon),
    ("discontinue", Decision::Abandon),
    ("discontinuing", Decision::Abandon),
    ("ditch", Decision::Abandon),
    ("ditching", Decision::Abandon),
    ("bin it", Decision::Abandon),
    ("binning it", Decision::Abandon),
    ("binned it", Decision::Abandon),
    ("binning", Decision::Abandon),
    ("cease", Decision::Abandon),
    ("no longer", Decision::Abandon),
    ("shelve", Decision::Abandon),
    ("shelving", Decision::Abandon),
    ("park it", Decision::Abandon),
    ("parking it", Decision::Abandon),
    ("pull the plug", Decision::Abandon),
    ("let it go", Decision::Abandon),
    ("letting it go", Decision::Abandon),
    // "Not worth carrying on.": the worth of going on, denied, is stopping.
    ("not worth carrying on", Decision::Abandon),
    ("not worth continuing", Decision::Abandon),
    ("not worth keeping", Decision::Abandon),
    ("not worth pursuing", Decision::Abandon),
    ("no point carrying on", Decision::Abandon),
    ("no point continuing", Decision::Abandon),
    ("no point in carrying on", Decision::Abandon),
    ("no point in continuing", Decision::Abandon),
    ("no point keeping", Decision::Abandon),
];

/// Words that turn a decision word round ("we won't abandon it").
pub(super) const NEGATORS: &[&str] = &[
    "not",
    "no",
    "never",
    "won't",
    "wont",
    "don't",
    "dont",
    "didn't",
    "isn't",
    "aren't",
    "can't",
    "cannot",
    "wouldn't",
    "shouldn't",
    "nor",
    "without",
    "instead",
    "rather",
    "than",
    "neither",
];

/// Phrases that leave the decision open ("not sure yet", "still to discuss").
pub(super) const UNSURE: &[&str] = &[
    "not sure",
    "unsure",
    "undecided",
    "don't know",
    "do not know",
    "tbc",
    "tbd",
    "to be decided",
    "to be confirmed",
    "to be agreed",
    "still to agree",
    "yet to agree",
    "yet to be agreed",
    "not agreed",
    "not yet agreed",
    "to be finalised",
    "not decided",
    "yet to decide",
    "haven't decided",
    "have not decided",
    "still deciding",
    "can't decide",
    "cannot decide",
    "too early",
    "still to discuss",
    "still to be discussed",
    "yet to discuss",
    "yet to be discussed",
    "to be discussed",
    "still to decide",
    "still to be decided",
    "yet to be decided",
    "not yet decided",
    "still discussing",
    "under discussion",
    "will decide",
    "we'll decide",
    "decide at",
    "settle this",
    "settle it",
    // "depends on" and the other CONDITIONS below are unsure too.
    "either adopt",
    "either adapt",
    "either abandon",
    "either keep",
    "either stop",
    "still thinking",
    "thinking about it",
    "between adopt",
    "between adapt",
    "between abandon",
    // A decision hedged: "Probably adopt, but we want another month of data first".
    "probably adopt",
    "probably adapt",
    "probably abandon",
    // "adopt prob, need to check w matron first", typed on a phone.
    "adopt prob",
    "adapt prob",
    "abandon prob",
    "prob adopt",
    "prob adapt",
    "prob abandon",
    "need to check with",
    "need to check w",
    "have to check with",
    // "so abandon for now?? I'll confirm next week."
    "i'll confirm",
    "we'll confirm",
    "will confirm",
    "leaning towards",
    "leaning toward",
    // Put off: "Probably adapt, but I need to talk it through with matron first, so can
    // I let you know in December?"
    "let you know",
    "get back to you",
    "talk it through",
    "talk it over",
    "run it past",
    "run it by",
    // "revert" as "reply": "Will revert back after discussing with Matron".
    "revert back after",
    "revert after",
    "revert once",
    "revert with",
    "revert to you",
    // Someone else's to decide: "That's up to the nurses really".
    "up to the nurses",
    "up to the ward",
    "up to the team",
    "up to the staff",
    "up to the manager",
    "up to the doctors",
    "up to sister",
    "up to matron",
    "up to them",
    "not up to us",
    "not up to me",
    "not our call",
    "not my call",
    "not our decision",
    "not my decision",
    "their call",
    "their decision",
    "for them to decide",
    "for the nurses to decide",
    "for the ward to decide",
    "for the team to decide",
];

/// Phrases that make a decision conditional rather than open, unsure as [`UNSURE`]'s are:
/// "Adopt if we can get the post funded", "Adopt, depending on funding".
pub(super) const CONDITIONS: [&str; 12] = [
    "depends on",
    "depending on",
    "adopt if we",
    "adapt if we",
    "adopt if the",
    "adapt if the",
    "adopt if funding",
    "adopt if it's",
    "adopt subject to",
    "adapt subject to",
    "adopt provided",
    "adapt provided",
];

/// What dictation makes of a phone's speech: "we will a dopt it full stop" is "we will
/// adopt it." ("full stop" is no decision to stop). None when nothing was changed.
pub(super) fn undictate(lower: &str) -> Option<String> {
    const HEARD: [(&str, &str); 4] = [
        ("full stop", "."),
        ("a dopt", "adopt"),
        ("a dapt", "adapt"),
        ("a bandon", "abandon"),
    ];
    let mut out: Option<String> = None;
    for (heard, meant) in HEARD {
        let text = out.as_deref().unwrap_or(lower);
        // Whole words only: "a daptomycin course" is no decision.
        let whole = |at: usize| {
            !text[..at].ends_with(char::is_alphabetic) && !text[at + heard.len()..].starts_with(char::is_alphabetic)
        };
        let found: Vec<usize> = text
            .match_indices(heard)
            .map(|(at, _)| at)
            .filter(|&at| whole(at))
            .collect();
        if found.is_empty() {
            continue;
        }
        let mut next = String::with_capacity(text.len());
        let mut copied = 0;
        for at in found {
            next.push_str(&text[copied..at]);
            next.push_str(meant);
            copied = at + heard.len();
        }
        next.push_str(&text[copied..]);
        out = Some(next);
    }
    out
}

/// "abandun", "adpot", "addapt": one of the three words with one slip of the keyboard,
/// spelled right when the slip leaves it nearer one of them than the others. "adept" is
/// as near adopt as adapt, but it is what a phone's autocorrect makes of "adapt", so it
/// is read as adapt, unless it is the word itself ("adept at it now"). None when nothing
/// was respelled.
pub(super) fn respell(lower: &str) -> Option<String> {
    const WORDS: [&str; 3] = ["adopt", "adapt", "abandon"];
    let mut out: Option<String> = None;
    let mut copied = 0;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word = &lower[start..i];
        // All three start with "a"; a word that does not is no slip of theirs.
        if !word.starts_with('a') || !(4..=8).contains(&word.len()) || STRONG.iter().any(|(w, _)| *w == word) {
            continue;
        }
        // "adept at it now", "adept in" use the word itself.
        let adept_itself = {
            let after = lower[i..].trim_start();
            after.starts_with("at ") || after.starts_with("in ") || after == "at" || after == "in"
        };
        let near: Vec<&str> = if word == "adept" && !adept_itself {
            vec!["adapt"]
        } else {
            WORDS
                .iter()
                .copied()
                .filter(|w| super::misspelt::one_edit_apart(word.as_bytes(), w.as_bytes()))
                .collect()
        };
        if let [only] = near[..] {
            let s = out.get_or_insert_with(|| String::with_capacity(lower.len()));
            s.push_str(&lower[copied..start]);
            s.push_str(only);
            copied = i;
        }
    }
    out.map(|mut s| {
        s.push_str(&lower[copied..]);
        s
    })
}
