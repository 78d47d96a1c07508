//! Finding the seven answers in the new text of a reply: cutting it at the
//! questions, labels and numbers that start answers; each answer is cleaned by
//! `answer_text.rs`. Other shapes (answers inside the quoted reminder, unmarked
//! paragraphs) are in `inline.rs`.

use super::answer_text::{clean_value, says_no_answer};
use super::headings;
use super::labels::{self, Field, Marker, Strength};
use super::numbering;
use super::signed_lines;
use super::tail;
use super::text::{self, is_blank, split_quote};

use super::said_to_reader::{self, is_aside_to_reader, is_ignorable};

/// Answers by field (raw text, cleaned), and the text that fitted nowhere.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Sections {
    pub(super) values: [Option<String>; 7],
    pub(super) unplaced: Vec<String>,
    /// Reasons for a person to check the answers (e.g. one answer for two questions).
    pub(super) notes: Vec<String>,
    /// Answers given under one label naming two fields ("Learning and decision:"),
    /// kept under the first until `overflow.rs` shares them out.
    pub(super) shared: Vec<(Field, Field)>,
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

/// True when `line` starts with the number of `field`'s question: "6. …", "6) …".
fn numbered_as(line: &str, field: Field) -> bool {
    let n = field.index() + 1;
    let t = line.trim_start();
    t.as_bytes().first() == Some(&(b'0' + n as u8)) && t[1..].starts_with(['.', ')', ':'])
}

/// Splits `text` (the visible reply) into answers at questions, labels and
/// numbers. Quoted lines are never answers, and text after a quoted block
/// belongs to no answer until the next marker (answers between quoted
/// questions are unquoted by `inline::inline_view` before this runs).
pub(super) fn sections(text: &str) -> Sections {
    let lines = text::lines(text);
    let mut roles = roles(&lines);
    number_in_order(&mut roles);
    let mut strong: Vec<Field> = roles
        .iter()
        .filter_map(|r| match r {
            Role::Start(m, _) if m.strength != Strength::Number => Some(m.field),
            _ => None,
        })
        .collect();
    strong.sort();
    strong.dedup();
    // With three or more questions/labels, "1." lines are lists inside answers; two to
    // four numbered questions of the writer's own, and nothing else, ask the Lab things
    // ("1. Do you want the monthly figure only, or the weekly points as well?").
    let number_rests = || {
        roles.iter().filter_map(|r| match r {
            Role::Start(m, _) if m.strength == Strength::Number => Some(m.rest),
            _ => None,
        })
    };
    let own_questions =
        strong.is_empty() && (2..=4).contains(&number_rests().count()) && number_rests().all(|r| r.contains('?'));
    let numbers_ok = strong.len() < 3 && !own_questions;
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
    // "1. Change: …", "5. Learning: …", "6. Adapt", "7. Next: …": a writer who numbers
    // the labels may leave a label out, and the number alone still marks that answer.
    let labels_numbered = roles
        .iter()
        .filter(|r| matches!(r, Role::Start(m, line) if m.strength != Strength::Number && numbered_as(line, m.field)))
        .count()
        >= 3;

    let mut buf: [Vec<&str>; 7] = Default::default();
    let mut current: Option<Field> = None;
    // The current answer began under its question, copied or quoted.
    let mut asked = false;
    let mut unplaced = Vec::new();
    // How many of the unplaced lines came before the first answer.
    let mut before_answers = 0usize;
    let mut notes = Vec::new();
    let mut shared = Vec::new();
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
                let t = line.trim_start();
                let answer_tag = t.get(..6).is_some_and(|w| w.eq_ignore_ascii_case("answer"))
                    || (t.starts_with(['A', 'a']) && t[1..].starts_with(|c: char| c.is_ascii_digit()));
                if t.starts_with(['Q', 'q']) || answer_tag {
                    m.rest
                } else {
                    line
                }
            }
            // "Observations: 120" among the measures is a measure, not the label of
            // another answer; "Learning – 24h is doable even with our staffing if nurses
            // help." is the next answer, opening with a figure.
            Role::Start(m, line)
                if current == Some(Field::Measures)
                    && m.field != Field::Measures
                    && m.strength == Strength::Label
                    && m.rest.starts_with(|c: char| c.is_ascii_digit())
                    && (matches!(m.field, Field::WhatHappened) || !text::word_count_over(m.rest, 6)) =>
            {
                line
            }
            // "Results: mixed – …" written under the copied question "3. What happened
            // when you tried it?", after the answer has begun: the writer's sentence.
            Role::Start(m, line)
                if current == Some(m.field)
                    && asked
                    && m.strength == Strength::Label
                    && buf[m.field.index()].iter().any(|l| !is_blank(l)) =>
            {
                line
            }
            Role::Start(m, line) => {
                let accepted = m.strength != Strength::Number
                    || (numbers_ok && (any_order || current.is_none_or(|c| m.field > c)))
                    || (labels_numbered
                        && !strong.contains(&m.field)
                        && numbered_as(line, m.field)
                        && current.is_none_or(|c| m.field > c));
                if accepted {
                    if m.combined {
                        notes.push(format!(
                            "one answer was given for questions {} and {}; it is kept under {}",
                            m.field.index() + 1,
                            m.field.index() + 2,
                            m.field.name()
                        ));
                    }
                    if let Some(second) = m.also {
                        shared.push((m.field, second));
                    }
                    let b = &mut buf[m.field.index()];
                    // "> 3. What happened when you tried it?" then "What happened: busy from
                    // the first week": a label under its own question starts that answer.
                    if current == Some(m.field) && asked && b.iter().all(|l| is_blank(l)) {
                        b.clear();
                    }
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
                    asked = m.strength == Strength::Question;
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
        unplaced.extend(tail::second_set(&mut buf[last.index()]));
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
    out.shared = shared;
    // With the change answered, a short line without figures above the answers ("Easier
    // for me to do it in a table, hope that's OK.") is said to the reader, not an answer;
    // so is a summary ("TL;DR: faster, but not cheaper"), which the answers say in full.
    let change_answered = out.values[Field::Change.index()].is_some();
    let signed = signed_lines::signature_above_answers(&unplaced[..before_answers.min(unplaced.len())]);
    let team_under_name = signed_lines::team_under_closing_name(&unplaced);
    out.unplaced = unplaced
        .into_iter()
        .enumerate()
        .filter(|&(i, l)| {
            !(is_ignorable(l)
                || signed.contains(&i)
                || i >= team_under_name
                || (i < before_answers
                    && change_answered
                    && (is_aside_to_reader(l) || said_to_reader::is_summary_line(l))))
        })
        .map(|(_, l)| l)
        .map(|l| l.trim().to_string())
        .collect();
    out
}

/// Seven numbered answers whose numbers went astray but never go back — an Outlook list
/// that starts every item at "1.", or "3." typed twice with the rest one behind — answer
/// the seven questions in turn.
fn number_in_order(roles: &mut [Role<'_>]) {
    let mut numbers = [0u32; 7];
    let mut starts = 0;
    for role in roles.iter() {
        if let Role::Start(m, _) = role {
            match m.number {
                Some(n) if starts < 7 && !m.combined => numbers[starts] = n,
                _ => return,
            }
            starts += 1;
        }
    }
    let in_order = numbers[0] == 1 && numbers.windows(2).all(|w| w[0] <= w[1]);
    if starts < 7 || !in_order || numbers == [1, 2, 3, 4, 5, 6, 7] {
        return;
    }
    let mut fields = Field::ALL.into_iter();
    for role in roles.iter_mut() {
        if let Role::Start(m, _) = role
            && let Some(field) = fields.next()
        {
            m.field = field;
        }
    }
}

fn roles<'a>(lines: &[&'a str]) -> Vec<Role<'a>> {
    let mut roles = Vec::with_capacity(lines.len());
    let roman = numbering::roman_listed(lines);
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
        let marker = match roman.then(|| numbering::roman_prefix(inner.trim_start())).flatten() {
            Some((n, rest)) => labels::numbered(n, rest),
            None => labels::marker(inner),
        };
        let role = match marker {
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
    table_heading_cells(&mut roles);
    aim_beside_the_change(&mut roles);
    leader_sections(&mut roles);
    roles
}

/// "Other ------- Could these reminders also go to …" in a reply whose labels all have
/// leaders: a section of the writer's own, for a person, not more of the answer above
/// it. Among the measures, "Residents ------ 18" is a measure.
fn leader_sections(roles: &mut [Role<'_>]) {
    let labels_led = roles
        .iter()
        .filter(|r| matches!(r, Role::Start(m, line) if m.strength == Strength::Label && headings::leader_after(line).is_some()))
        .count();
    if labels_led < 3 {
        return;
    }
    let mut current = None;
    for role in roles.iter_mut() {
        match *role {
            Role::Start(ref m, _) => current = Some(m.field),
            Role::Content(line)
                if current != Some(Field::Measures)
                    && headings::leader_after(line).is_some_and(|after| !after.is_some_and(|c| c.is_ascii_digit())) =>
            {
                *role = Role::Heading(line);
                current = None;
            }
            _ => {}
        }
    }
}

/// "Aim: ↓ late insulin visits to <5% by January" above "Plan: insulin visits first on
/// every route": the project's aim, not the change, when the change has a label of its
/// own. Alone, "Aim:" labels the change (what the writer set out to do this cycle).
fn aim_beside_the_change(roles: &mut [Role<'_>]) {
    let is_aim = |line: &str| said_to_reader::after_aim(line).is_some();
    let change_labels = |aim: bool| {
        roles
            .iter()
            .filter(|r| matches!(r, Role::Start(m, line) if m.field == Field::Change && m.strength != Strength::Number && is_aim(line) == aim))
            .count()
    };
    if change_labels(true) == 0 || change_labels(false) == 0 {
        return;
    }
    for r in roles.iter_mut() {
        let aim = matches!(r, Role::Start(m, line) if m.field == Field::Change && is_aim(line));
        if aim && let Role::Start(_, line) = *r {
            *r = Role::Content(line);
        }
    }
}

/// A table of measures turned into text one cell a line keeps its heading row:
/// "Measures", then "Measure" and "Result" on the next lines, then "Patients
/// admitted" and "41". The heading cells read as labels ("Result" as what
/// happened); under a bare measures label, with a name and its figure after them,
/// they are the table's, left for the measures reader.
fn table_heading_cells(roles: &mut [Role<'_>]) {
    let bare_label = |r: &Role<'_>| match r {
        Role::Start(m, line) if m.strength == Strength::Label && m.rest.is_empty() => {
            Some((m.field, text::word_count(line.trim()) <= 3))
        }
        _ => None,
    };
    for i in 0..roles.len() {
        if bare_label(&roles[i]) != Some((Field::Measures, true)) {
            continue;
        }
        // The heading cells, each on the line under the one before.
        let cells = roles[i + 1..]
            .iter()
            .take_while(|r| bare_label(r).is_some_and(|(_, short)| short))
            .count();
        if cells == 0 || !(i + 1..=i + cells).any(|j| bare_label(&roles[j]).is_some_and(|(f, _)| f != Field::Measures))
        {
            continue;
        }
        let mut below = roles[i + 1 + cells..].iter().filter_map(|r| match r {
            Role::Content(l) if !is_blank(l) => Some(Some(l.trim())),
            Role::Content(_) => None,
            _ => Some(None),
        });
        let name_then_figure = matches!(
            (below.next(), below.next()),
            (Some(Some(name)), Some(Some(figure)))
                if !name.starts_with(|c: char| c.is_ascii_digit())
                    && figure.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '£' | '$' | '€'))
        );
        if name_then_figure {
            for r in &mut roles[i + 1..=i + cells] {
                if let Role::Start(_, line) = *r {
                    *r = Role::Content(line);
                }
            }
        }
    }
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
    let mut head_words = head.split_whitespace();
    let (Some(first), Some(second), None) = (head_words.next(), head_words.next(), head_words.next()) else {
        return false;
    };
    let words = [first, second];
    // A figure after it makes it a measure ("Trial 2: 14 of 20"), and more than a few
    // words an answer ("Test B - fewer falls in the bathroom"), not a heading.
    if text::word_count(title) > 4 || title.bytes().any(|b| b.is_ascii_digit()) {
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
