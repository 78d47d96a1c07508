//! Answers someone passed on: a colleague's message forwarded, quoted under its
//! attribution, or under a block of headers in an internal thread, read when the subject
//! says "FW:" or the reply's own text points to them ("Jo's answers are below"); the
//! note above them, and the lead's own answers merged with the colleague's.

use super::decision;
use super::extract::{FEW_ANSWERS, Sent, read_own};
use super::forwarded;
use super::labels::{self, Field};
use super::said_to_reader;
use super::text::{LinesExt, preview};
use super::{Extraction, Fields, parse_decision};

/// The answers passed on under the note of the one who sent them: a request or a
/// correction in the note is for a person; a decision the note disputes, settles or
/// supplies is dealt with as the note says.
pub(super) fn under_a_note(own: &Extraction, mut inner: Extraction) -> Extraction {
    // "Could you add her please?" or "One correction – it was 16" above the
    // forwarded answers is for a person.
    if let Some(ask) = own
        .reply_text
        .text_lines()
        .map(str::trim)
        .find(|l| said_to_reader::is_for_a_person(l))
    {
        inner.needs_review = true;
        inner
            .warnings
            .push(format!("text not placed in any field: {}", preview(ask, 120)));
    }
    // The one passing the answers on about the decision: "I'm not sure about Jo's
    // "adopt" – I think we need to adapt" or "I don't agree with "adopt" though"
    // leaves it to a person; "Jo put abandon but we've agreed to adapt" settles
    // it; "Sam left question 6 for me – we're adopting it" gives the one left out.
    let disagrees = said_to_reader::disagrees(&own.reply_text);
    let named = decision::named(&own.reply_text);
    let note_says = own
        .reply_text
        .text_lines()
        .find_map(|l| (!decision::named(l).is_empty()).then(|| parse_decision(l)).flatten())
        .filter(|_| !disagrees);
    match (inner.fields.decision, note_says) {
        (Some(d), Some(n)) if n != d => {
            inner.fields.decision = Some(n);
            inner.warnings.push(format!(
                "the note above the answers changes their decision \"{}\" to \"{}\"",
                d.as_str(),
                n.as_str()
            ));
        }
        (Some(d), None) if named.iter().any(|n| *n != d) || (disagrees && !named.is_empty()) => {
            inner.fields.decision = None;
            inner.needs_review = true;
            inner.warnings.push(format!(
                "the note above the answers names another decision than their \"{}\"; please check",
                d.as_str()
            ));
        }
        (None, Some(n)) => {
            inner.fields.decision = Some(n);
            inner.warnings.retain(|w| !w.starts_with("no decision ("));
            for w in &mut inner.warnings {
                if let Some(list) = w.strip_prefix("no answer for: ") {
                    let rest: Vec<&str> = list.split(", ").filter(|f| *f != "decision").collect();
                    *w = if rest.is_empty() {
                        String::new()
                    } else {
                        format!("no answer for: {}", rest.join(", "))
                    };
                }
            }
            inner.warnings.retain(|w| !w.is_empty());
            inner.needs_review = inner.warnings.iter().any(|w| !is_told_only(w));
        }
        _ => {}
    }
    Extraction {
        reply_text: both_texts(&own.reply_text, &inner.reply_text),
        ..inner
    }
}

/// The answers someone passed on: a forwarded message, the quote under the first
/// attribution when the reply points to answers below, or the message under a block of
/// headers (for each of up to three forwards) when the subject says "FW:" or the reply
/// points below. The Lab's own reminder is never read as answers.
pub(super) fn answers(body: &str, sent: Sent, sender: Option<&str>, pointed: bool) -> Option<Extraction> {
    // labloop's own mail under its headers, the reminder or the receipt ("Thank you.
    // This is what we recorded for …", with its own labels), holds no one's answers.
    let is_reminder = |t: &str| {
        t.text_lines().filter(|l| !l.trim().is_empty()).take(4).any(|l| {
            labels::is_reminder_text(l) || l.trim_start().starts_with("Thank you. This is what we recorded for")
        })
    };
    let read = |t: &str| Some(read_own(t, sender)).filter(|e| !e.fields.is_empty());
    let mut inner = forwarded::forwarded(body).map(|f| read_own(&f, sender));
    if inner.as_ref().is_some_and(|e| !e.fields.is_empty()) {
        return inner;
    }
    // "Aoife's answers are below – I've just replied to her email": her message quoted
    // under its attribution.
    if pointed
        && let Some(quoted) = forwarded::under_attribution(body)
        && !is_reminder(&quoted)
        && let Some(found) = read(&quoted)
    {
        return Some(found);
    }
    if sent == Sent::Forward || pointed {
        // "FW: FW: …": a forward of a forward has a block of headers for each.
        let mut rest = body.to_string();
        for _ in 0..3 {
            let Some(under) = forwarded::under_header_block(&rest) else {
                break;
            };
            if is_reminder(&under) {
                break;
            }
            let found = read_own(&under, sender);
            if !found.fields.is_empty() {
                return Some(found);
            }
            inner = Some(found);
            rest = under;
        }
    }
    inner
}

/// The lead's own answers with the colleague's below them: each question answered by
/// the lead keeps the lead's answer, the rest take the colleague's; the lead's measures
/// come first, then the colleague's by other names. Two different decisions are left to
/// a person.
pub(super) fn merged(own: Extraction, inner: Extraction) -> Extraction {
    let (mine, theirs) = (own.fields, inner.fields);
    let mut measures = mine.measures;
    for m in theirs.measures {
        if !measures.iter().any(|o| o.name.eq_ignore_ascii_case(&m.name)) {
            measures.push(m);
        }
    }
    let mut warnings: Vec<String> = own
        .warnings
        .into_iter()
        .chain(inner.warnings)
        .filter(|w| !is_count_warning(w))
        .collect();
    let decision = match (mine.decision, theirs.decision) {
        (Some(a), Some(b)) if a != b => {
            warnings.push(format!(
                "the answers above give the decision \"{}\" and those passed on below \"{}\"; please check",
                a.as_str(),
                b.as_str()
            ));
            None
        }
        (a, b) => a.or(b),
    };
    let fields = Fields {
        change: mine.change.or(theirs.change),
        prediction: mine.prediction.or(theirs.prediction),
        what_happened: mine.what_happened.or(theirs.what_happened),
        measures,
        learning: mine.learning.or(theirs.learning),
        decision,
        next_steps: mine.next_steps.or(theirs.next_steps),
    };
    let answered = fields.answered_count();
    if answered < FEW_ANSWERS {
        warnings.push(format!("only {answered} of 7 questions answered"));
    } else if fields.decision.is_none() && !warnings.iter().any(|w| w.contains("decision")) {
        warnings.push("no decision (adopt, adapt or abandon) was given".to_string());
    }
    let missing = unanswered(&fields);
    if answered >= FEW_ANSWERS && !missing.is_empty() {
        warnings.push(format!("no answer for: {}", missing.join(", ")));
    }
    Extraction {
        reply_text: both_texts(&own.reply_text, &inner.reply_text),
        needs_review: warnings.iter().any(|w| !is_told_only(w)),
        warnings,
        fields,
    }
}

/// True when `theirs` answers a question that `mine` leaves unanswered.
pub(super) fn answers_what_is_missing(mine: &Fields, theirs: &Fields) -> bool {
    let left = unanswered(theirs);
    unanswered(mine).iter().any(|f| !left.contains(f))
}

/// The names of the questions `f` leaves unanswered, in order.
fn unanswered(f: &Fields) -> Vec<&'static str> {
    Field::ALL
        .iter()
        .zip(f.answered())
        .filter(|(_, a)| !a)
        .map(|(field, _)| field.name())
        .collect()
}

/// The note's text and the text passed on under it, a blank line between.
fn both_texts(own: &str, passed_on: &str) -> String {
    match (own.is_empty(), passed_on.is_empty()) {
        (true, _) => passed_on.to_string(),
        (_, true) => own.to_string(),
        _ => format!("{own}\n\n{passed_on}"),
    }
}

/// The warnings that tell a person something without asking for a check: the questions
/// left unanswered, the one column taken from a table of several, a decision the one
/// passing the answers on settled.
fn is_told_only(w: &str) -> bool {
    w.starts_with("no answer for:")
        || w.starts_with("the measures table has several columns")
        || w.starts_with("the note above the answers changes their decision")
}

/// The warnings about how many questions were answered, which a merged record counts again.
fn is_count_warning(w: &str) -> bool {
    (w.starts_with("only ") && w.ends_with("questions answered"))
        || w.starts_with("no answer for:")
        || w.starts_with("no decision (")
}
