//! Where an answer was written when it is not under its own question: a decision
//! closing another answer, alone above the answers, as the whole of a short reply or
//! in a postscript; and a measure added in a postscript.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::Sections;
use super::labels::{self, Field};
use super::measure_rows;
use super::parse_decision;
use super::said_to_reader;
use super::text;
use super::text::LinesExt;

/// With no decision answered, a short last paragraph of another answer that states one
/// ("How it went: … \n\nWe'll keep it as is."), or a last line that is the word alone
/// ("Learning: …\nAdopt"), is the decision: it is moved there.
/// Only a statement of intent counts ("we'll", "going to", "keep it"), so a paragraph
/// reporting what happened ("Staff stopped using it.") stays where it is.
pub(super) fn decision_closing_an_answer(sections: &mut Sections) {
    let mut found = None;
    for field in Field::ALL {
        if matches!(field, Field::Decision | Field::Measures) {
            continue;
        }
        let Some(value) = sections.values[field.index()].as_deref() else {
            continue;
        };
        // A last line that is the word alone ("Adopt", "ADAPT.", "Adapt - going to text
        // as well") under another answer, or a short last line of intent ("…on busy
        // days.\nWe'll carry on with it.").
        let bare_line = value.rsplit_once('\n').filter(|(before, last)| {
            !before.trim().is_empty()
                && (is_decision_word(last) || bare_decision(last).is_some() || states_intent(last, 8))
        });
        let paragraph = value
            .rsplit_once("\n\n")
            .filter(|(before, last)| !before.trim().is_empty() && states_intent(last, 16));
        // The first of two paragraphs under next steps ("Going forward: keeping it but
        // tweaking the times" then "Next time: try the weekend slot").
        let opening_next_steps = value
            .split_once("\n\n")
            .filter(|(first, rest)| field == Field::NextSteps && !rest.trim().is_empty() && states_intent(first, 16))
            .map(|(first, rest)| (rest, first));
        if let Some((kept, decision)) = bare_line.or(paragraph).or(opening_next_steps) {
            if found.is_some() {
                return; // Two candidates: leave both for a person.
            }
            found = Some((field, kept.trim().to_string(), decision.trim().to_string()));
        }
    }
    if let Some((field, kept, decision)) = found {
        sections.values[field.index()] = Some(kept);
        sections.values[Field::Decision.index()] = Some(decision);
    }
}

/// A short statement of intent that reads as a decision: "We'll keep it as is.",
/// "Keeping it but tweaking the times", at most `max_words` words.
fn states_intent(text: &str, max_words: usize) -> bool {
    const INTENT: [&str; 24] = [
        "we're adopting",
        "we're adapting",
        "we're abandoning",
        "we are adopting",
        "we are adapting",
        "we are abandoning",
        "we've decided",
        "we have decided",
        "we'll ",
        "we will ",
        "we're going to ",
        "we are going to ",
        "we're keeping ",
        "we are keeping ",
        "we're sticking ",
        "we're carrying on",
        "i'll ",
        "i will ",
        "going to ",
        "we plan to ",
        "we intend to ",
        "keep it",
        "keeping it",
        "let's ",
    ];
    let lower = text.trim().to_lowercase().replace('’', "'");
    !text::word_count_over(text, max_words)
        && INTENT.iter().any(|w| lower.starts_with(w))
        && parse_decision(text).is_some()
}

/// The decision given above the answers ("Decision first, because it's what our manager
/// asked about: ADAPT.", "Adopt 👍 – details below.") when the decision's own answer is
/// missing or points there ("see top").
pub(super) fn decision_from_preamble(sections: &mut Sections, reply: &str) {
    let own = sections.values[Field::Decision.index()].as_deref();
    if sections.found() == 0 || own.is_some_and(|t| parse_decision(t).is_some()) {
        return;
    }
    // The opening line, even one that reads as an introduction ("Adopt – details below.",
    // "Short version: adapt 👍").
    if let Some(first) = reply
        .text_lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !said_to_reader::is_greeting(l))
        && let Some(word) = bare_decision(first).or_else(|| bare_decision(after_lead_words(first)))
    {
        sections.unplaced.retain(|l| l.trim() != first);
        sections.values[Field::Decision.index()] = Some(word.to_string());
        return;
    }
    // "Decision: see top" under a first line such as "Short version: we're adopting it."
    if own.is_some_and(points_up)
        && let Some(line) = reply
            .text_lines()
            .map(str::trim)
            .take_while(|l| labels::marker(l).is_none())
            // A short line, or a note that names the decision ("our decision is to ADAPT").
            .filter(|l| {
                !l.is_empty()
                    && (text::word_count(l) <= 25
                        || (text::word_count(l) <= 80 && l.to_lowercase().contains("decision")))
            })
            .find(|l| parse_decision(l).is_some())
    {
        sections.unplaced.retain(|l| l.trim() != line);
        sections.values[Field::Decision.index()] = Some(line.to_string());
        return;
    }
    // No decision answered at all: a short line above the answers that states one
    // ("Short version: we're keeping it (adopt) – the details are below.").
    // "Short version: the trolley made a real difference and we're adopting it.": the
    // clause that states it.
    if own.is_none()
        && let Some((line, said)) = reply
            .text_lines()
            .map(str::trim)
            .take_while(|l| labels::marker(l).is_none())
            .filter(|l| text::word_count(l) <= 25)
            .find_map(|l| {
                let said = after_lead_words(l);
                if states_intent(said, 25) || bare_decision(said).is_some() {
                    return Some((l, said));
                }
                said.split([',', ';', '.'])
                    .flat_map(|part| part.split(" and "))
                    .map(str::trim)
                    .find(|clause| states_intent(clause, 12))
                    .map(|clause| (l, clause))
            })
    {
        sections.unplaced.retain(|l| l.trim() != line);
        sections.values[Field::Decision.index()] = Some(said.to_string());
        return;
    }
    let found = sections.unplaced.iter().position(|l| {
        let named = text::word_count(l) <= 25 && l.to_lowercase().contains("decision") && parse_decision(l).is_some();
        named || bare_decision(l).is_some()
    });
    if let Some(i) = found {
        let line = sections.unplaced.remove(i);
        sections.values[Field::Decision.index()] = Some(line);
    }
}

/// A note with the answers, above them or after them, that leaves the decision open
/// ("the team's answer to question 6 is their view, but I'm not sure I agree with it
/// yet"): the decision given is not recorded, and a person decides.
pub(super) fn decision_left_open_in_a_note(sections: &mut Sections) {
    if sections.values[Field::Decision.index()].is_none() {
        return;
    }
    let note = sections.unplaced.join(" ");
    let lower = note.to_lowercase();
    let about_decision = ["question 6", "decision", "decide", "adopt", "adapt", "abandon"]
        .iter()
        .any(|w| lower.contains(w));
    if about_decision && super::decision::is_undecided(&note) {
        sections.values[Field::Decision.index()] = None;
        sections
            .notes
            .push("a note with the answers leaves the decision open; please check".to_string());
    }
}

/// What follows a short lead such as "Short version:" or "In short –".
fn after_lead_words(line: &str) -> &str {
    line.split_once([':', '–', '—'])
        .filter(|(lead, said)| text::word_count(lead) <= 3 && !said.trim().is_empty())
        .map_or(line, |(_, said)| said.trim())
}

/// A decision's answer that points elsewhere: "see top", "as above", "see first line".
fn points_up(own: &str) -> bool {
    let lower = own.to_lowercase();
    text::word_count(&lower) <= 8
        && ["above", "top", "first line", "start", "beginning"]
            .iter()
            .any(|w| lower.contains(w))
}

/// Words that take back what was said: a decision given again with one of them
/// corrects the first ("Sorry – decision is actually adapt").
const CORRECTING: [&str; 7] = [
    "sorry",
    "correction",
    "actually",
    "changed our mind",
    "change of plan",
    "autocorrect",
    "typo",
];

/// True when `paragraph` takes back something said above: it has one of the
/// [`CORRECTING`] words, or opens with a starred word as corrections are typed in
/// chat ("*Adapt").
pub(super) fn is_correction(paragraph: &str) -> bool {
    let lower = paragraph.to_lowercase();
    CORRECTING.iter().any(|w| lower.contains(w))
        || [", not adopt", ", not adapt", ", not abandon"]
            .iter()
            .any(|w| lower.contains(w))
        || starred(paragraph)
}

/// "Sorry, ignore the above for 4, should be:", "Correction for Q2 – it should read:": a
/// paragraph that replaces the answer to a numbered question.
static REPLACES_ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:sorry|oops|apologies|correction|p\.?s\.?)[\s,.!:;–—-]*)?(?:please\s+)?(?:ignore|disregard)\s+(?:the\s+above|that|my\s+answer|what\s+i\s+(?:said|put|wrote))\s+(?:for|on|to)\s+(?:q(?:uestion)?\s*|number\s+)?([1-7])(?-u:\b)[\s,.;–—-]*(?:(?:it\s+)?should\s+(?:be|read|say|have\s+been))?\s*:?\s*(.*)$")
        .expect("built-in pattern compiles")
});

/// A paragraph under another answer that replaces the answer to a numbered question
/// ("Sorry, ignore the above for 4, should be:" and the new figures under it): the
/// answer is replaced by what follows, and the paragraph leaves the answer it was under.
pub(super) fn answer_replaced_below(sections: &mut Sections) {
    for field in Field::ALL {
        let Some(value) = sections.values[field.index()].clone() else {
            continue;
        };
        let paragraphs: Vec<&str> = value.split("\n\n").collect();
        let Some((at, target, new)) = paragraphs.iter().enumerate().skip(1).find_map(|(i, p)| {
            let (first, rest) = p.trim().split_once('\n').unwrap_or((p.trim(), ""));
            let caps = REPLACES_ANSWER.captures(first.trim())?;
            let n: u32 = caps.get(1)?.as_str().parse().ok()?;
            let lead = caps.get(2).map_or("", |m| m.as_str()).trim();
            let new = [lead, rest.trim()]
                .iter()
                .filter(|t| !t.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            (!new.is_empty()).then(|| (i, Field::from_number(n), new))
        }) else {
            continue;
        };
        let Some(target) = target else { continue };
        let kept: Vec<&str> = paragraphs
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != at)
            .map(|(_, p)| *p)
            .collect();
        sections.values[field.index()] = Some(kept.join("\n\n"));
        sections.values[target.index()] = Some(new);
        return;
    }
}

/// "*Adapt": one of the three words with a star before it, as a slip is corrected in a
/// chat; not `**bold**`, a bullet or "*Note: …*".
fn starred(paragraph: &str) -> bool {
    paragraph
        .trim_start()
        .strip_prefix('*')
        .is_some_and(|r| is_decision_word(text::first_word(r)))
}

/// A correction of the decision written as a last paragraph under another answer
/// ("Next: …\n\nSorry – decision is actually adapt, not adopt: …"): it is moved under
/// the decision, where a later correcting paragraph wins.
pub(super) fn decision_corrected_below(sections: &mut Sections) {
    if sections.values[Field::Decision.index()].is_none() {
        return;
    }
    for field in Field::ALL {
        if matches!(field, Field::Decision | Field::Measures) {
            continue;
        }
        let Some((before, last)) = sections.values[field.index()]
            .as_deref()
            .and_then(|v| v.rsplit_once("\n\n"))
            .map(|(b, l)| (b.trim_end().to_string(), l.trim().to_string()))
        else {
            continue;
        };
        let lower = last.to_lowercase();
        // "Sorry, one correction – actually 6 should be adopt": a correction that opens
        // the paragraph, or names the decision, or a starred "*Adapt"; "Actually we might
        // adapt the rota too" is a next step.
        let about_decision = lower.contains("decision")
            || ["for 6", "for q6", "for q 6", "for question 6", "for number 6"]
                .iter()
                .any(|w| lower.contains(w))
            || lower.contains("meant")
            || lower.starts_with("sorry")
            || lower.starts_with("correction")
            || starred(&last);
        if before.is_empty() || !is_correction(&last) || !about_decision || parse_decision(&last).is_none() {
            continue;
        }
        sections.values[field.index()] = Some(before);
        if let Some(decision) = &mut sections.values[Field::Decision.index()] {
            decision.push_str("\n\n");
            decision.push_str(&last);
        }
    }
}

/// A postscript about the decision: "PS – meant to say on the adopt/adapt/abandon
/// question: we're keeping it" is the decision when none was read; "P.S. Sorry,
/// actually it's adapt rather than adopt" corrects the one given.
pub(super) fn decision_in_postscript(sections: &mut Sections, reply: &str) {
    if sections.found() == 0 {
        return;
    }
    for ps in reply.text_lines().filter_map(text::after_postscript) {
        // "…on the decision question: we're keeping it": what follows the colon.
        let said = ps.rsplit_once(": ").map_or(ps, |(_, answer)| answer).trim();
        if text::word_count(ps) > 40 || parse_decision(said).is_none() {
            continue;
        }
        let lower = ps.to_lowercase();
        let correcting = is_correction(ps);
        let decision = &mut sections.values[Field::Decision.index()];
        match decision {
            Some(own) if parse_decision(own).is_some() && correcting => {
                own.push_str("\n\n");
                own.push_str(ps);
                sections.unplaced.retain(|l| text::after_postscript(l) != Some(ps));
            }
            Some(own) if parse_decision(own).is_some() => {}
            _ if correcting
                || ["decision", "question", "meant to say", "forgot"]
                    .iter()
                    .any(|w| lower.contains(w)) =>
            {
                *decision = Some(said.to_string());
                sections.unplaced.retain(|l| text::after_postscript(l) != Some(ps));
            }
            _ => {}
        }
    }
}

/// "Adopt", "ADAPT.", "Abandon!": one of the three words and nothing else.
fn is_decision_word(line: &str) -> bool {
    let word = line.trim().trim_end_matches(['.', '!']).trim_matches(['*', '_']);
    ["adopt", "adapt", "abandon"]
        .iter()
        .any(|d| word.eq_ignore_ascii_case(d))
}

/// A short reply that opens with the decision as a word of its own: "Adopt.",
/// "ABANDON - it didn't work", "Adapt!". Longer prose is left to a person.
pub(super) fn bare_decision(reply: &str) -> Option<&str> {
    if text::word_count(reply) > 40 {
        return None;
    }
    let first = reply.text_lines().map(str::trim).find(|l| !l.is_empty())?;
    let end = first.find(|c: char| !c.is_alphabetic()).unwrap_or(first.len());
    let (word, after) = first.split_at(end);
    let alone = after.is_empty()
        || after.starts_with(['.', '!', ',', ';', ':', ' ', '-', '–', '—']) && {
            // Emoji and other symbols may come between: "Adopt 👍 – details below."
            let symbol = |c: char| !(c.is_alphanumeric() || c.is_ascii() || matches!(c, '–' | '—'));
            let rest = after.trim_start_matches(|c: char| c.is_whitespace() || symbol(c));
            rest.is_empty() || rest.starts_with(['.', '!', ',', ';', ':', '-', '–', '—'])
        };
    (alone
        && ["adopt", "adapt", "abandon"]
            .iter()
            .any(|d| word.eq_ignore_ascii_case(d)))
    .then_some(word)
}

/// "Sorry, forgot to say – our decision for cycle 8 is adopt.": a short message whose
/// line about the decision names one. Only a line that says "decision" or "decided"
/// counts, or any line of a message that says it follows up an earlier one ("Meant to say
/// in my last email – we're adopting it"); "We will adopt it." alone may be about anything.
pub(super) fn decision_stated(reply: &str) -> Option<&str> {
    if text::word_count(reply) > 40 {
        return None;
    }
    // "Meant to say in my last email – we're adopting it": a message sent after the
    // answers, about them.
    let lower = reply.to_lowercase();
    let follows_up = [
        "last email",
        "earlier email",
        "previous email",
        "last message",
        "forgot to say",
        "forgot to add",
        "meant to say",
        "meant to add",
        "should have said",
    ]
    .iter()
    .any(|p| lower.contains(p));
    reply.text_lines().map(str::trim).find(|line| {
        let lower = line.to_lowercase();
        (follows_up || lower.contains("decision") || lower.contains("decided"))
            && !text::word_count_over(line, 25)
            && super::parse_decision(line).is_some()
    })
}

/// "P.S. One more measure I missed off:\nReadmissions within 7 days: 1": the figures
/// under (or on) a postscript about measures join the measures.
pub(super) fn measures_in_postscript(sections: &mut Sections, reply: &str) {
    if sections.found() == 0 {
        return;
    }
    let lines: Vec<&str> = reply.text_lines().map(str::trim).collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(ps) = text::after_postscript(line) else {
            continue;
        };
        let lower = ps.to_lowercase();
        if !["measure", "figure", "number"].iter().any(|w| lower.contains(w)) {
            continue;
        }
        let on_the_line = ps
            .split_once(": ")
            .map(|(_, m)| m.trim())
            .filter(|m| measure_rows::MEASURE_LINE.is_match(m));
        let below = lines[i + 1..]
            .iter()
            .take_while(|l| measure_rows::MEASURE_LINE.is_match(l))
            .copied();
        let added: Vec<&str> = on_the_line.into_iter().chain(below).collect();
        if added.is_empty() {
            continue;
        }
        let measures = &mut sections.values[Field::Measures.index()];
        let mut all = measures.take().unwrap_or_default();
        for &m in &added {
            if !all.text_lines().any(|l| l.trim() == m) {
                if !all.is_empty() {
                    all.push('\n');
                }
                all.push_str(m);
            }
        }
        *measures = Some(all);
        // Read now, so no longer left for a person.
        sections
            .unplaced
            .retain(|l| l.trim() != *line && !added.contains(&l.trim()));
    }
}

/// A question for the Lab written as an answer's last paragraph ("One question – if we
/// roll out to the stroke unit, is that the same team?"): it leaves the answer, for a
/// person to see. A question inside the answer's own text stays there (many answers ask
/// themselves a question and answer it).
pub(super) fn question_under_an_answer(sections: &mut Sections) {
    for field in Field::ALL {
        if field == Field::Measures {
            continue;
        }
        let Some(value) = sections.values[field.index()].clone() else {
            continue;
        };
        if let Some((before, last)) = value.rsplit_once("\n\n")
            && !before.trim().is_empty()
            && said_to_reader::asks(last.trim())
        {
            sections.values[field.index()] = Some(before.trim_end().to_string());
            sections.unplaced.push(last.trim().to_string());
        }
    }
}
