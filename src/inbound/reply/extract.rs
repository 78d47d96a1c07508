//! [`extract`]: from a reply body to the new text, the cycle record and
//! whether a person should check it.

use super::answer_text;
use super::decision;
use super::fields::{self, Sections};
use super::forwarded;
use super::headings;
use super::inline;
use super::labels::Field;
use super::layouts;
use super::measure_rows;
use super::measure_tables;
use super::months;
use super::no_measure;
use super::one_line;
use super::overflow;
use super::passed_on;
use super::pasted;
use super::placed;
use super::said_to_reader;
use super::sender;
use super::signed_lines;
use super::text::LinesExt;
use super::text::{self, preview};
use super::text_tables;
use super::{
    Decision, Extraction, Fields, MeasureValue, html_to_text, parse_decision, parse_measure, parse_measures, visible,
    visible_text,
};

/// Fewer answers than this and the record is flagged for review.
pub(super) const FEW_ANSWERS: usize = 4;

/// Reads a reply to the cycle reminder.
///
/// `text` is the `text/plain` body and `html` the `text/html` body, both
/// already decoded to UTF-8. The plain text is used when it has any content
/// (a plain-text part that is really HTML is converted); otherwise the HTML
/// is converted with [`html_to_text`]. When the plain text yields no answers
/// but the HTML does, the HTML wins.
///
/// The answers are looked for, in order: between quoted questions (inline
/// replies), under questions, labels or numbers in the new text, typed into
/// a reminder quoted without `>` (Outlook), and as seven plain paragraphs
/// in a reply that quotes the reminder (flagged for review). Whatever cannot
/// be placed stays in `reply_text` and is named in a warning.
#[must_use]
pub fn extract(text: Option<&str>, html: Option<&str>) -> Extraction {
    extract_as(text, html, Sent::Reply, None)
}

/// How the message was sent, as its subject tells.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Sent {
    Reply,
    /// "FW: …", "Fwd: …": the history under the new text is the message passed on.
    Forward,
}

fn extract_as(text: Option<&str>, html: Option<&str>, sent: Sent, sender: Option<&str>) -> Extraction {
    let plain = text.filter(|t| !t.trim().is_empty());
    let from_text = plain.map(|t| {
        if looks_like_html(t) {
            read(&html_to_text(t), sent, sender)
        } else {
            read(t, sent, sender)
        }
    });
    let read = match (from_text, html) {
        (Some(e), Some(h)) if e.fields.is_empty() => {
            let from_html = read(&html_to_text(h), sent, sender);
            if from_html.fields.is_empty() { e } else { from_html }
        }
        (Some(e), _) => e,
        (None, Some(h)) => read(&html_to_text(h), sent, sender),
        (None, None) => read("", sent, sender),
    };
    with_loose_measures(read)
}

/// [`extract`], knowing the sender's display name ("Jo Bloggs", "Bloggs, Jo (Trust)"):
/// a last line under an answer that is only the sender's name ("…visits\nJo") is
/// their signature, taken off the answer.
#[must_use]
pub fn extract_from(text: Option<&str>, html: Option<&str>, sender: Option<&str>) -> Extraction {
    extract_message(text, html, sender, None)
}

/// [`extract_from`], knowing the subject too: a message forwarded with "FW:" and no
/// "Forwarded message" line (Outlook puts only the forwarded message's From:/Sent:
/// block under the new text) has its answers read from under that block when the
/// new text has none.
#[must_use]
pub fn extract_message(
    text: Option<&str>,
    html: Option<&str>,
    sender: Option<&str>,
    subject: Option<&str>,
) -> Extraction {
    let sent = if subject.is_some_and(forwarded::is_forward_subject) {
        Sent::Forward
    } else {
        Sent::Reply
    };
    let mut e = extract_as(text, html, sent, sender);
    // Answers for two cycles under month headings: the subject's cycle is recorded, the
    // other is for a person to place.
    if let Some(subject) = subject
        && e.warnings.iter().any(|w| w.contains("answered more than once"))
        && let Some((block, heading)) = months::answers_for_subject(&e.reply_text, subject)
    {
        let own = read_own(&block, sender);
        if !own.fields.is_empty() {
            let note = format!(
                "the reply gives answers for more than one cycle; only those under \"{}\" were recorded; please check",
                preview(heading, 40)
            );
            e = Extraction {
                reply_text: e.reply_text,
                fields: own.fields,
                needs_review: true,
                warnings: own.warnings.into_iter().chain([note]).collect(),
            };
        }
    }
    // "These are for June (cycle 6), we missed that one." in a reply to July's reminder.
    if let Some(subject) = subject
        && !e.fields.is_empty()
        && let Some(line) = months::says_another_cycle(&e.reply_text, subject)
    {
        e.needs_review = true;
        e.warnings.push(format!(
            "the reply says its answers are for another cycle than the one it answers (\"{}\"); please check",
            preview(line, 80)
        ));
    }
    if let Some(sender) = sender {
        sender::drop_signed_name(&mut e.fields, sender);
    }
    e
}

/// The new text of a message only, without reading answers: for machine mail (bounces,
/// automatic replies), whose fields are never recorded.
#[must_use]
pub fn reply_text_only(text: Option<&str>, html: Option<&str>) -> Extraction {
    let body = match (text.filter(|t| !t.trim().is_empty()), html) {
        (Some(t), _) if looks_like_html(t) => html_to_text(t),
        (Some(t), _) => t.to_string(),
        (None, Some(h)) => html_to_text(h),
        (None, None) => String::new(),
    };
    let norm = text::normalize(&body);
    let lines: Vec<&str> = text::lines(&norm).into_iter().map(text::without_comment_tag).collect();
    let kinds = visible::classify(&lines);
    Extraction {
        reply_text: visible::visible_from(&lines, &kinds),
        ..Extraction::default()
    }
}

/// True when a "plain text" body is an HTML document.
fn looks_like_html(t: &str) -> bool {
    let t = t.trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let head = text::prefix_chars(t, 512).to_ascii_lowercase();
    ["<html", "<body", "<div", "<p>", "<p ", "<!doctype", "<table", "<br"]
        .iter()
        .any(|tag| head.contains(tag))
}

fn read(body: &str, sent: Sent, sender: Option<&str>) -> Extraction {
    let own = read_own(body, sender);
    let own_lines_say = |says: fn(&str) -> bool| own.reply_text.text_lines().any(says);
    if !own.fields.is_empty() {
        // The lead's own answers above, the colleague's for the rest below.
        if own.fields.answered_count() < 7
            && own_lines_say(said_to_reader::says_answers_are_below)
            && let Some(inner) = passed_on::answers(body, sent, sender, true).filter(|e| !e.fields.is_empty())
            // Only when the history answers what the lead left: "see my answers below in
            // blue" typed into the quoted reminder were read already.
            && passed_on::answers_what_is_missing(&own.fields, &inner.fields)
        {
            return passed_on::merged(own, inner);
        }
        return own;
    }
    // A reply whose own text points to a colleague's answers further down ("Jo's
    // answers are below"), in the history of an internal thread: read like a forward.
    let pointed = own_lines_say(said_to_reader::points_to_answers_below);
    let inner = passed_on::answers(body, sent, sender, pointed);
    match inner {
        Some(inner) if !inner.fields.is_empty() => passed_on::under_a_note(&own, inner),
        _ => own,
    }
}

/// A reply with no answers that still gives figures ("It should read: Women screened
/// at booking: 31"): the figures are kept as measures for the person who checks it.
fn with_loose_measures(mut e: Extraction) -> Extraction {
    if !e.fields.is_empty() {
        return e;
    }
    if let Some(lines) = measure_rows::loose_measures(&e.reply_text) {
        e.fields.measures = parse_measures(&lines);
        e.needs_review = true;
        e.warnings
            .push("no answers were marked; lines that read as measures were kept as measures".to_string());
    }
    e
}

/// What in the measures answer a person should look at: a sentence that is no measure,
/// figures still to come, figures in an attachment or an earlier reply.
fn measures_to_check(text: &str) -> Vec<&'static str> {
    let mut checks = Vec::new();
    let sentence = text
        .text_lines()
        // Each measure of a line: "Calls triaged 164; ambulances stood down 52; …" is
        // four measures, not one long sentence.
        .flat_map(measure_rows::split_line)
        .any(|l| {
            ((no_measure::is_prose(l.trim()) || is_question_not_measure(l))
                && !said_to_reader::is_bracketed_aside(l)
                && !no_measure::points_elsewhere(l))
                || (said_to_reader::is_provisional(l) && parse_measure(l).is_none())
        });
    if sentence || measure_rows::has_bare_figure(text) {
        checks.push("a sentence in the measures answer was not recorded as a measure; please check");
    }
    if text
        .text_lines()
        .any(|l| no_measure::defers(l) && parse_measure(l).is_none())
    {
        checks.push("the measures answer says the figures are still to come; please check");
    }
    if text.text_lines().any(no_measure::points_elsewhere) {
        checks.push("the measures answer points to an attachment or an earlier reply, which is not read; please check");
    }
    checks
}

/// "Is it OK to just count things?" among the measures: a question for a person, not
/// a measure ("\"Where's the nurse?\" calls: 9" is one).
fn is_question_not_measure(line: &str) -> bool {
    said_to_reader::asks(line) && parse_measure(line).is_none_or(|m| !matches!(m.value, MeasureValue::Number(_)))
}

pub(super) fn read_own(body: &str, sender: Option<&str>) -> Extraction {
    let norm = text::normalize(body);
    let lines: Vec<&str> = text::lines(&norm).into_iter().map(text::without_comment_tag).collect();
    let lines = text::without_repeated_initials(lines);
    let kinds = visible::classify(&lines);
    let inline = inline::inline_view(&lines, &kinds);
    let mut reply_text = match &inline {
        Some(view) => visible_text(view),
        None => visible::visible_from(&lines, &kinds),
    };
    // A dictated "new line" first, then the layouts of their own.
    let mut spoken = layouts::spoken_line_breaks(&reply_text);
    // Each of these rewrites the text when it finds its layout, and passes it on as it
    // is otherwise: Teams-chat stamps, label notes wrapped by the client, answers in a
    // plain-text table (each row as a labelled line), numbered table cells one a line.
    let rewrites: [fn(&str) -> Option<String>; 4] = [
        pasted::chat_stamps,
        pasted::wrapped_label_notes,
        text_tables::untabled,
        text_tables::number_cells,
    ];
    for rewrite in rewrites {
        if let Some(rewritten) = rewrite(spoken.as_deref().unwrap_or(&reply_text)) {
            spoken = Some(rewritten);
        }
    }
    // Each column under a heading row of labels.
    let across = text_tables::across(spoken.as_deref().unwrap_or(&reply_text));
    let other_rows = across.as_ref().is_some_and(|a| a.other_rows);
    let spoken = match across {
        Some(read) => Some(read.text),
        None => spoken,
    };
    let said = spoken.as_deref().unwrap_or(&reply_text);
    let respelled = layouts::pdsa_letters(said)
        .or_else(|| pasted::pdsa_column(said))
        .or_else(|| layouts::labels_without_separator(said))
        .or_else(|| layouts::numbers_without_mark(said))
        .or_else(|| one_line::semicolon_answers(said))
        .or_else(|| one_line::run_on_numbers(said))
        .or_else(|| one_line::labels_mid_line(said))
        .or_else(|| layouts::misspelt_dash_labels(said))
        .or(spoken);
    let mut sections = match respelled {
        Some(spelled) => fields::sections(&spelled),
        None => fields::sections(&reply_text),
    };
    let mut warnings = Vec::new();
    let mut needs_review = false;
    if other_rows {
        needs_review = true;
        warnings.push("the table of answers has a row for more than one cycle; the last row was read".to_string());
    }

    if sections.found() == 0
        && let Some(split) = one_line::one_line_answers(&reply_text)
    {
        sections = fields::sections(&split);
    }
    if sections.found() == 0 {
        if let Some((found, rendered)) =
            inline::history_sections(&lines, &kinds).or_else(|| inline::quoted_reminder_sections(&lines, &kinds))
        {
            let above = text::lines(&reply_text);
            let signed = signed_lines::signature_above_answers(&above);
            // "Rhys asked me to forward these." above the answers forwarded below.
            let own: Vec<String> = above
                .into_iter()
                .enumerate()
                .filter(|&(i, l)| {
                    !(said_to_reader::is_ignorable(l) || signed.contains(&i) || said_to_reader::is_provenance_note(l))
                })
                .map(|(_, l)| l)
                .map(|l| l.trim().to_string())
                .collect();
            sections = Sections { unplaced: own, ..found };
            reply_text = if reply_text.is_empty() {
                rendered
            } else {
                format!("{reply_text}\n\n{rendered}")
            };
        } else if let Some(found) = inline::positional(&reply_text)
            && (found.confirmed || inline::question_count(&lines) >= 3)
        {
            // In a reply to the reminder, the answers in order; a decision in the sixth
            // place and a figure in the fourth leave no doubt about the order.
            sections = found.sections;
            if !found.confirmed {
                needs_review = true;
                warnings.push("answers were matched to the questions by their order; please check".to_string());
            }
        }
    }

    overflow::overflow(&mut sections);
    // A heading inside an answer may be the label of a missing one; with all seven
    // answered it is the writer's own sub-heading ("What went well:").
    let all_answered = sections.found() == Field::ALL.len();
    for field in Field::ALL {
        if field == Field::Measures || all_answered {
            continue;
        }
        if let Some(heading) = sections.values[field.index()]
            .as_deref()
            .and_then(headings::stray_heading)
        {
            needs_review = true;
            warnings.push(format!(
                "\"{heading}\" looks like the start of another answer but is inside {}; please check",
                field.name()
            ));
        }
    }
    if sections.found() > 0 && sections.values[Field::Decision.index()].is_none() {
        placed::decision_closing_an_answer(&mut sections);
    }
    if sections.found() == 0
        && let Some(word) = placed::bare_decision(&reply_text)
    {
        // "Adopt. Same again next month." from a phone: the decision, and a person
        // checks the rest (fewer than four answers).
        sections.values[Field::Decision.index()] = Some(word.to_string());
    } else if sections.found() == 0
        && let Some(line) = placed::decision_stated(&reply_text)
    {
        // "Our decision for cycle 8 is adopt" sent after the answers: the decision,
        // for a person to put with them.
        sections.values[Field::Decision.index()] = Some(line.to_string());
        sections.unplaced.retain(|l| l.trim() != line);
    }
    placed::answer_replaced_below(&mut sections);
    placed::decision_corrected_below(&mut sections);
    placed::decision_in_postscript(&mut sections, &reply_text);
    placed::measures_in_postscript(&mut sections, &reply_text);
    placed::decision_from_preamble(&mut sections, &reply_text);
    placed::decision_left_open_in_a_note(&mut sections);
    placed::question_under_an_answer(&mut sections);
    let (mut fields, decision_unread) = to_fields(&sections);
    if let Some(text) = &sections.values[Field::Measures.index()] {
        let checks = measures_to_check(text);
        needs_review |= !checks.is_empty();
        warnings.extend(checks.into_iter().map(str::to_string));
    }
    if let Some(column) = sections.values[Field::Measures.index()]
        .as_deref()
        .and_then(measure_tables::column_taken)
    {
        // Told, not held: the baseline and target stay in each measure's raw line, and
        // five writers of six recorded this month's column without asking for a check.
        warnings.push(format!(
            "the measures table has several columns of figures; only \"{column}\" was recorded; please check"
        ));
    }
    if !sections.notes.is_empty() {
        needs_review = true;
        warnings.extend(sections.notes.iter().cloned());
    }
    if let Some(text) = &decision_unread {
        needs_review = true;
        warnings.push(format!(
            "the decision \"{}\" is not adopt, adapt or abandon",
            preview(text, 80)
        ));
    }
    for f in [
        Field::Change,
        Field::Prediction,
        Field::WhatHappened,
        Field::Learning,
        Field::NextSteps,
    ] {
        if let Some(v) = sections.values[f.index()].as_deref()
            && answer_text::points_to_attachment(v)
        {
            needs_review = true;
            warnings.push(format!(
                "the {} answer is in an attachment (\"{}\"); please check",
                f.name(),
                preview(v, 60)
            ));
        }
    }
    if fields.is_empty() {
        needs_review = true;
        warnings.push(if reply_text.is_empty() {
            "the reply has no text".to_string()
        } else {
            "no answers to the cycle questions were recognised; the reply is kept as text".to_string()
        });
        // "Sorry, one correction – the decision should be adapt not adopt."
        if let Some(d) = decision::corrected(&reply_text) {
            fields.decision = Some(d);
            warnings.push(format!(
                "the reply puts the decision right ({}); please check the record",
                d.as_str()
            ));
        }
    } else {
        // "kai" under the last answer: the sender's own name, as they sign it.
        if let Some(sender) = sender {
            sender::drop_unplaced_name(&mut sections.unplaced, sender);
        }
        if !sections.unplaced.is_empty() {
            needs_review = true;
            warnings.push(format!(
                "text not placed in any field: {}",
                preview(&sections.unplaced.join(" "), 120)
            ));
        }
        let answered = sections.found();
        if fields.decision.is_none() && decision_unread.is_none() && answered >= FEW_ANSWERS {
            // The decision is what the Lab acts on: a record without one is checked.
            needs_review = true;
            warnings.push("no decision (adopt, adapt or abandon) was given".to_string());
        }
        if answered < FEW_ANSWERS {
            needs_review = true;
            warnings.push(format!("only {answered} of 7 questions answered"));
        } else if answered < 7 {
            let missing: Vec<&str> = Field::ALL
                .iter()
                .filter(|f| sections.values[f.index()].is_none())
                .map(|f| f.name())
                .collect();
            warnings.push(format!("no answer for: {}", missing.join(", ")));
        }
    }
    Extraction {
        reply_text,
        fields,
        needs_review,
        warnings,
    }
}

/// The record from the answers' text; also returns the decision's text when
/// it names none of adopt, adapt and abandon.
fn to_fields(sections: &Sections) -> (Fields, Option<String>) {
    let v = &sections.values;
    // A last line that leads in to something not there ("The rest below:") is dropped.
    let get = |f: Field| {
        v[f.index()].as_deref().map(|t| match t.trim_end().rsplit_once('\n') {
            Some((above, last)) if last.trim_end().ends_with(':') && !above.trim().is_empty() => {
                above.trim_end().to_string()
            }
            _ => t.to_string(),
        })
    };
    let decision_text = get(Field::Decision);
    // The first paragraph holds the decision; later ones explain it.
    let first_paragraph = decision_text.as_deref().map(|t| t.split("\n\n").next().unwrap_or(t));
    // "Decision - sorry, change after today's meeting: we're going to adapt it." given
    // again further down corrects the first.
    // "Adopt\nSorry, actually adapt - …" on the next line corrects it too.
    let corrected = decision_text.as_deref().and_then(|t| {
        t.text_lines()
            .skip(1)
            .filter_map(|p| placed::is_correction(p).then(|| parse_decision(p)).flatten())
            .last()
    });
    let decision: Option<Decision> = corrected
        .or_else(|| first_paragraph.and_then(parse_decision))
        .or_else(|| decision_text.as_deref().and_then(parse_decision));
    let unread = match (first_paragraph, decision) {
        (Some(t), None) => Some(t.to_string()),
        _ => None,
    };
    let fields = Fields {
        change: get(Field::Change),
        prediction: get(Field::Prediction),
        what_happened: get(Field::WhatHappened),
        // A question among the figures ("[Comment from Sarah: are we sure about the
        // 72%? …]") is for a person (see the warning in `read_own`), not a measure.
        measures: get(Field::Measures)
            .map(|m| parse_measures(&m))
            .unwrap_or_default()
            .into_iter()
            .filter(|m| !is_question_not_measure(&m.raw))
            .collect(),
        learning: get(Field::Learning),
        decision,
        next_steps: get(Field::NextSteps),
    };
    (fields, unread)
}
