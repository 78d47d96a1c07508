//! Reading a human email reply: the new text only, and the PDSA cycle record in it.
//!
//! The entry point is [`extract`]. It takes the `text/plain` and/or `text/html`
//! body of a reply to the cycle reminder (already decoded to UTF-8) and returns
//! an [`Extraction`]: the visible new text, the seven answers as [`Fields`],
//! and whether a person should look at it.
//!
//! The pieces are usable on their own: [`visible_text`] strips quoted history,
//! quote headers, signatures and disclaimers from any reply; [`html_to_text`]
//! turns an HTML body into plain text with blockquotes as `> ` lines;
//! [`parse_measures`] and [`parse_decision`] read single answers.
//!
//! Nothing in this module panics on any input, and every pass is linear in the
//! size of the input.

mod answer_text;
mod decision;
mod decision_form;
mod decision_words;
mod entities;
mod extract;
mod fields;
mod forwarded;
mod headings;
mod html;
mod inline;
mod labels;
mod layouts;
mod measure_rows;
mod measure_tables;
mod measures;
mod misspelt;
mod months;
mod no_measure;
mod numbering;
mod one_line;
mod overflow;
mod passed_on;
mod pasted;
mod placed;
mod quotes;
mod said_to_reader;
mod sender;
mod sign_off;
mod signature;
mod signed_lines;
mod tail;
mod text;
mod text_tables;
mod visible;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize, Serializer};

pub use self::decision::parse_decision;
pub use self::extract::{extract, extract_from, extract_message, reply_text_only};
pub use self::html::html_to_text;
pub use self::measure_rows::parse_measures;
pub use self::measures::parse_measure;
pub use self::said_to_reader::is_greeting;
pub use self::visible::visible_text;

/// The result of reading one reply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The new text of the reply: quoted history, quote headers, signatures
    /// and disclaimers removed, trimmed.
    pub reply_text: String,
    /// The answers found in the reply.
    pub fields: Fields,
    /// True when a person should check the record: no structure found, text
    /// that fits no field, an unreadable decision, or few answers.
    pub needs_review: bool,
    /// Human-readable reasons, in the order they were found.
    pub warnings: Vec<String>,
}

/// The seven answers of a cycle record; `None` (or an empty list) when unanswered.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields {
    /// 1. What change or idea did you test this cycle?
    pub change: Option<String>,
    /// 2. What did you predict would happen?
    pub prediction: Option<String>,
    /// 3. What happened when you tried it?
    pub what_happened: Option<String>,
    /// 4. What did you measure? One entry per line of the answer.
    pub measures: Vec<Measure>,
    /// 5. What did you learn, and how did it compare with your prediction?
    pub learning: Option<String>,
    /// 6. Will you adopt, adapt or abandon the change?
    pub decision: Option<Decision>,
    /// 7. What will you test next cycle?
    pub next_steps: Option<String>,
}

impl Fields {
    /// True when no field holds an answer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.change.is_none()
            && self.prediction.is_none()
            && self.what_happened.is_none()
            && self.measures.is_empty()
            && self.learning.is_none()
            && self.decision.is_none()
            && self.next_steps.is_none()
    }

    /// How many of the seven questions have an answer.
    #[must_use]
    pub fn answered_count(&self) -> usize {
        self.answered().iter().filter(|answered| **answered).count()
    }

    /// For each of the seven questions, in order, whether it has an answer.
    #[must_use]
    pub fn answered(&self) -> [bool; 7] {
        [
            self.change.is_some(),
            self.prediction.is_some(),
            self.what_happened.is_some(),
            !self.measures.is_empty(),
            self.learning.is_some(),
            self.decision.is_some(),
            self.next_steps.is_some(),
        ]
    }
}

/// One measure, e.g. `Patients offered the group: 14`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measure {
    /// What was measured, e.g. `Patients offered the group`.
    pub name: String,
    /// The value: a number when the value starts with one, otherwise the text.
    pub value: MeasureValue,
    /// What follows the number (`%`, `weeks`, `of 14 (64%)`), or `None`.
    pub unit: Option<String>,
    /// The line as written, for display and debugging; never serialised.
    #[serde(skip_serializing)]
    #[serde(default)]
    pub raw: String,
}

/// The value of a measure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum MeasureValue {
    /// A number; serialised as an integer when it is whole (`14`, not `14.0`).
    Number(f64),
    /// Anything that does not start with a number (`none`, `N/A`), or `""`.
    Text(String),
}

impl Serialize for MeasureValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            MeasureValue::Number(n) => {
                // 2^53: beyond it an f64 no longer holds every integer exactly.
                const EXACT: f64 = 9_007_199_254_740_992.0;
                if n.is_finite() && n.fract() == 0.0 && n.abs() <= EXACT {
                    serializer.serialize_i64(*n as i64)
                } else {
                    serializer.serialize_f64(*n)
                }
            }
            MeasureValue::Text(t) => serializer.serialize_str(t),
        }
    }
}

/// The answer to "Will you adopt, adapt or abandon the change?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Keep the change as it is.
    Adopt,
    /// Keep it with changes, test again.
    Adapt,
    /// Stop it.
    Abandon,
}

impl Decision {
    /// The lowercase name used in JSON: `adopt`, `adapt` or `abandon`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Adopt => "adopt",
            Decision::Adapt => "adapt",
            Decision::Abandon => "abandon",
        }
    }
}
