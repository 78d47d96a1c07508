//! Finding the seven answers in the new text of a reply: cutting it at the
//! questions, labels and numbers that start answers, and cleaning each answer.
//! Other shapes (answers inside the quoted reminder, unmarked paragraphs) are
//! in `inline.rs`.

use std::sync::LazyLock;

use regex::Regex;

use super::labels::{self, Field, Marker, Strength};
use super::measures::strip_bullet;
use super::signature;
use super::tail;
use super::text::{self, is_blank, split_quote};

/// Answers by field (raw text, cleaned), and the text that fitted nowhere.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Sections {
    pub(super) values: [Option<String>; 7],
    pub(super) unplaced: Vec<String>,
    /// Reasons for a person to check the answers (e.g. one answer for two questions).
    pub(super) notes: Vec<String>,
}

impl Sections {
    pub(super) fn found(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }
}

enum Role<'a> {
    Start(Marker<'a>, &'a str),
    Content(&'a str),
    /// A quoted line kept as context: it ends the answer above it.
    Quote,
    /// "Test 2", "Second test": a heading between the answers for two tests.
    Heading(&'a str),
    Skip,
}

/// Splits `text` (the visible reply) into answers at questions, labels and
/// numbers. Quoted lines are never answers, and text after a quoted block
/// belongs to no answer until the next marker (answers between quoted
/// questions are unquoted by `inline::inline_view` before this runs).
pub(super) fn sections(text: &str) -> Sections {
    let lines = text::lines(text);
    let roles = roles(&lines);
    let mut strong: Vec<Field> = roles
        .iter()
        .filter_map(|r| match r {
            Role::Start(m, _) if m.strength != Strength::Number => Some(m.field),
            _ => None,
        })
        .collect();
    strong.sort();
    strong.dedup();
    // With three or more questions/labels, "1." lines are lists inside answers.
    let numbers_ok = strong.len() < 3;
    // Numbers in any order, each once ("3. …", "4. …", "1. …"): answered in the order
    // the writer had them. A list inside an answer repeats its numbers.
    let numbered: Vec<Field> = roles
        .iter()
        .filter_map(|r| match r {
            Role::Start(m, _) if m.strength == Strength::Number => Some(m.field),
            _ => None,
        })
        .collect();
    let any_order = numbered.len() >= 4 && numbered.iter().enumerate().all(|(i, f)| !numbered[..i].contains(f));

    let mut buf: [Vec<&str>; 7] = Default::default();
    let mut current: Option<Field> = None;
    let mut unplaced = Vec::new();
    // How many of the unplaced lines came before the first answer.
    let mut before_answers = 0usize;
    let mut notes = Vec::new();
    // Fields whose label or question came a second time.
    let mut repeated: Vec<Field> = Vec::new();
    // For each field, the position of the last line given to it.
    let mut last_line = [0usize; 7];
    let mut position = 0usize;
    for role in roles {
        let content = match role {
            Role::Skip => continue,
            Role::Quote => {
                current = None;
                continue;
            }
            Role::Heading(line) if current.is_some() => {
                current = None;
                unplaced.push(line);
                continue;
            }
            Role::Heading(line) => line,
            Role::Start(m, line) if m.strength == Strength::Number && current == Some(m.field) => {
                // The same number again: "Q4 - …" twice is more of that
                // answer; "1. …" under question 1 is a list inside it.
                if line.trim_start().starts_with(['Q', 'q']) {
                    m.rest
                } else {
                    line
                }
            }
            // "Observations: 120" among the measures is a measure, not the label of
            // another answer.
            Role::Start(m, line)
                if current == Some(Field::Measures)
                    && m.field != Field::Measures
                    && m.strength == Strength::Label
                    && m.rest.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                line
            }
            Role::Start(m, line) => {
                let accepted = m.strength != Strength::Number
                    || (numbers_ok && (any_order || current.is_none_or(|c| m.field > c)));
                if accepted {
                    if m.combined {
                        notes.push(format!(
                            "one answer was given for questions {} and {}; it is kept under {}",
                            m.field.index() + 1,
                            m.field.index() + 2,
                            m.field.name()
                        ));
                    }
                    let b = &mut buf[m.field.index()];
                    if !b.is_empty() {
                        if m.strength != Strength::Number && !repeated.contains(&m.field) {
                            repeated.push(m.field);
                        }
                        b.push("");
                    }
                    if !m.rest.is_empty() {
                        b.push(m.rest);
                    }
                    current = Some(m.field);
                    continue;
                }
                line
            }
            Role::Content(line) => line,
        };
        position += 1;
        match current {
            Some(f) => {
                buf[f.index()].push(content);
                last_line[f.index()] = position;
            }
            None => {
                if buf.iter().all(Vec::is_empty) {
                    before_answers += 1;
                }
                unplaced.push(content);
            }
        }
    }
    // The last answer written is where a signature or an aside ends up.
    let last = Field::ALL
        .into_iter()
        .filter(|f| !buf[f.index()].is_empty())
        .max_by_key(|f| last_line[f.index()]);
    if let Some(last) = current.or(last) {
        // An aside first: a "P.S." under the signature would hide the signature.
        let aside = tail::aside(&mut buf[last.index()]);
        tail::trim_signature(&mut buf[last.index()]);
        unplaced.extend(aside);
        // Every answer one line beside its label ("Next steps: breakfast choices"): a
        // paragraph under the last one, after a gap, is a remark of its own ("Next
        // month's reply should be quicker now we've got the hang of these!").
        // The cheap tests first: most last answers have no gap with text under it.
        let gap = {
            let b = &buf[last.index()];
            b.iter()
                .position(|l| is_blank(l))
                .filter(|&gap| b[gap..].iter().any(|l| !is_blank(l)))
        };
        let one_line = |f: Field| buf[f.index()].iter().filter(|l| !is_blank(l)).nth(1).is_none();
        let compact = || {
            Field::ALL.into_iter().filter(|f| !buf[f.index()].is_empty()).count() >= 4
                && Field::ALL
                    .into_iter()
                    .filter(|&f| f != Field::Measures && f != last)
                    .all(one_line)
        };
        if let Some(gap) = gap
            && last != Field::Measures
            && !repeated.contains(&last)
            // "Next: Roll out to two more wards:" leads in what is under it.
            && buf[last.index()].first().is_some_and(|l| !is_blank(l) && !l.trim_end().ends_with(':'))
            && compact()
            // "Sorry – decision is actually adapt": a correction, read with the decision.
            && super::parse_decision(&buf[last.index()][gap..].join(" ")).is_none()
        {
            let b = &mut buf[last.index()];
            unplaced.extend(b.split_off(gap).into_iter().filter(|l| !is_blank(l)));
        }
    }
    if repeated.len() >= 2 {
        let names: Vec<&str> = repeated.iter().map(|f| f.name()).collect();
        notes.push(format!(
            "{} are answered more than once; the reply may report more than one test",
            names.join(", ")
        ));
    }
    let mut out = Sections::default();
    for f in Field::ALL {
        out.values[f.index()] = clean_value(&buf[f.index()], f == Field::Measures).filter(|v| !says_no_answer(v));
    }
    out.notes = notes;
    // With the change answered, a short line without figures above the answers ("Easier
    // for me to do it in a table, hope that's OK.") is said to the reader, not an answer.
    let change_answered = out.values[Field::Change.index()].is_some();
    out.unplaced = unplaced
        .into_iter()
        .enumerate()
        .filter(|&(i, l)| !(is_ignorable(l) || (i < before_answers && change_answered && is_aside_to_reader(l))))
        .map(|(_, l)| l)
        .map(|l| l.trim().to_string())
        .collect();
    out
}

fn roles<'a>(lines: &[&'a str]) -> Vec<Role<'a>> {
    let mut roles = Vec::with_capacity(lines.len());
    let mut in_hint = false;
    let mut unfinished = false;
    for line in lines {
        let (depth, inner) = split_quote(line);
        if std::mem::take(&mut in_hint) {
            // The rest of a wrapped hint: "`abandon`)".
            if let Some(p) = inner.find(')')
                && p <= 40
            {
                roles.push(Role::Skip);
                continue;
            }
        }
        if std::mem::take(&mut unfinished) {
            let t = inner.trim();
            if !t.is_empty() && t.ends_with('?') && text::word_count(t) <= 8 {
                roles.push(Role::Skip);
                continue;
            }
        }
        if labels::is_hint(inner) || labels::is_reminder_text(inner) {
            roles.push(Role::Skip);
            continue;
        }
        if depth > 0 {
            roles.push(Role::Quote);
            continue;
        }
        if is_test_heading(inner) {
            roles.push(Role::Heading(line));
            continue;
        }
        let role = match labels::marker(inner) {
            Some(m) => {
                in_hint = m.open_hint;
                unfinished = m.unfinished && m.rest.is_empty();
                Role::Start(m, line)
            }
            None => Role::Content(line),
        };
        roles.push(role);
    }
    // A test heading separates answers only when answers start under it ("Test 2"
    // then "Change: …"); "Test B - fewer falls" inside an answer is part of it.
    for i in 0..roles.len() {
        if let Role::Heading(line) = roles[i] {
            let answers_follow = roles[i + 1..]
                .iter()
                .find(|r| !matches!(r, Role::Content(l) if is_blank(l)))
                .is_some_and(|r| matches!(r, Role::Start(..)));
            if !answers_follow {
                roles[i] = Role::Content(line);
            }
        }
    }
    roles
}

/// A heading that separates two tests in one reply: "Test 2", "TEST B – evening
/// clinic", "PDSA 1:", "Second test", "Change 2". A numbered change or idea with text
/// after it ("Change 1: reminders") is an answer, not a heading.
pub(super) fn is_test_heading(line: &str) -> bool {
    let t = line
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ':' | '.' | ')' | '(' | ' ' | '-' | '–' | '—'));
    let (head, title) = match t.split_once([':', '-', '–', '—']) {
        Some((head, title)) => (head.trim_end(), title.trim()),
        None => (t, ""),
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    // A figure after it makes it a measure ("Trial 2: 14 of 20"), and more than a few
    // words an answer ("Test B - fewer falls in the bathroom"), not a heading.
    if words.len() != 2 || text::word_count(title) > 4 || title.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let counter = |w: &str| {
        let w = w.trim_start_matches('#');
        (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
            || (w.len() == 1 && w.bytes().all(|b| matches!(b.to_ascii_lowercase(), b'a'..=b'e')))
            || text::word_in(w, &["one", "two", "three", "four"])
    };
    let numbered = |kinds: &[&str]| text::word_in(words[0], kinds) && counter(words[1]);
    let ordinal = text::word_in(words[0], &["first", "second", "third", "fourth", "another"])
        && text::word_in(words[1], &["test", "change", "idea", "pdsa", "trial", "experiment"]);
    numbered(&["test", "pdsa", "trial", "experiment"])
        || (title.is_empty() && (ordinal || numbered(&["change", "idea"])))
}

/// "n/a", "-", "Not applicable": the question was left unanswered on purpose.
fn says_no_answer(value: &str) -> bool {
    let t = value.trim().trim_end_matches('.').to_lowercase();
    matches!(
        t.as_str(),
        "n/a" | "na" | "n.a" | "-" | "–" | "—" | "--" | "not applicable" | "nil"
    )
}

/// "A: …", "Ans - …", "Answer) …" before an answer; a dash only with a space on one side
/// of it ("A-board outside" is the answer).
static ANSWER_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:a|ans|answer)(?:\s*[:.)]|\s+[\-–]|[\-–]\s)\s*").expect("built-in pattern compiles")
});

/// Trims an answer: no surrounding blank lines, single blank lines inside,
/// no leading "Answer:", bullets removed when every line has one (or the
/// answer is one line), no emphasis wrapping the whole answer.
pub(super) fn clean_value(lines: &[&str], keep_lines: bool) -> Option<String> {
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = line.trim_end();
        if line.trim().is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        // "CHANGE\n------": the rule under a heading is not part of the answer; nor is
        // an inline picture's placeholder ("[cid:image001.jpg@01DB…]").
        if (out.is_empty() && signature::is_decoration(line)) || signature::is_image_placeholder(line) {
            continue;
        }
        out.push(if line.trim().is_empty() { "" } else { line });
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if out.is_empty() {
        return None;
    }
    let first_stripped = ANSWER_PREFIX
        .replace(text::without_comment_tag(out[0].trim()), "")
        .into_owned();
    if keep_lines {
        let mut kept: Vec<&str> = out.iter().map(|l| text::without_comment_tag(l.trim())).collect();
        kept[0] = first_stripped.trim();
        return Some(kept.join("\n"));
    }
    let content: Vec<&str> = out.iter().copied().filter(|l| !l.is_empty()).collect();
    let all_bulleted = content.iter().all(|l| strip_bullet(l).len() != l.trim_start().len());
    let strip_all = all_bulleted || content.len() == 1;
    let mut lines: Vec<String> = out
        .iter()
        .map(|l| {
            let l = text::without_comment_tag(l.trim());
            if strip_all { strip_bullet(l) } else { l }.to_string()
        })
        .collect();
    if let Some(first) = lines.first_mut() {
        let stripped = ANSWER_PREFIX.replace(first, "").into_owned();
        *first = stripped;
    }
    let joined = lines.join("\n");
    let value = unwrap_emphasis(joined.trim());
    (!value.is_empty()).then(|| value.to_string())
}

fn unwrap_emphasis(s: &str) -> &str {
    for mark in ["**", "__", "*", "_"] {
        if s.len() > 2 * mark.len() && s.starts_with(mark) && s.ends_with(mark) {
            let inner = &s[mark.len()..s.len() - mark.len()];
            if !inner.contains(mark) {
                return inner.trim();
            }
        }
    }
    s
}

static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening)|morning|afternoon|greetings|bore\s+da|prynhawn\s+da|helo|shwmae|annwyl|hola|dia\s+dhuit|a\s+chara|buenos\s+d[ií]as|buenas|estimad[oa]s?|bonjour|salut|cher|ch[eè]re|hallo|guten\s+(?:tag|morgen)|liebe[rs]?|moin|hoi|beste|goedemorgen|goedemiddag|ciao|buongiorno|ol[aá]|bom\s+dia|hej|hei|thanks|thank\s+you|many\s+thanks|sorry|apologies|hope\s+(?:you|all|this))\b")
        .expect("built-in pattern compiles")
});

static THANKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:many\s+)?(?:thanks|thank\s+you|hope\s+(?:you|all|this|everyone))\b|\b(?:thanks|thank\s+you)\s+for\b",
    )
    .expect("built-in pattern compiles")
});

static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:answers?|below|update|responses?|reply|replies|cycle|questions?|here(?:'s|’s|\s+(?:is|are))|ours|on\s+behalf\s+of|as\s+requested|as\s+promised|please\s+find|see|attached|pdsa|month|inline|late|delay|sorry|apologies|dyma|h?atebion|ymatebion|quick\s+one|brevity|between\s+shifts|on\s+shift|(?:sent|sending|typing|replying|written)\s+(?:this\s+)?(?:from|on)\s+(?:my\s+)?(?:phone|mobile)|(?:on|annual)\s+leave|christmas|xmas|festive|new\s+year|holidays?)\b")
        .expect("built-in pattern compiles")
});

/// Details people put above their answers: "Team: MSK", "Cycle: 3".
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")
        .expect("built-in pattern compiles")
});

static METADATA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:team(?:\s+name)?|names?|cycle(?:\s+(?:number|no\.?))?|month|date|site|service|ward|department|project|period|submitted\s+by|completed\s+by|organisation|organization|trust|board|re|subject)\s*[:：-]")
        .expect("built-in pattern compiles")
});

/// Banners mail systems put at the top of messages from outside the organisation.
static BANNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:caution|warning|external(?:\s+(?:email|sender|message))?|\[external\]|notice)\b.{0,40}(?:originated|outside|external|sender|links?|attachments?)|^\W*this\s+(?:e-?mail|message)\s+(?:originated|came|was\s+sent)\s+from\s+outside|^\W*\[(?:external|ext)\]\W*$")
        .expect("built-in pattern compiles")
});

/// "Hi,", "Hello Naomi,", "Good morning all", "Thanks!": a greeting line.
pub fn is_greeting(line: &str) -> bool {
    let t = line.trim();
    !text::word_count_over(t, 8) && GREETING.is_match(t)
}

/// A short remark without figures or a question: "Easier for me to do it in a table.";
/// or a note of whose answers these are ("I'm replying for the practice asthma team
/// (…)", "A note from me before the answers: these are from Kemi, who led …"), which
/// asks nothing and gives no decision.
fn is_aside_to_reader(line: &str) -> bool {
    let t = line.trim();
    if t.contains('?') {
        return false;
    }
    let short = !text::word_count_over(t, 16) && !t.contains(|c: char| c.is_ascii_digit());
    short
        || (!text::word_count_over(t, 80)
            && PROVENANCE.is_match(t)
            && !REQUEST.is_match(t)
            && super::parse_decision(t).is_none())
}

static PROVENANCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:on\s+behalf\s+of|(?:replying|answering|writing|responding)\s+(?:for|on\s+behalf)|(?:these|the\s+answers|they)\s+are\s+(?:from|by)|answers?\s+(?:are\s+)?(?:from|by)\s+[A-Z]|(?:pasted|copied)\s+(?:them\s+|it\s+)?(?:in|below)|sent\s+(?:them|these|it)\s+to\s+me)\b")
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
    Regex::new(r"(?i)\b(?:is\s+(?:it|this|that|there)|are\s+(?:we|these|you|they)|should\s+(?:we|i)|shall\s+(?:we|i)|can\s+(?:we|i|you)|could\s+(?:we|i|you)|would\s+you|do\s+(?:you|we|i)|does\s+(?:it|this|that)|what|how|which|when|where|why|who)\b[^?]*\?")
        .expect("built-in pattern compiles")
});

static PASS_ON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:pass|send|forward)\s+(?:(?:this|these|them|it)\s+)?(?:on|to)\b")
        .expect("built-in pattern compiles")
});

/// Asking the Lab to do something: "Could you add Bethan to the team?", "please
/// remove me"; "Please see our update below" and "can you pass to the Lab?" (to a
/// colleague who forwards the answers) ask nothing of it.
static REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(?:could|can|would)\s+you\s+(?:please\s+)?|please\s+)(?:add|remove|take|send|call|ring|change|update|let|contact|swap|put)\b")
        .expect("built-in pattern compiles")
});

fn figures_besides_cycle(t: &str) -> bool {
    let lower = t.to_lowercase();
    let mut rest = lower.as_str();
    let mut found = false;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        if !rest[..i].trim_end().ends_with("cycle") {
            found = true;
            break;
        }
        rest = rest[i..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    found
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
        || (words <= 16 && THANKS.is_match(t))
        // An introduction, as long as it asks nothing ("Could you add Bethan to the team?",
        // "Quick question – is it OK that our change is quite small?").
        || (words <= 20 && INTRO.is_match(t) && !asks(t))
        // A longer introduction, as long as it gives no figures ("the number seen was 23
        // not 32" is a correction a person should see); "cycle 8" is not a figure.
        || (words <= 30 && INTRO.is_match(t) && !figures_besides_cycle(t) && !asks(t))
        || (words <= 3 && signature::is_name_line(t))
        || (words <= 10 && METADATA.is_match(t))
        // "Ward 12 for July:", "Our June figures:": a heading over the answers.
        || (words <= 6 && t.ends_with(':') && MONTH.is_match(t))
}
