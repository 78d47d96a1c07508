//! A reply to a reminder becomes the cycle's record: matched by its token or its
//! thread, accepted only from a member of the team, answered with a receipt.
use chrono::{DateTime, Utc};
use entity::cycle::State;
use entity::{cycle, cycle_notice, person, team};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::emails::receipt;
use super::records::{Source, Submission, for_cycle, save};
use super::teams::member;
use crate::context::AppContext;
use crate::inbound::reply::Fields;
use crate::inbound::{Classified, InboundMessage, Route};
use crate::tokens::Purpose;

/// What became of a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyOutcome {
    /// Saved as version `version` of the cycle's record; a receipt was queued.
    Recorded {
        team: String,
        cycle: i32,
        version: i32,
        needs_review: bool,
    },
    /// Not recorded: a person must look (reason, and the team/cycle when known).
    Held {
        reason: String,
        team_id: Option<i64>,
        cycle_id: Option<i64>,
    },
}

fn held(reason: impl Into<String>, team_id: Option<i64>, cycle_id: Option<i64>) -> ReplyOutcome {
    ReplyOutcome::Held {
        reason: reason.into(),
        team_id,
        cycle_id,
    }
}

/// Records a cycle reply, or says why it is held.
pub async fn take_reply(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    c: &Classified,
    inbound_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<ReplyOutcome> {
    let (cycle_id, how) = match match_cycle(ctx, msg, c, now).await? {
        Ok(found) => found,
        Err(reason) => return Ok(held(reason, None, None)),
    };
    let Some(cy) = cycle::Entity::find_by_id(cycle_id).one(&ctx.db).await? else {
        return Ok(held("the cycle this reply names no longer exists", None, None));
    };
    let Some(t) = team::Entity::find_by_id(cy.team_id).one(&ctx.db).await? else {
        return Ok(held("the team this reply names no longer exists", None, Some(cy.id)));
    };
    let Some(from) = &msg.from else {
        return Ok(held("the reply has no usable sender address", Some(t.id), Some(cy.id)));
    };
    let Some(sender) = member(&ctx.db, t.id, from).await? else {
        tracing::warn!(from = %from, team = %t.name, "cycle reply from someone who is not on the team");
        return Ok(held(
            format!("{from} is not a member of {}", t.name),
            Some(t.id),
            Some(cy.id),
        ));
    };
    if cy.state != State::Open {
        return Ok(held(
            format!(
                "cycle {} of {} is closed; late answers need a person",
                cy.number, t.name
            ),
            Some(t.id),
            Some(cy.id),
        ));
    }
    let e = &c.extraction;
    if e.reply_text.trim().is_empty() {
        return Ok(held(
            "the reply has no new text (only a quote, or empty)",
            Some(t.id),
            Some(cy.id),
        ));
    }
    // A later reply updates the record: what it answers replaces what was recorded,
    // and what it leaves out ("Forgot the numbers: …") is kept. One with no answers at
    // all ("Thanks!", a question) must not empty the record; a person reads it.
    let current = for_cycle(&ctx.db, cy.id).await?;
    let mut fields = e.fields.clone();
    let mut warnings = e.warnings.clone();
    let mut needs_review = e.needs_review;
    if let Some(current) = &current {
        if fields.is_empty() {
            return Ok(held(
                format!(
                    "the reply gives no answers, and cycle {} of {} already has a record",
                    cy.number, t.name
                ),
                Some(t.id),
                Some(cy.id),
            ));
        }
        let kept = keep_unanswered(&mut fields, current.fields());
        if !kept.is_empty() {
            needs_review = true;
            warnings.push(format!(
                "this reply does not answer {}; kept from version {}",
                kept.join(", "),
                current.record.version
            ));
        }
    }
    let submission = Submission {
        fields,
        reply_text: Some(e.reply_text.clone()),
        source: Source::Email,
        submitted_by: sender.id,
        inbound_message_id: Some(inbound_id),
        needs_review,
        warnings,
    };
    let record = save(&ctx.db, cy.id, &submission, now).await?;
    send_receipt(ctx, msg, &t, &cy, &sender, &record, now).await?;
    tracing::info!(team = %t.name, cycle = cy.number, version = record.record.version, matched_by = how, needs_review = record.needs_review, "cycle reply recorded");
    Ok(ReplyOutcome::Recorded {
        team: t.name,
        cycle: cy.number,
        version: record.record.version,
        needs_review: record.needs_review,
    })
}

/// Fills each answer `fields` leaves empty from `earlier`; returns the names of those
/// taken.
fn keep_unanswered(fields: &mut Fields, earlier: Fields) -> Vec<&'static str> {
    fn keep<T>(kept: &mut Vec<&'static str>, name: &'static str, now: &mut Option<T>, before: Option<T>) {
        if now.is_none() && before.is_some() {
            *now = before;
            kept.push(name);
        }
    }
    let mut kept = Vec::new();
    keep(&mut kept, "change", &mut fields.change, earlier.change);
    keep(&mut kept, "prediction", &mut fields.prediction, earlier.prediction);
    keep(
        &mut kept,
        "what_happened",
        &mut fields.what_happened,
        earlier.what_happened,
    );
    if fields.measures.is_empty() && !earlier.measures.is_empty() {
        fields.measures = earlier.measures;
        kept.push("measures");
    }
    keep(&mut kept, "learning", &mut fields.learning, earlier.learning);
    keep(&mut kept, "decision", &mut fields.decision, earlier.decision);
    keep(&mut kept, "next_steps", &mut fields.next_steps, earlier.next_steps);
    kept
}

/// A request to stop the reminders, sent to a cycle address: held for a person, with the
/// team it came from and the command that takes the sender off it (the reason, and the
/// team and cycle when known). Nothing is changed.
pub async fn request_to_leave(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    c: &Classified,
    now: DateTime<Utc>,
) -> anyhow::Result<(String, Option<i64>, Option<i64>)> {
    let who = msg
        .from
        .as_ref()
        .map_or_else(|| "the sender".to_string(), ToString::to_string);
    let cycle_id = match match_cycle(ctx, msg, c, now).await? {
        Ok((cycle_id, _)) => cycle_id,
        Err(reason) => return Ok((format!("{who} asks to stop the cycle reminders; {reason}"), None, None)),
    };
    let team = match cycle::Entity::find_by_id(cycle_id).one(&ctx.db).await? {
        Some(cy) => team::Entity::find_by_id(cy.team_id).one(&ctx.db).await?,
        None => None,
    };
    tracing::info!(from = %who, team = team.as_ref().map(|t| t.name.as_str()), "request to stop the cycle reminders held");
    let on_team = match (&team, &msg.from) {
        (Some(t), Some(from)) => member(&ctx.db, t.id, from).await?.is_some(),
        _ => false,
    };
    Ok(match team {
        Some(t) if on_team => (
            format!(
                "{who} asks to stop the cycle reminders for {name}: labloop member remove \"{name}\" {who}",
                name = t.name
            ),
            Some(t.id),
            Some(cycle_id),
        ),
        Some(t) => (
            format!(
                "{who} asks to stop the cycle reminders for {}, but is not a member of it",
                t.name
            ),
            Some(t.id),
            Some(cycle_id),
        ),
        None => (
            format!("{who} asks to stop the cycle reminders; the team is gone"),
            None,
            Some(cycle_id),
        ),
    })
}

/// The cycle a reply belongs to, by the token in the address it was sent to, else by
/// the reminder it answers (In-Reply-To / References).
async fn match_cycle(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    c: &Classified,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<(i64, &'static str), String>> {
    let mut token_problem = None;
    if let Some(Route::Cycle(token)) = &c.route {
        match ctx.signer.verify(Purpose::CycleReply, token, now) {
            Ok(values) if values.len() == 2 => return Ok(Ok((values[0] as i64, "token"))),
            Ok(_) => token_problem = Some("the reply address token is malformed".to_string()),
            Err(e) => {
                tracing::warn!(reason = %e, "cycle reply with a bad token");
                token_problem = Some(format!("the reply address token was refused ({e})"));
            }
        }
    }
    for id in &msg.thread_ids {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        if let Some(n) = cycle_notice::Entity::find()
            .filter(cycle_notice::Column::MessageId.eq(id))
            .one(&ctx.db)
            .await?
        {
            return Ok(Ok((n.cycle_id, "thread")));
        }
    }
    Ok(Err(token_problem.unwrap_or_else(|| {
        "the reply matches no cycle (no token, and it answers no reminder)".to_string()
    })))
}

async fn send_receipt(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    t: &team::Model,
    cy: &cycle::Model,
    p: &person::Model,
    record: &super::records::RecordView,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let references: Vec<String> = msg.thread_ids.iter().rev().cloned().collect();
    let email = receipt(ctx, t, cy, p, record, (&msg.subject, &msg.message_id, &references))?;
    ctx.queue_email(&ctx.db, email, now).await?;
    ctx.wake_delivery();
    Ok(())
}
