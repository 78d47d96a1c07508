//! [`extract`]: from a reply body to the new text, the cycle record and
//! whether a person should check it.

use super::fields::{self, Sections};
use super::inline;
use super::labels::Field;
use super::text::{self, preview};
use super::{Decision, Extraction, Fields, html_to_text, parse_decision, parse_measures, visible, visible_text};

/// Fewer answers than this and the record is flagged for review.
const FEW_ANSWERS: usize = 4;

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
    let plain = text.filter(|t| !t.trim().is_empty());
    let from_text = plain.map(|t| {
        if looks_like_html(t) {
            read(&html_to_text(t))
        } else {
            read(t)
        }
    });
    match (from_text, html) {
        (Some(e), Some(h)) if e.fields.is_empty() => {
            let from_html = read(&html_to_text(h));
            if from_html.fields.is_empty() { e } else { from_html }
        }
        (Some(e), _) => e,
        (None, Some(h)) => read(&html_to_text(h)),
        (None, None) => read(""),
    }
}

/// True when a "plain text" body is an HTML document.
fn looks_like_html(t: &str) -> bool {
    let head = text::prefix_chars(t.trim_start(), 512).to_ascii_lowercase();
    head.starts_with('<')
        && ["<html", "<body", "<div", "<p>", "<p ", "<!doctype", "<table", "<br"]
            .iter()
            .any(|tag| head.contains(tag))
}

fn read(body: &str) -> Extraction {
    let norm = text::normalize(body);
    let lines = text::lines(&norm);
    let kinds = visible::classify(&lines);
    let inline = inline::inline_view(&lines, &kinds);
    let mut reply_text = match &inline {
        Some(view) => visible_text(view),
        None => visible::visible_from(&lines, &kinds),
    };
    let mut sections = fields::sections(&reply_text);
    let mut warnings = Vec::new();
    let mut needs_review = false;

    if sections.found() == 0 {
        if let Some((found, rendered)) = inline::history_sections(&lines, &kinds) {
            let own: Vec<String> = text::lines(&reply_text)
                .into_iter()
                .filter(|l| !fields::is_ignorable(l))
                .map(|l| l.trim().to_string())
                .collect();
            sections = Sections { unplaced: own, ..found };
            reply_text = if reply_text.is_empty() {
                rendered
            } else {
                format!("{reply_text}\n\n{rendered}")
            };
        } else if inline::question_count(&lines) >= 3
            && let Some(found) = inline::positional(&reply_text)
        {
            sections = found;
            needs_review = true;
            warnings.push("answers were matched to the questions by their order; please check".to_string());
        }
    }

    let (fields, decision_unread) = to_fields(&sections);
    if let Some(text) = decision_unread {
        needs_review = true;
        warnings.push(format!(
            "the decision \"{}\" is not adopt, adapt or abandon",
            preview(&text, 80)
        ));
    }
    if fields.is_empty() {
        needs_review = true;
        warnings.push(if reply_text.is_empty() {
            "the reply has no text".to_string()
        } else {
            "no answers to the cycle questions were recognised; the reply is kept as text".to_string()
        });
    } else {
        if !sections.unplaced.is_empty() {
            needs_review = true;
            warnings.push(format!(
                "text not placed in any field: {}",
                preview(&sections.unplaced.join(" "), 120)
            ));
        }
        let answered = sections.found();
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
    let get = |f: Field| v[f.index()].clone();
    let decision_text = get(Field::Decision);
    // The first paragraph holds the decision; later ones explain it.
    let first_paragraph = decision_text.as_deref().map(|t| t.split("\n\n").next().unwrap_or(t));
    let decision: Option<Decision> = first_paragraph
        .and_then(parse_decision)
        .or_else(|| decision_text.as_deref().and_then(parse_decision));
    let unread = match (first_paragraph, decision) {
        (Some(t), None) => Some(t.to_string()),
        _ => None,
    };
    let fields = Fields {
        change: get(Field::Change),
        prediction: get(Field::Prediction),
        what_happened: get(Field::WhatHappened),
        measures: get(Field::Measures).map(|m| parse_measures(&m)).unwrap_or_default(),
        learning: get(Field::Learning),
        decision,
        next_steps: get(Field::NextSteps),
    };
    (fields, unread)
}
