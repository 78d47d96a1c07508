//! Recognising where an answer starts: the reminder's questions (copied or
//! quoted), short labels ("Change:", "**Prediction**", "Next steps -"), and
//! numbers ("1.", "2)", "Q3:", "4 -").

use std::sync::LazyLock;

use regex::Regex;

use super::numbering::{number_prefix, question_tag};
use super::text::{first_word, word_in};

/// The seven fields, in the order of the reminder's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Field {
    Change,
    Prediction,
    WhatHappened,
    Measures,
    Learning,
    Decision,
    NextSteps,
}

impl Field {
    pub(super) const ALL: [Field; 7] = [
        Field::Change,
        Field::Prediction,
        Field::WhatHappened,
        Field::Measures,
        Field::Learning,
        Field::Decision,
        Field::NextSteps,
    ];

    /// 0-based position in the reminder.
    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// The field for the reminder's question number (1–7).
    pub(super) fn from_number(n: u32) -> Option<Field> {
        Field::ALL.get((n as usize).checked_sub(1)?).copied()
    }

    /// The JSON name of the field.
    pub(super) fn name(self) -> &'static str {
        match self {
            Field::Change => "change",
            Field::Prediction => "prediction",
            Field::WhatHappened => "what_happened",
            Field::Measures => "measures",
            Field::Learning => "learning",
            Field::Decision => "decision",
            Field::NextSteps => "next_steps",
        }
    }
}

/// How a marker was recognised; questions and labels are more certain than
/// bare numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    Question,
    Label,
    Number,
}

/// The start of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marker<'a> {
    pub(super) field: Field,
    pub(super) strength: Strength,
    /// Answer text on the same line, after the question or label.
    pub(super) rest: &'a str,
    /// The question's hint in parentheses continues on the next line.
    pub(super) open_hint: bool,
    /// A question without its `?` (wrapped by the mail client).
    pub(super) unfinished: bool,
    /// One answer for two questions ("2/3. …"): kept under the first, flagged.
    pub(super) combined: bool,
    /// The second field of a label naming two ("Learning and decision:",
    /// "Prediction / what happened"): the answer may be shared between them.
    pub(super) also: Option<Field>,
    /// The number written before it ("3. Adopt", "iv) Calls: 12"), if any.
    pub(super) number: Option<u32>,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

/// The start of each question, in field order. A question may be cut short
/// where a client wrapped it, hence the nested optional tails.
static QUESTIONS: LazyLock<[Regex; 7]> = LazyLock::new(|| {
    [
        r"what\s+(?:change|idea)s?(?:\s+or\s+ideas?)?\s+(?:did|have|will)\s+(?:you|we|i)\s+(?:test|try|trial)(?:ed)?(?:\s+this(?:\s+(?:cycle|month|time))?)?",
        r"what\s+did\s+(?:you|we|i)\s+(?:predict|expect)(?:\s+would(?:\s+happen)?)?",
        r"what\s+happened\s+when\s+(?:you|we|i)\s+tried(?:\s+it)?",
        r"what\s+did\s+(?:you|we|i)\s+measure",
        r"what\s+did\s+(?:you|we|i)\s+(?:learn|learnt|learned)(?:,?\s+and(?:\s+how(?:\s+did(?:\s+it(?:\s+compare(?:\s+(?:with|to)(?:\s+(?:your|our|the)(?:\s+predictions?)?)?)?)?)?)?)?)?",
        r"(?:will|did|would|do)\s+(?:you|we|i)\s+adopt\s*[,/]?\s*adapt\s*[,/]?\s*(?:or|and)?\s*/?\s*abandon(?:\s+(?:the(?:\s+change)?|it))?",
        r"what\s+will\s+(?:you|we|i)\s+test(?:\s+next(?:\s+(?:cycle|month|time))?)?",
    ]
    .map(|p| re(&format!("(?i)^(?:{p})")))
});

/// The short labels of each field, in field order; a label must be followed
/// by a separator (`:`, `?`, `-`, `|`, `=`, an arrow `->`) or end the line, optionally with
/// emphasis or a note in brackets in between.
static LABELS: LazyLock<[Regex; 7]> = LazyLock::new(|| {
    [
        r"(?:the\s+|our\s+)?(?:change|idea)(?:\s+(?:or\s+)?idea)?(?:\s+(?:tested|trialled|trialed|tried|made|implemented|introduced|we\s+tested|we\s+tried|being\s+tested))?|what\s+(?:we|i|you)\s+(?:tested|tried|trialled|changed|did)(?:\s+differently)?|what\s+was\s+(?:tested|tried|changed)|what\s+did\s+(?:we|you|i)\s+(?:change|test|try)|(?:the\s+)?intervention|test(?:ed)?\s+change|plan|tested|trialled|trialed|tried|test|what\s+(?:change|idea)(?:\s+or\s+idea)?|(?:the\s+|our\s+)?aim|(?:the\s+|our\s+)?objectives?|chg|beth\s+(?:wnaethon\s+ni|wnes\s+i)\s+(?:ei\s+)?(?:brofi|dreialu|newid)|(?:y\s+)?newid",
        r"(?:our\s+|the\s+|my\s+)?predict(?:ions?)?|predicted(?:\s+(?:outcomes?|results?|impact|effect))?|we\s+predicted|(?:our\s+|the\s+)?hypothes[ie]s|what\s+(?:we|i|you)\s+(?:predicted|expected|hoped(?:\s+(?:for|would\s+happen))?|thought(?:\s+would\s+happen)?)|what\s+(?:we|i)\s+(?:were|was)\s+(?:expecting|predicting|hoping(?:\s+for)?)|prognos[ie]s|forecast|hoped(?:\s+for)?|hoping\s+for|pred|what\s+did\s+(?:we|you|i)\s+(?:think|expect|predict|hope)(?:\s+would\s+happen)?|(?:our\s+)?expectations?|expect(?:ed|ing)?(?:\s+outcomes?|\s+results?)?|prediction\s+made|(?:our\s+|my\s+|the\s+)?(?:hunch|guess)|we\s+(?:thought|expected|hoped)|thought|rhagfynegiad|rhagfynegi|beth\s+(?:oedden\s+ni['’]n|oeddwn\s+i['’]n|wnaethon\s+ni)\s+(?:ei\s+)?(?:ddisgwyl|ragweld|rhagweld)",
        r"what\s+(?:actually\s+)?happened|what\s+(?:is|has)\s+happened|happened|what\s+(?:actually\s+)?went\s+on|actual(?:\s+(?:results?|outcomes?))?|saw|what\s+did\s+(?:actually\s+)?happen|how\s+(?:it|did\s+it)\s+go|how\s+it\s+went|results?|outcomes?|what\s+(?:we|i|you)\s+found|what\s+did\s+(?:we|you|i)\s+find|findings?|observations?|do|what\s+we\s+saw|reality|in\s+practice|what\s+passed|real\s+(?:results?|outcomes?)|res|beth\s+ddigwyddodd|canlyniad(?:au)?",
        r"(?:outcome|process|balancing|key)\s+measures?|measured|measures?(?:\s+used)?|measurements?|(?:the\s+)?(?:data|numbers|figures)|metrics|what\s+(?:we|i|you)\s+(?:measured|counted)|stats|statistics|tally|counts|counted|meas|parameters(?:\s+measured)?|mesurau|mesuriadau|mesur|beth\s+(?:wnaethon\s+ni|wnes\s+i)\s+(?:ei\s+)?fesur",
        r"learnings?|learned|learnt|learn|conclusions?|lessons(?:\s+(?:learned|learnt))?|what\s+(?:we|i|you)\s+(?:have\s+)?(?:learned|learnt)|key\s+learnings?|learning\s+points?|(?:key\s+)?take-?aways?|take[-\s]?home\s+(?:messages?|points?)|study|reflections?|lesson|insights?|inferences?|lrn|lrnt|so\s+what|what\s+it\s+taught\s+us|what\s+(?:we|i)\s+(?:take|took)\s+(?:away\s+)?from\s+(?:it|this)|dysgu|beth\s+(?:ddysgon\s+ni|ddysgais\s+i|wnaethon\s+ni\s+ddysgu)|gwersi",
        r"(?:pdsa\s+|final\s+|our\s+)?decision|act|verdict|(?:the\s+)?bottom\s+line|where\s+we(?:'|’)?ve\s+landed|where\s+we\s+have\s+landed|are\s+we\s+keeping\s+it|keep\s*/\s*tweak\s*/\s*(?:or\s+)?bin|adopt\s*[,/]?\s*adapt\s*[,/]?\s*(?:or|and)?\s*/?\s*abandon|(?:adopt|adapt|abandon)(?:\s*[,/]\s*|\s*,?\s+or\s+)(?:adopt|adapt|abandon)(?:\s*[,/]\s*|\s*,?\s+or\s+)(?:adopt|adapt|abandon)|recommendations?|decn?|penderfyniad|mabwysiadu\s*,?\s*addasu\s*,?\s*(?:neu\s+)?roi['’]r\s+gorau(?:\s+iddi)?",
        r"n(?:e)?xt(?:\s+(?:steps?|cycle|test|time|month|actions?|up|pdsa(?:\s+cycle)?))?|(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+plans?|plan\s+for\s+(?:the\s+)?next\s+(?:cycle|month|time)|what\s+next|what(?:'s|\s+is)\s+next|what\s+will\s+(?:we|you|i)\s+do\s+next|going\s+forward|next\s+cycle\s+plan|future\s+plans?|(?:further\s+)?actions?|further\s+work|now\s+what|plan\s+ahead|(?:tweaks?|changes|plans?|focus)\s+for\s+(?:next\s+(?:cycle|month|time)|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|instead\s+next\s+(?:cycle|month|time)|for\s+(?:the\s+)?next\s+(?:cycle|month|time)|nesaf|(?:y\s+)?camau?\s+nesaf|(?:y\s+)?cylch\s+nesaf",
    ]
    .map(|p| {
        // Optional: a second name after a slash or "and" ("Learning/reflection",
        // "Learning and decision"), emphasis, and a note in brackets, before the
        // separator. A `|` (a table's cell border: "Change | …") separates too, and
        // so do leaders ("Change ........ text", "Prediction ---- text").
        re(&format!(
            r"(?i)^(?:{p})(?:(?:\s*[/&+]\s*|\s+and\s+)(?P<second>[a-z][a-z ]{{0,29}}?))?\s*[*_]*\s*(?:\([^)]{{0,80}}\)\s*[*_]*\s*)?(?:-{{1,2}}>|=>|→|[:：?=|]|[-–—]+[*_]*(?:\s|$)|(?:\.{{2,}}|…)[.…]*\s*:?|\t|\x20\x20|$)"
        ))
    })
});

static HINT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\(\s*(?:one\s+per\s+line|`?adopt`?\s*,\s*`?adapt`?|e\.g\.)"));

/// Strips leading markdown, list bullets and emoji: `#`, `- `, `**`, `__`,
/// `*`, `_`, `•`, `✅`, `👉`, `=>`. Brackets and quotes stay (`(1)`).
fn strip_decoration(s: &str) -> &str {
    s.trim_start_matches(|c: char| {
        let keep = c.is_alphanumeric() || matches!(c, '(' | '[' | '"' | '\'' | '“' | '‘' | '£' | '$' | '€');
        c.is_whitespace() || !keep
    })
}

/// Recognises the start of an answer on `line` (already without quote markers).
pub(super) fn marker(line: &str) -> Option<Marker<'_>> {
    if line.len() <= 400 {
        return marker_in(line);
    }
    // Only the start of a long line is looked at; the answer on it runs to its end.
    let head = super::text::prefix_chars(line, 400);
    let mut m = marker_in(head)?;
    if !m.rest.is_empty() {
        let start = m.rest.as_ptr() as usize - head.as_ptr() as usize;
        m.rest = line[start..].trim_end();
    }
    Some(m)
}

fn marker_in(line: &str) -> Option<Marker<'_>> {
    // "#1 Sent the questionnaire…": a number after "#", which is otherwise decoration.
    let hash_number = line
        .trim_start()
        .strip_prefix('#')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    let mut t = if hash_number {
        line.trim_start()
    } else {
        strip_decoration(line)
    };
    // "Re Q6 – adapting.": a question number after "Re".
    if t.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("re "))
        && t[3..].starts_with(['q', 'Q'])
        && t[4..].starts_with(|c: char| c.is_ascii_digit())
    {
        t = &t[3..];
    }
    // "Q: What change…?" (a Q/A layout): the question after the "Q:".
    if let Some(rest) = question_tag(t) {
        t = strip_decoration(rest);
    }
    let Some((n, rest, combined)) = number_prefix(t) else {
        return question(t).or_else(|| label(t)).map(past_cell_bar);
    };
    // "2/3. …" names two questions; a question or label after the numbers names one.
    numbered(n, rest).map(|m| Marker {
        combined: combined && m.strength == Strength::Number,
        ..m
    })
}

/// "What did you test? | Shopping vouchers…": a table row through HTML; the bar between
/// the question's cell and the answer's is no part of the answer.
fn past_cell_bar(m: Marker<'_>) -> Marker<'_> {
    match m.rest.strip_prefix('|') {
        Some(rest) if !rest.contains('|') => Marker {
            rest: rest.trim_start(),
            ..m
        },
        _ => m,
    }
}

/// The start of the answer after a number read by the caller ("iv) Appointments: 44",
/// "VI. Adopt."): the question or label after it, or the number alone.
pub(super) fn numbered(n: u32, rest: &str) -> Option<Marker<'_>> {
    let t = strip_decoration(rest);
    if let Some(m) = question(t).or_else(|| label(t)) {
        return Some(Marker { number: Some(n), ..m });
    }
    Some(Marker {
        field: Field::from_number(n)?,
        strength: Strength::Number,
        rest: rest.trim_start_matches(['*', '_']).trim(),
        open_hint: false,
        unfinished: false,
        combined: false,
        also: None,
        number: Some(n),
    })
}

/// Which question `t` may be, from its first words, before any regex runs.
fn question_candidate(t: &str) -> Option<usize> {
    let mut words = t.split_whitespace().map(|w| w.trim_end_matches(','));
    let first = words.next()?;
    if word_in(first, &["will", "did", "would", "do"]) {
        return Some(5);
    }
    if !first.eq_ignore_ascii_case("what") {
        return None;
    }
    let second = words.next()?;
    if word_in(second, &["change", "changes", "idea", "ideas"]) {
        return Some(0);
    }
    if second.eq_ignore_ascii_case("happened") {
        return Some(2);
    }
    if second.eq_ignore_ascii_case("will") {
        return Some(6);
    }
    if !second.eq_ignore_ascii_case("did") {
        return None;
    }
    let verb = words.nth(1)?;
    let verb = first_word(verb);
    if word_in(verb, &["predict", "expect"]) {
        Some(1)
    } else if verb.eq_ignore_ascii_case("measure") {
        Some(3)
    } else if word_in(verb, &["learn", "learnt", "learned"]) {
        Some(4)
    } else {
        None
    }
}

/// The reminder's questions word for word, up to the question mark; most
/// copies and quotes match one of these without running a regex.
const CANONICAL: [&str; 7] = [
    "what change or idea did you test this cycle",
    "what did you predict would happen",
    "what happened when you tried it",
    "what did you measure",
    "what did you learn, and how did it compare with your prediction",
    "will you adopt, adapt or abandon the change",
    "what will you test next cycle",
];

fn question(t: &str) -> Option<Marker<'_>> {
    let i = question_candidate(t)?;
    let canonical = CANONICAL[i];
    let exact = t
        .get(..canonical.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(canonical));
    let end = if exact {
        canonical.len()
    } else {
        QUESTIONS[i].find(t)?.end()
    };
    let field = Field::ALL[i];
    let after = t[end..].trim_start_matches(['*', '_']).trim_start();
    let mut unfinished = false;
    let rest = if let Some(r) = after.strip_prefix(['?', ':', '？']) {
        r.trim_start_matches(['?', ':', '*', '_']).trim_start()
    } else if let Some(r) = after.strip_prefix(['-', '–', '—']) {
        r.trim_start()
    } else if after.is_empty() || after.starts_with(',') {
        // Wrapped before its end: the rest of the question is on the next line.
        unfinished = true;
        ""
    } else {
        after
    };
    let (rest, open_hint) = skip_hint(rest);
    // A table row: "4. What did you measure? | Falls: 4".
    let rest = rest.trim_start_matches(['*', '_']).trim_start();
    let rest = rest.strip_prefix('|').unwrap_or(rest);
    Some(Marker {
        field,
        strength: Strength::Question,
        rest: rest.trim_start_matches(['*', '_']).trim(),
        open_hint,
        unfinished,
        combined: false,
        also: None,
        number: None,
    })
}

/// Skips the reminder's hint in parentheses after a question; tells whether
/// it runs on to the next line.
fn skip_hint(rest: &str) -> (&str, bool) {
    if !rest.starts_with('(') {
        return (rest, false);
    }
    match rest.find(')') {
        Some(p) => (rest[p + 1..].trim_start(), false),
        None => ("", true),
    }
}

/// Which label regexes can match a line starting with `word` (lowercase);
/// checked so that most lines run none.
fn label_candidates(word: &str) -> &'static [usize] {
    match word {
        "change" | "idea" | "intervention" | "test" | "tested" | "trialled" | "trialed" | "tried" | "newid" | "aim"
        | "objective" | "objectives" | "chg" => &[0],
        // Welsh: y newid (the change), y cam nesaf (the next step).
        "y" => &[0, 6],
        "rhagfynegiad" | "rhagfynegi" => &[1],
        "beth" => &[0, 1, 2, 3, 4],
        "mabwysiadu" => &[5],
        "cylch" => &[6],
        "canlyniad" | "canlyniadau" => &[2],
        "mesurau" | "mesuriadau" | "mesur" => &[3],
        "dysgu" | "gwersi" => &[4],
        "penderfyniad" => &[5],
        "nesaf" | "camau" | "cam" => &[6],
        "plan" => &[0, 6],
        "the" => &[0, 1, 3, 5],
        "our" => &[0, 1, 5],
        "my" => &[1],
        "what" => &[0, 1, 2, 3, 4, 6],
        "prediction" | "predictions" | "predict" | "predicted" | "we" | "hypothesis" | "hypotheses" | "expectation"
        | "expectations" | "expect" | "expected" | "expecting" | "hunch" | "guess" | "prognosis" | "prognoses"
        | "forecast" | "hoped" | "hoping" | "pred" | "thought" => &[1],
        "result" | "results" | "outcomes" | "findings" | "finding" | "observations" | "observation" | "do" | "how"
        | "happened" | "reality" | "in" | "actual" | "saw" | "real" | "res" => &[2],
        "outcome" => &[2, 3],
        "measure" | "measures" | "measured" | "measurement" | "measurements" | "data" | "numbers" | "metrics"
        | "figures" | "stats" | "statistics" | "process" | "balancing" | "tally" | "counts" | "counted" | "meas"
        | "parameters" => &[3],
        "key" => &[3, 4],
        "learning" | "learnings" | "learned" | "learnt" | "lessons" | "study" | "reflection" | "reflections"
        | "takeaway" | "takeaways" | "take" | "lesson" | "insight" | "insights" | "so" | "learn" | "conclusion"
        | "conclusions" | "inference" | "inferences" | "lrn" | "lrnt" => &[4],
        "decision" | "act" | "adopt" | "adapt" | "abandon" | "pdsa" | "final" | "verdict" | "bottom" | "where"
        | "are" | "keep" | "recommendation" | "recommendations" | "dec" | "decn" => &[5],
        "next" | "nxt" | "going" | "future" | "action" | "actions" | "further" | "now" | "instead" | "tweak"
        | "tweaks" | "changes" | "plans" | "focus" | "for" | "jan" | "january" | "feb" | "february" | "mar"
        | "march" | "apr" | "april" | "may" | "jun" | "june" | "jul" | "july" | "aug" | "august" | "sep" | "sept"
        | "september" | "oct" | "october" | "nov" | "november" | "december" => &[6],
        _ => &[],
    }
}

/// True when the first word of `line` (after decoration) can begin a short label;
/// a cheap test before [`marker`] is tried on parts of the line.
pub(super) fn may_start_label(line: &str) -> bool {
    candidates_for(first_word(strip_decoration(line))).is_some_and(|c| !c.is_empty())
}

/// [`label_candidates`] for `word` in any case; None for a word that cannot be one
/// (not ASCII, or longer than 16 letters). Lower-cases on the stack.
fn candidates_for(word: &str) -> Option<&'static [usize]> {
    if word.is_empty() {
        return None;
    }
    let mut buf = [0u8; 16];
    super::text::ascii_lower(word, &mut buf).map(label_candidates)
}

/// "Keep it? Yes – keeping it", "Carry on?: Abandon for now": the decision asked in the
/// writer's own words. Only with the question mark, which the label tables cannot ask
/// for (their separator may be a dash: "Keep it – it's working" is an answer's line).
const ASKED_DECISION: [&str; 4] = ["keep it?", "keep?", "carry on?", "keep it or bin it?"];

fn label(t: &str) -> Option<Marker<'_>> {
    // "[Change] Put a magnet on…", "(Change) Online booking…": a label in brackets.
    let close = if t.starts_with('(') { ')' } else { ']' };
    if let Some(inner) = t.strip_prefix(['[', '('])
        && let Some((inside, after)) = inner.split_once(close)
        && inside.len() <= 40
    {
        let mut m = label(inside.trim())?;
        if !m.rest.is_empty() {
            return None;
        }
        m.rest = after.trim_start_matches([':', '-', '–', '—', ' ', '\t']).trim_end();
        return Some(m);
    }
    for asked in ASKED_DECISION {
        if t.get(..asked.len()).is_some_and(|p| p.eq_ignore_ascii_case(asked)) {
            return Some(Marker {
                field: Field::Decision,
                strength: Strength::Label,
                rest: t[asked.len()..].trim_start_matches([':', '*', '_']).trim(),
                open_hint: false,
                unfinished: false,
                combined: false,
                also: None,
                number: None,
            });
        }
    }
    let candidates = candidates_for(first_word(t))?;
    let Some((i, m)) = candidates.iter().find_map(|&i| LABELS[i].find(t).map(|m| (i, m))) else {
        return super::misspelt::misspelt_label(t);
    };
    // "Learning and decision": a second name that is another field's label. Most labels
    // name one field, and finding the second name costs more than finding the label.
    let joined = m.as_str().contains(['/', '&', '+']) || m.as_str().to_ascii_lowercase().contains(" and ");
    let also = joined
        .then(|| LABELS[i].captures(t)?.name("second"))
        .flatten()
        .and_then(|second| label(&format!("{}:", second.as_str().trim())).map(|second| second.field))
        .filter(|&f| f != Field::ALL[i]);
    let rest = t[m.end()..].trim_start_matches(['*', '_']).trim();
    // "Measure | This month" is the heading row of a table of measures, not the
    // start of the answer; "Measures | Calls made: 37" is.
    // So is "Measure<TAB>Number" from a table turned into text.
    let column = m.as_str().ends_with(['|', '\t']) || m.as_str().ends_with("  ");
    if Field::ALL[i] == Field::Measures && column && !rest.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(Marker {
        field: Field::ALL[i],
        strength: Strength::Label,
        rest,
        open_hint: false,
        unfinished: false,
        combined: false,
        also,
        number: None,
    })
}

/// The reminder's own sentences, pasted back with the answers: "Cycle 8 (June 2028)
/// has started for …", "We have not had …'s answers for cycle 3 …", "Reply to this
/// email, or use the form: …".
static REMINDER_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:cycle\s+\d+\s+\([^)]{1,40}\)\s+has\s+started\s+for(?-u:\b)|(?:subject\s*:?\s*)?cycle\s+\d+\s+\([^)]{1,40}\):\s+what\s+did\s+you\s+test|we\s+have\s+not\s+had\s+.{1,80}\s+answers\s+for\s+cycle\s+\d+|reply\s+to\s+this\s+email,?\s+or\s+use\s+the\s+form(?-u:\b))",
    )
});

/// True for a sentence of the reminder itself (see [`REMINDER_TEXT`]), or its subject
/// line as a quote's header block gives it ("Subject Cycle 19 (November 2030): what did
/// you test?", eM Client's header keys having no colon).
pub(super) fn is_reminder_text(line: &str) -> bool {
    let t = line.trim_start();
    t.len() >= 20 && word_in(first_word(t), &["cycle", "we", "reply", "subject"]) && REMINDER_TEXT.is_match(t)
}

/// True for the reminder's hint lines, e.g. `(one per line, e.g. "…: 14")`.
pub(super) fn is_hint(line: &str) -> bool {
    let t = strip_decoration(line);
    t.starts_with('(') && HINT.is_match(t)
}
