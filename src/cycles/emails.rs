//! The emails of the cycle workflow: reminder, follow-up, receipt.
use entity::{cycle, person, team};
use serde_json::{Value, json};

use super::{FIELD_LABELS, QUESTIONS, records::RecordView};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::mail::Email;
use crate::tokens::Purpose;

/// Reminder or follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Reminder,
    FollowUp,
}

impl Notice {
    /// The name stored with the notice (and the unique key's third part).
    pub fn as_str(self) -> &'static str {
        match self {
            Notice::Reminder => "reminder",
            Notice::FollowUp => "followup",
        }
    }
}

/// How long after its period a cycle's reply address and form link keep working.
pub const LINKS_VALID_AFTER_PERIOD: chrono::Days = chrono::Days::new(90);

fn links_expire(c: &cycle::Model) -> Option<chrono::DateTime<chrono::Utc>> {
    (c.period_end + LINKS_VALID_AFTER_PERIOD)
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
}

/// The link to a cycle's form for one person.
pub fn form_url(ctx: &AppContext, c: &cycle::Model, person_id: i64) -> String {
    let token = ctx
        .signer
        .sign(Purpose::CycleForm, &[c.id as u64, person_id as u64], links_expire(c));
    ctx.config.url(&format!("/cycles/form/{token}"))
}

/// The address replies go to: `<local>+c.<token>@<domain>`, naming cycle and person.
pub fn reply_address(ctx: &AppContext, c: &cycle::Model, person_id: i64) -> String {
    let token = ctx
        .signer
        .sign(Purpose::CycleReply, &[c.id as u64, person_id as u64], links_expire(c));
    ctx.config.inbound_address.with_tag(&format!("c.{token}"))
}

fn common(ctx: &AppContext, t: &team::Model, c: &cycle::Model, p: &person::Model) -> Value {
    let questions: Vec<Value> = QUESTIONS
        .iter()
        .enumerate()
        .map(|(i, q)| json!({ "n": i + 1, "text": q }))
        .collect();
    json!({
        "name": p.name,
        "team": t.name,
        "number": c.number,
        "period": super::Period { start: c.period_start, end: c.period_end }.label(ctx.config.cadence),
        "questions": questions,
        "form_url": form_url(ctx, c, p.id),
    })
}

/// A reminder (or follow-up) to one member.
pub fn notice(
    ctx: &AppContext,
    kind: Notice,
    t: &team::Model,
    c: &cycle::Model,
    p: &person::Model,
) -> anyhow::Result<Email> {
    let (template, purpose) = match kind {
        Notice::Reminder => ("cycle_reminder", "cycle_reminder"),
        Notice::FollowUp => ("cycle_followup", "cycle_followup"),
    };
    let mut email = Email::new(EmailAddress::parse(&p.email)?, template, purpose, common(ctx, t, c, p));
    email.to_name = p.name.clone();
    email.reply_to = Some(reply_address(ctx, c, p.id));
    Ok(email)
}

/// The receipt for a reply: what was recorded, field by field, threaded under it.
pub fn receipt(
    ctx: &AppContext,
    t: &team::Model,
    c: &cycle::Model,
    p: &person::Model,
    record: &RecordView,
    thread: (&str, &str, &[String]),
) -> anyhow::Result<Email> {
    let (subject, message_id, references) = thread;
    let answers: Vec<Value> = record
        .field_lines()
        .into_iter()
        .zip(FIELD_LABELS)
        .map(|(lines, label)| json!({ "label": label, "lines": lines }))
        .collect();
    let mut data = common(ctx, t, c, p);
    if let Value::Object(m) = &mut data {
        let subject = crate::inbound::commands::strip_reply_prefixes(subject);
        m.insert("subject".into(), json!(format!("Re: {subject}")));
        m.insert("answers".into(), json!(answers));
        m.insert("needs_review".into(), json!(record.needs_review));
    }
    let mut email = Email::new(EmailAddress::parse(&p.email)?, "cycle_receipt", "cycle_receipt", data);
    email.to_name = p.name.clone();
    email.reply_to = Some(reply_address(ctx, c, p.id));
    email.in_reply_to = Some(format!("<{message_id}>"));
    let mut refs: Vec<String> = references.iter().map(|r| format!("<{r}>")).collect();
    refs.push(format!("<{message_id}>"));
    email.references = Some(refs.join(" "));
    Ok(email)
}
