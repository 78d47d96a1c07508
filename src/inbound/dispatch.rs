//! Handing a classified message to the workflow that owns it.
use chrono::{DateTime, Utc};

use super::Status;
use super::address::Route;
use super::classify::{Classified, Kind};
use super::machine::MachineMail;
use super::message::InboundMessage;
use crate::context::AppContext;
use crate::cycles::replies::ReplyOutcome;
use crate::domain::EmailAddress;
use crate::newsletter::replies::ReviewReply;
use crate::subscriptions::{self, Channel, ConfirmError, SignUp, SignupOutcome, UnsubscribeOutcome};
use crate::tokens::Purpose;

/// What a workflow did with a message.
pub(super) struct Disposition {
    pub status: Status,
    pub outcome: String,
    /// For held messages: the team and cycle they concern, when known.
    pub context: (Option<i64>, Option<i64>),
}

impl Disposition {
    fn processed(outcome: impl Into<String>) -> Self {
        Disposition {
            status: Status::Processed,
            outcome: outcome.into(),
            context: (None, None),
        }
    }
    fn held(outcome: impl Into<String>) -> Self {
        Disposition {
            status: Status::Held,
            outcome: outcome.into(),
            context: (None, None),
        }
    }
    fn ignored(outcome: impl Into<String>) -> Self {
        Disposition {
            status: Status::Ignored,
            outcome: outcome.into(),
            context: (None, None),
        }
    }
}

pub(super) async fn dispatch(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    c: &Classified,
    inbound_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Disposition> {
    match c.kind {
        Kind::Bounce => bounce(ctx, c, now).await,
        Kind::AutoReply => Ok(Disposition::ignored("auto-reply: not recorded")),
        Kind::SubscribeRequest => subscribe(ctx, msg, c, now).await,
        // The reminders go to a team's members, not to subscribers: a person takes the
        // member off the team.
        Kind::UnsubscribeRequest if matches!(c.route, Some(Route::Cycle(_))) => {
            let (reason, team_id, cycle_id) = crate::cycles::replies::request_to_leave(ctx, msg, c, now).await?;
            Ok(Disposition {
                context: (team_id, cycle_id),
                ..Disposition::held(reason)
            })
        }
        Kind::UnsubscribeRequest => {
            let Some(from) = &msg.from else {
                return Ok(Disposition::held("unsubscribe request without a usable sender address"));
            };
            Ok(
                match subscriptions::unsubscribe_address(&ctx.db, from, "email", now).await? {
                    UnsubscribeOutcome::Unsubscribed { email } => {
                        Disposition::processed(format!("unsubscribed {email}"))
                    }
                    UnsubscribeOutcome::AlreadyUnsubscribed { email } => {
                        Disposition::processed(format!("{email} was already unsubscribed"))
                    }
                    UnsubscribeOutcome::NotFound => {
                        Disposition::processed(format!("{from} is not a subscriber; nothing to do"))
                    }
                },
            )
        }
        Kind::CycleReply => Ok(
            match crate::cycles::replies::take_reply(ctx, msg, c, inbound_id, now).await? {
                ReplyOutcome::Recorded {
                    team,
                    cycle,
                    version,
                    needs_review,
                } => Disposition::processed(format!(
                    "recorded for {team}, cycle {cycle} (version {version}){}",
                    if needs_review { "; flagged for review" } else { "" }
                )),
                ReplyOutcome::Held {
                    reason,
                    team_id,
                    cycle_id,
                } => Disposition {
                    context: (team_id, cycle_id),
                    ..Disposition::held(reason)
                },
            },
        ),
        Kind::Approval | Kind::Other if matches!(c.route, Some(Route::Review(_))) => {
            Ok(match crate::newsletter::replies::take_reply(ctx, msg, c, now).await? {
                ReviewReply::Done(outcome) => Disposition::processed(outcome),
                ReviewReply::Held(reason) => Disposition::held(reason),
            })
        }
        Kind::Approval | Kind::Other => Ok(Disposition::held("not addressed to any workflow")),
    }
}

async fn subscribe(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    c: &Classified,
    now: DateTime<Utc>,
) -> anyhow::Result<Disposition> {
    let Some(from) = msg.from.clone() else {
        return Ok(Disposition::held("subscribe request without a usable sender address"));
    };
    if let Some(Route::Confirm(token)) = &c.route {
        return Ok(match subscriptions::confirm_by_reply(ctx, token, &from, now).await {
            Ok(done) => Disposition::processed(format!("subscription of {} confirmed by reply", done.email)),
            Err(ConfirmError::Internal(e)) => return Err(e),
            Err(ConfirmError::Used) => Disposition::processed(format!(
                "{from} replied to a confirmation that was already used; nothing to do"
            )),
            Err(e) => {
                tracing::warn!(from = %from, reason = %e, "confirmation reply refused");
                Disposition::held(format!("confirmation reply refused: {e}"))
            }
        });
    }
    let name = msg
        .parsed
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.name())
        .and_then(|n| crate::domain::PersonName::parse(n).ok().flatten());
    let outcome = subscriptions::sign_up(
        ctx,
        SignUp {
            email: from.clone(),
            name,
            channel: Channel::Email {
                message_id: msg.message_id.clone(),
            },
        },
        now,
    )
    .await?;
    Ok(Disposition::processed(match outcome {
        SignupOutcome::ConfirmationQueued => {
            format!("sign-up by email from {from}: confirmation queued")
        }
        SignupOutcome::RecentlySent => {
            format!("sign-up by email from {from}: a confirmation was sent less than 15 minutes ago")
        }
        SignupOutcome::AlreadyConfirmed => {
            format!("sign-up by email from {from}: already subscribed")
        }
    }))
}

async fn bounce(ctx: &AppContext, c: &Classified, now: DateTime<Utc>) -> anyhow::Result<Disposition> {
    // The bounce address names the message we sent; trust it over the report's text.
    let verp_recipient = match &c.route {
        Some(Route::Bounce(token)) => match ctx.signer.verify(Purpose::Bounce, token, now) {
            Ok(values) => crate::bounces::recipient_of(ctx, &values).await?,
            Err(e) => {
                tracing::warn!(reason = %e, "bounce to a forged bounce address");
                None
            }
        },
        _ => None,
    };
    let (mut failed, temporary): (Vec<String>, bool) = match &c.machine {
        Some(MachineMail::Bounce(b)) => {
            let permanent: Vec<String> = b
                .recipients
                .iter()
                .filter(|r| r.permanent)
                .map(|r| r.address.clone())
                .collect();
            let only_delays = !b.recipients.is_empty() && permanent.is_empty();
            (permanent, only_delays)
        }
        Some(MachineMail::Complaint { recipients, .. }) => {
            let mut done = Vec::new();
            for r in recipients.iter().chain(verp_recipient.iter()) {
                if let Ok(addr) = EmailAddress::parse(r)
                    && let UnsubscribeOutcome::Unsubscribed { email } =
                        subscriptions::unsubscribe_address(&ctx.db, &addr, "complaint", now).await?
                {
                    done.push(email);
                }
            }
            return Ok(Disposition::processed(if done.is_empty() {
                "complaint report: no subscriber to unsubscribe".to_string()
            } else {
                format!("complaint report: unsubscribed {}", done.join(", "))
            }));
        }
        _ => (Vec::new(), false),
    };
    if temporary {
        return Ok(Disposition::ignored("delivery delayed (temporary): nothing changed"));
    }
    if failed.is_empty()
        && let Some(r) = verp_recipient
    {
        failed.push(r);
    }
    if failed.is_empty() {
        return Ok(Disposition::held("bounce without a recognisable failed recipient"));
    }
    let mut marked = Vec::new();
    for address in &failed {
        if crate::bounces::record_hard_bounce(&ctx.db, address, "bounce report").await? {
            marked.push(address.clone());
        }
    }
    Ok(Disposition::processed(format!(
        "hard bounce for {}{}",
        failed.join(", "),
        if marked.is_empty() {
            " (no subscriber or member changed)".to_string()
        } else {
            format!("; marked bounced: {}", marked.join(", "))
        }
    )))
}
