//! Lines said to the reader rather than answering a question: greetings, a short
//! introduction, details such as "Team: MSK", a note of whose answers these are,
//! sign-offs and banners; and what makes a line a question or request for the Lab,
//! which a person must see.

use std::sync::LazyLock;

use regex::Regex;

use super::months;
use super::signature;
use super::tail;
use super::text;

static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|morning|afternoon|greetings|bore\s+da|prynhawn\s+da|helo|shwmae|annwyl|hola|dia\s+dhuit|a\s+chara|buenos\s+d[ií]as|buenas|estimad[oa]s?|bonjour|salut|cher|ch[eè]re|hallo|guten\s+(?:tag|morgen)|liebe[rs]?|moin|hoi|beste|goedemorgen|goedemiddag|ciao|buongiorno|ol[aá]|bom\s+dia|hej|hei|thanks|thank\s+you|many\s+thanks|sorry|apologies|hope\s+(?:you|all|this))\b")
        .expect("built-in pattern compiles")
});

static THANKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:many\s+)?(?:thanks|thank\s+you|hope\s+(?:you|all|this|everyone|that|it))(?-u:\b)|(?-u:\b)(?:thanks|thank\s+you)\s+for(?-u:\b)|(?-u:\b)(?:makes\s+sense|shout\s+if|revert\s+back\s+if|acknowledge\s+receipt|do\s+the\s+needful|any\s+clarifications?\s+(?:is|are)\s+(?:required|needed))(?-u:\b)",
    )
    .expect("built-in pattern compiles")
});

static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:answers?|below|update|responses?|reply|replies|cycle|questions?|here(?:'s|’s|\s+(?:is|are))|ours|on\s+behalf\s+of|as\s+requested|as\s+promised|please\s+find|see|attached|pdsa|month|inline|late|delay|sorry|apologies|dyma|h?atebion|ymatebion|quick\s+one|brevity|between\s+shifts|on\s+shift|(?:sent|sending|typing|replying|written)\s+(?:this\s+)?(?:from|on)\s+(?:my\s+)?(?:phone|mobile)|(?:on|annual)\s+leave|christmas|xmas|festive|new\s+year|holidays?|(?:pasting|pasted|copying|copied)\s+(?:\S+\s+){0,3}?from)(?-u:\b)")
        .expect("built-in pattern compiles")
});

/// Details people put above their answers: "Team: MSK", "Cycle: 3".
/// A date and time alone on a line, as a OneNote page or a pasted note carries under its
/// title: "Monday, 22 March 2027 14:10", "22/03/2027 14:10"; eM Client's "Date 01/05/2031 09:00:00".
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:date\s+)?(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?$|^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$")
        .expect("built-in pattern compiles")
});

static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:team(?:\s+name)?|names?|cycle(?:\s+(?:number|no\.?))?|month|date|site|service|ward|department|project|period|submitted\s+by|completed\s+by|organisation|organization|trust|board|re|subject)\s*[:：-]")
        .expect("built-in pattern compiles")
});

/// Banners mail systems put at the top of messages from outside the organisation.
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:caution|warning|attention|external(?:\s+(?:email|sender|message))?|\[external\]|notice)(?-u:\b).{0,40}(?:originated|outside|external|sender|links?|attachments?)|^\W*this\s+(?:e-?mail|message)\s+(?:originated|came|was\s+sent)\s+from\s+(?:outside|an?\s+external)|^\W*\[(?:external|ext)\]\W*$")
        .expect("built-in pattern compiles")
});

/// "Hi,", "Hello Naomi,", "Good morning all", "All,", "Thanks!": a greeting line.
pub fn is_greeting(line: &str) -> bool {
    let t = line.trim();
    // "All,", "Team –": a greeting that is one word addressing everyone.
    let bare = t.trim_end_matches([',', '!', ':', '-', '–', ' ']);
    if ["all", "team", "everyone", "folks", "colleagues"]
        .iter()
        .any(|w| bare.eq_ignore_ascii_case(w))
    {
        return true;
    }
    !text::word_count_over(t, 8) && GREETING.is_match(t)
}

/// A short remark without figures or a question: "Easier for me to do it in a table.";
/// or a note of whose answers these are ("I'm replying for the practice asthma team
/// (…)", "A note from me before the answers: these are from Kemi, who led …"), which
/// asks nothing and gives no decision.
pub(super) fn is_aside_to_reader(line: &str) -> bool {
    let t = line.trim();
    let short = !text::word_count_over(t, 16) && !gives_figures(t);
    weighs_nothing(t) && (short || says_whose(t)) && !corrects_a_figure(t)
}

/// "TL;DR: faster, but not cheaper …", "Summary: worked well; adopting": a summary above
/// the answers, which say it again in full.
pub(super) fn is_summary_line(line: &str) -> bool {
    const OPENINGS: [&str; 8] = [
        "tl;dr",
        "tldr",
        "summary",
        "in summary",
        "in short",
        "in brief",
        "short version",
        "bottom line",
    ];
    let t = line.trim().trim_start_matches(['*', '_']);
    OPENINGS.iter().any(|o| {
        t.get(..o.len()).is_some_and(|head| head.eq_ignore_ascii_case(o))
            && t[o.len()..]
                .trim_start_matches(['*', '_', ' '])
                .starts_with([':', '-', '–', '—'])
    })
}

/// A note of whose answers these are or how they came ("Rhys asked me to forward
/// these – his work email is playing up this week."), asking nothing and deciding
/// nothing.
pub(super) fn is_provenance_note(line: &str) -> bool {
    let t = line.trim();
    weighs_nothing(t) && says_whose(t) && !corrects_a_figure(t)
}

/// A note above forwarded answers that a person must act on: a question or request for
/// the Lab, a figure put right, or a decision said to be still open.
pub(super) fn is_for_a_person(t: &str) -> bool {
    asks(t) || corrects_a_figure(t) || leaves_decision_open(t)
}

/// "One correction – she has put 14 patients but it was 16", "October's was 11%, not
/// 17%": a note that puts a figure right, for a person to apply. Where the figures came
/// from ("Figures are 1–16 July from the RIS") corrects nothing. Not `placed::is_correction`:
/// its "sorry" and "actually" open many an introduction that corrects nothing.
fn corrects_a_figure(t: &str) -> bool {
    const CORRECTING: [&str; 9] = [
        "correction",
        "should be",
        "should read",
        "should have been",
        "by mistake",
        "in error",
        "wrong",
        "typo",
        "it was actually",
    ];
    let lower = t.to_lowercase();
    let not_figure = lower
        .match_indices("not ")
        .any(|(at, w)| lower[at + w.len()..].starts_with(|c: char| c.is_ascii_digit()));
    (not_figure || CORRECTING.iter().any(|c| lower.contains(c))) && gives_figures(t)
}

/// Asks nothing, states no aim, gives no decision ("Sorry, the decision should be
/// adapt" corrects an answer) and does not say the decision is still open ("They don't
/// agree on the last bit – we'll decide at the governance meeting").
fn weighs_nothing(t: &str) -> bool {
    !(t.contains('?') || states_an_aim(t) || super::parse_decision(t).is_some() || leaves_decision_open(t))
}

/// "They don't agree on the last bit, so I've put both – we'll decide at the governance
/// meeting": the team disagrees, or the decision is still open (the phrases a decision
/// answer is read as undecided by).
fn leaves_decision_open(t: &str) -> bool {
    const DISAGREE: [&str; 3] = ["don't agree", "do not agree", "disagree"];
    // Most lines are ruled out before any allocation.
    (t.contains("agree") || t.contains("decide")) && {
        let lower = t.to_lowercase().replace('’', "'");
        DISAGREE.iter().any(|p| lower.contains(p)) || super::decision::is_undecided(t)
    }
}

/// A note that the answers are further down, in the history under it ("Jo's answers
/// for Ward 12 are below", "Tom wrote these for Ward 4B"), or says whose they are.
pub(super) fn points_to_answers_below(t: &str) -> bool {
    says_whose(t) || says_answers_are_below(t)
}

/// A note that names answers further down ("Jo's answers for Ward 12 are below", "Tom
/// wrote these"), beyond saying whose the message is.
pub(super) fn says_answers_are_below(t: &str) -> bool {
    static BELOW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:(?:answers?|responses?|update|ones|these|them|figures|rest)(?:\s+\S+){0,6}?\s+\(?(?:below|underneath|beneath|further\s+down)|(?:see|find|read)\s+(?:\S+\s+){0,4}?below|wrote\s+(?:these|them|the\s+answers)|\p{L}+['’]s\s+answers|(?:these|here)\s+are\s+(?:\S+\s+){0,3}?answers|sent\s+(?:hers|his|theirs|them|these)\s+on)(?-u:\b)")
            .expect("built-in pattern compiles")
    });
    // Checked before the pattern runs: every line of many replies comes here.
    let lower = t.to_ascii_lowercase();
    let may = [
        "below",
        "underneath",
        "beneath",
        "further down",
        "wrote",
        "answers",
        "sent",
    ]
    .iter()
    .any(|w| lower.contains(w));
    may && !text::word_count_over(t, 60) && BELOW.is_match(t)
}

/// "I don't agree with "adopt" though", "I disagree with her decision": a note taking
/// issue with what it passes on.
pub(super) fn disagrees(t: &str) -> bool {
    let lower = t.to_lowercase().replace('’', "'");
    [
        "don't agree",
        "do not agree",
        "disagree",
        "not sure about",
        "not convinced",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn says_whose(t: &str) -> bool {
    !text::word_count_over(t, 80) && PROVENANCE.is_match(t) && !REQUEST.is_match(t)
}

static PROVENANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:it['’]s\s+)?\p{L}+\s+here\s*[,–-]|(?-u:\b)(?:on\s+behalf\s+of|(?:replying|answering|writing|responding)\s+(?:for|on\s+behalf)|(?:these|the\s+answers|they)\s+are\s+(?:from|by)|answers?\s+(?:are\s+)?(?:from|by)\s+(?:(?-i:[A-Z])[a-z'’-]+|the\s+(?:[a-z]+\s+){0,3}(?:team|group|ward|service|practice|unit|clinic))|(?:pasted|copied)\s+(?:(?:them|it|this|these)\s+)?(?:in|below|across|over|here)|sent\s+(?:them|these|it)\s+to\s+me|(?:forwarded|passed|sent)\s+(?:me\s+(?:this|it|the\s+(?:email|reminder|questions))|(?:this|it|the\s+(?:email|reminder|questions))\s+(?:on\s+)?to\s+me)|(?:passing|forwarding|sending)\s+(?:these|them|this|the\s+answers)\s+on|(?:asked|wants?)\s+me\s+to\s+(?:send|pass|forward|reply|do|write|fill\s+in|answer|complete)|(?:put|pulled)\s+together\s+(?:what|the\s+answers|their)|combined\s+(?:what|the\s+answers|their)|sending\s+(?:(?:this|these|them|it)\s+(?:in\s+)?)?(?:for|on\s+behalf\s+of)\s+(?:the|our|my)|(?:figures|numbers|data|counts)\s+(?:are|were|come|came)\s+(?:all\s+)?(?:taken\s+)?(?:from|out\s+of)|(?:copied|pasted|taken)\s+(?:the\s+(?:figures|numbers|data)|them|these|it)\s+(?:straight\s+|directly\s+)?(?:from|out\s+of)|(?:pasting|copying)\s+(?:(?:this|these|them|it|ours)\s+)?(?:straight\s+|directly\s+)?(?:from|out\s+of|in\s+from))(?-u:\b)")
        .expect("built-in pattern compiles")
});

/// A question for the Lab ("is it OK to just count things?", "Should we test something
/// bigger?") or a request ([`REQUEST`]); "not sure it got through?" asks nothing, nor
/// does asking a colleague to pass the answers on ("can you pass to the Lab?").
pub(super) fn asks(t: &str) -> bool {
    let question = t.contains('?') && QUESTION.is_match(t);
    (question || REQUEST.is_match(t)) && !PASS_ON.is_match(t)
}

static QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:is\s+(?:it|this|that|there|everyone|anyone|one|he|she)|are\s+(?:we|these|you|they|all|both|the|our)|(?:should|shall|can|could|would|will)\s+(?:we|i|you|these|this|they|it|the|our|my|someone|somebody|all|both|each|one|he|she)|do\s+(?:you|we|i|all|both|any|each|the|our|they|these|those)|does\s+(?:it|this|that|everyone|anyone|each|every|the|our|he|she)|what|how|which|when|where|why|who)(?-u:\b)[^?]*\?")
        .expect("built-in pattern compiles")
});

static PASS_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:pass|send|forward)\s+(?:(?:this|these|them|it)\s+)?(?:on|to)(?-u:\b)")
        .expect("built-in pattern compiles")
});

/// Asking the Lab to do something: "Could you add Bethan to the team?", "please
/// remove me"; "Please see our update below" and "can you pass to the Lab?" (to a
/// colleague who forwards the answers) ask nothing of it.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:could|can|would)\s+you\s+(?:please\s+)?|please\s+)(?:add|remove|take|send|call|ring|change|update|let|contact|swap|put)(?-u:\b)")
        .expect("built-in pattern compiles")
});

/// Asking a colleague to pass the answers on: "Could you send this to the Lab for me
/// please?", "Can you forward it on?"; "We'll send it to the other wards" is news.
fn is_pass_on_request(t: &str) -> bool {
    let lower = t.trim_start().to_lowercase();
    let asked = ["could you", "can you", "would you", "will you", "please", "pls"]
        .iter()
        .any(|p| lower.starts_with(p));
    PASS_ON.is_match(t) && (asked || lower.contains("the lab")) && super::parse_decision(t).is_none()
}

/// True when `t` gives a figure: a number other than the name of a thing ("cycle 8",
/// "ward 15", "skip to 4"), a year, a day of the month ("the 3rd"), a date ("by 30/11")
/// or a phone number ("give me a ring on 07700 900416").
pub(super) fn gives_figures(t: &str) -> bool {
    let lower = t.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let before = rest[..i].trim_end();
        let digits = rest[i..].len() - rest[i..].trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let number = &rest[i..i + digits];
        // "cycle 8", "ward 15", "Year 9s", "Q4": the name of a thing, not a count; nor is
        // a year ("October 2029").
        let names_a_thing = IDENTIFIED
            .iter()
            .any(|w| before.ends_with(w) && !before[..before.len() - w.len()].ends_with(char::is_alphabetic));
        let year = digits == 4 && number.starts_with("20");
        // "flu in the home from the 3rd": a day of the month.
        let after = &rest[i + digits..];
        let day = digits <= 2
            && ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| after.starts_with(s) && !after[2..].starts_with(char::is_alphanumeric));
        // "by 30/11", "from 01/12/2029": a date.
        let date = date_len(&rest[i..], before);
        let phone = phone_len(&rest[i..]);
        if !(names_a_thing || year || day || date > 0 || phone > 0) {
            return true;
        }
        rest = &rest[i + digits.max(date).max(phone)..];
    }
    false
}

/// The length of a phone number at the start of `from`: ten digits or more in a run
/// with spaces only between them; 0 when there is none.
fn phone_len(from: &str) -> usize {
    let run = from.bytes().take_while(|b| b.is_ascii_digit() || *b == b' ').count();
    let digits = from[..run].bytes().filter(u8::is_ascii_digit).count();
    if digits >= 10 { run } else { 0 }
}

/// The length of a date written with slashes or dots at the start of `from` ("30/11",
/// "01/12/2029"): one with a year, or one after "by", "on", "from" and the like ("3/4
/// of the ward" is a fraction); 0 when there is none.
fn date_len(from: &str, before: &str) -> usize {
    let b = from.as_bytes();
    let run = |at: usize| b[at.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let day = run(0);
    if !(1..=2).contains(&day) || !matches!(b.get(day), Some(b'/' | b'.')) {
        return 0;
    }
    let month = run(day + 1);
    if !(1..=2).contains(&month) {
        return 0;
    }
    let mut len = day + 1 + month;
    let sep = b[day];
    let year = if b.get(len) == Some(&sep) { run(len + 1) } else { 0 };
    if year == 2 || year == 4 {
        len += 1 + year;
    }
    let after_word = ["by", "on", "from", "until", "till", "before", "after", "since", "dated"]
        .iter()
        .any(|w| before.ends_with(w) && !before[..before.len() - w.len()].ends_with(char::is_alphabetic));
    if year == 2 || year == 4 || after_word { len } else { 0 }
}

/// Words a number names a thing after: "cycle 8", "ward 15", "bay 3", "Year 9s".
const IDENTIFIED: [&str; 18] = [
    "cycle", "ward", "bay", "year", "room", "level", "floor", "unit", "team", "clinic", "pod", "phase", "band", "q",
    // "Skip to 4 if you just want the numbers!": a question's number.
    "question", "skip to", "jump to", "go to",
];

/// A remark in brackets with no figures, said in passing: "(sorry this one's long!)",
/// "(I was going to add the biscuits eaten, but I'm told that's not a real measure.)".
pub(super) fn is_bracketed_aside(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.');
    t.starts_with('(')
        && t.ends_with(')')
        && !t[1..].contains('(')
        && !gives_figures(t)
        && !text::word_count_over(t, 30)
        && !asks(t)
        // "(these numbers are provisional, I'll email again if they change)" is for a person.
        && !super::no_measure::defers(t)
        && !is_provisional(t)
}

/// Words of a remark about the reply rather than the work: "(sorry this one's long!)",
/// "(I'm told that's not a real measure)"; "(The faulty alarms were a surprise – we've
/// now labelled them and sent them to EBME.)" is about the work.
pub(super) fn said_in_passing(line: &str) -> bool {
    const PASSING: [&str; 29] = [
        "sorry",
        "apologies",
        "apologise",
        "apologize",
        "hope",
        "hopefully",
        "forgot",
        "long",
        "told",
        "ignore",
        "by the way",
        "btw",
        "typo",
        "joke",
        "i know",
        "excuse",
        "lol",
        "haha",
        "rambling",
        "rambled",
        "waffle",
        "waffling",
        "bear with",
        "make sense",
        "makes sense",
        "give me a ring",
        "give me a call",
        "call me",
        "ring me",
    ];
    line.contains('!') || text::has_phrase(line, &PASSING)
}

/// Figures said to be provisional: "these numbers are provisional", "I'll email again if
/// they change", "please treat them with a bit of caution".
pub(super) fn is_provisional(line: &str) -> bool {
    let lower = line.to_lowercase();
    [
        "provisional",
        "email again",
        "may change",
        "might change",
        "will confirm",
        // "please treat them with a bit of caution", "a pinch of salt"
        "caution",
        "pinch of salt",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Lines before the first answer that need no field: greetings, a short
/// introduction ("Here are our answers for November:"), details such as
/// "Team: MSK" or "Cycle: 3", sign-offs, names, decoration, banners.
pub(super) fn is_ignorable(line: &str) -> bool {
    let t = line.trim();
    // "P.S. Thank you for the session": a pleasantry is one after "P.S." too.
    let t = text::after_postscript(t).unwrap_or(t);
    // "Dia dhuit / Hello,", "Diolch yn fawr / Many thanks": the same line in two languages.
    if let Some((a, b)) = t.split_once(" / ")
        && (is_ignorable(a) || is_ignorable(b))
        && !text::word_count_over(t, 8)
    {
        return true;
    }
    if states_an_aim(t) {
        // "Aim: ↓ late insulin visits to <5% by January" is the project's, for a person
        // to see, even with a word of an introduction in it ("late").
        return false;
    }
    // Counted up to 31: every test below that looks at the count stops at 30 words.
    let words = t.split_whitespace().take(31).count();
    t.is_empty()
        || tail::is_attachment_note(t)
        || BANNER.is_match(t)
        || signature::is_image_placeholder(t)
        || signature::is_decoration(t)
        || signature::is_sign_off(t)
        || is_greeting(t)
        // "Thanks for the session last week, the team really enjoyed it!"
        || (words <= 20 && THANKS.is_match(t) && !asks(t))
        || is_bracketed_aside(t)
        // An introduction, as long as it asks nothing ("Could you add Bethan to the team?",
        // "Quick question – is it OK that our change is quite small?").
        || (words <= 20 && INTRO.is_match(t) && !asks(t) && !months::names_two_months(t) && !leaves_decision_open(t))
        // A longer introduction, as long as it gives no figures ("the number seen was 23
        // not 32" is a correction a person should see); "cycle 8" is not a figure.
        || (words <= 30
            && INTRO.is_match(t)
            && !gives_figures(t)
            && !asks(t)
            && !months::names_two_months(t)
            && !leaves_decision_open(t))
        // A lay member's longer introduction of themselves and the answers ("Vince here,
        // patient partner on the renal unit … I asked round my shift for the numbers"),
        // as long as it gives no figures and asks nothing.
        // Naming two months ("answers for January, not December") says which cycle the
        // answers are for: for a person to check; so is one that talks about the decision.
        || (words > 30
            && !text::word_count_over(t, 60)
            && INTRO.is_match(t)
            && !gives_figures(t)
            && !asks(t)
            && !months::names_two_months(t)
            && !weighs_the_decision(t))
        // "Could you send this to the Lab for me please?": to the colleague passing it on.
        || (words <= 20 && is_pass_on_request(t) && !gives_figures(t))
        || (words <= 3 && signature::is_signature_name(t))
        || (words <= 10 && METADATA.is_match(t))
        || (words <= 7 && t.bytes().any(|b| b.is_ascii_digit()) && DATE_LINE.is_match(t))
        // "Ward 12 for July:", "Our June figures:": a heading over the answers.
        || (words <= 6 && t.ends_with(':') && months::MONTH.is_match(t))
}

/// "For the record I'm not sure I agree with adopting yet – … before we make it
/// standard.": a longer introduction that talks about the decision is for a person.
fn weighs_the_decision(t: &str) -> bool {
    let lower = t.to_lowercase();
    ["adopt", "adapt", "abandon"].iter().any(|w| lower.contains(w))
}

/// "Aim: …", "Our aim – …": the aim of the project, written above the answers.
fn states_an_aim(t: &str) -> bool {
    after_aim(t).is_some_and(|rest| rest.trim_start_matches(['*', '_', ' ']).starts_with([':', '-', '–']))
}

/// What follows a line's opening word "Aim" ("Our aim", "The aim"; after emphasis or a
/// bullet), lower-cased, or `None` when the line does not open with it.
pub(super) fn after_aim(t: &str) -> Option<String> {
    let head = text::prefix_chars(t.trim_start(), 12).to_ascii_lowercase();
    let head = head.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let head = head
        .strip_prefix("our ")
        .or_else(|| head.strip_prefix("the "))
        .unwrap_or(head);
    head.strip_prefix("aim")
        .filter(|rest| !rest.starts_with(|c: char| c.is_ascii_alphanumeric()))
        .map(str::to_string)
}
