use chrono::{DateTime, Duration, Utc};
use entity::consent;
use entity::subscriber::{self, Status};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, TransactionTrait};

use super::emails::confirmation;
use super::store::find_by_email;
use crate::context::AppContext;
use crate::domain::{EmailAddress, PersonName};
use crate::tokens::random_nonce;

/// At most one confirmation email per address in this period.
pub const RESEND_AFTER: Duration = Duration::minutes(15);

/// How a sign-up reached us; recorded as consent.
#[derive(Debug, Clone)]
pub enum Channel {
    /// The web form, from this client address.
    Web { ip: Option<String> },
    /// An email to the join address, with this Message-ID.
    Email { message_id: String },
    /// An operator's import.
    Import,
}

impl Channel {
    fn name(&self) -> &'static str {
        match self {
            Channel::Web { .. } => "web",
            Channel::Email { .. } => "email",
            Channel::Import => "import",
        }
    }
}

/// One request to subscribe.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub email: EmailAddress,
    pub name: Option<PersonName>,
    pub channel: Channel,
}

/// What a sign-up did. The visitor sees the same page whatever it is (no enumeration).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupOutcome {
    /// A confirmation email was queued.
    ConfirmationQueued,
    /// Pending, and a confirmation went out less than 15 minutes ago: nothing sent.
    RecentlySent,
    /// Already confirmed: nothing sent.
    AlreadyConfirmed,
}

/// Records a sign-up and queues its confirmation email, in one transaction.
pub async fn sign_up(
    ctx: &AppContext,
    req: SignUp,
    now: DateTime<Utc>,
) -> anyhow::Result<SignupOutcome> {
    let txn = ctx.db.begin().await?;
    let existing = find_by_email(&txn, &req.email).await?;
    let name = req.name.as_ref().map(|n| n.as_str().to_string());
    let nonce = random_nonce() as i64;
    let subscriber = match existing {
        Some(s) if s.status == Status::Confirmed => {
            txn.commit().await?;
            return Ok(SignupOutcome::AlreadyConfirmed);
        }
        Some(s)
            if s.status == Status::Pending
                && s.confirmation_sent_at
                    .is_some_and(|t| now - t < RESEND_AFTER) =>
        {
            txn.commit().await?;
            return Ok(SignupOutcome::RecentlySent);
        }
        Some(s) => {
            // Pending (resend), or coming back after unsubscribing or bouncing: a new
            // confirmation is needed either way. A pending address keeps its nonce so an
            // earlier link still works.
            let keep = (s.status == Status::Pending)
                .then_some(s.confirm_nonce)
                .flatten();
            subscriber::ActiveModel {
                id: Set(s.id),
                name: Set(name.or(s.name)),
                status: Set(Status::Pending),
                confirm_nonce: Set(Some(keep.unwrap_or(nonce))),
                confirmation_sent_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(&txn)
            .await?
        }
        None => {
            subscriber::ActiveModel {
                email: Set(req.email.as_str().to_string()),
                name: Set(name),
                status: Set(Status::Pending),
                confirm_nonce: Set(Some(nonce)),
                confirmation_sent_at: Set(Some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    record_consent(&txn, subscriber.id, &req.channel, now, None).await?;
    let nonce = subscriber.confirm_nonce.unwrap_or(nonce);
    ctx.queue_email(&txn, confirmation(ctx, &subscriber, nonce, now)?, now)
        .await?;
    txn.commit().await?;
    ctx.wake_delivery();
    tracing::info!(
        subscriber_id = subscriber.id,
        channel = req.channel.name(),
        "sign-up recorded, confirmation queued"
    );
    Ok(SignupOutcome::ConfirmationQueued)
}

/// Adds a consent record for a sign-up (confirmed at once for imports with consent).
pub(super) async fn record_consent(
    db: &impl sea_orm::ConnectionTrait,
    subscriber_id: i64,
    channel: &Channel,
    now: DateTime<Utc>,
    confirmed_via: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    let (ip, message_id) = match channel {
        Channel::Web { ip } => (ip.clone(), None),
        Channel::Email { message_id } => (None, Some(message_id.clone())),
        Channel::Import => (None, None),
    };
    consent::Entity::insert(consent::ActiveModel {
        subscriber_id: Set(subscriber_id),
        channel: Set(channel.name().to_string()),
        requested_at: Set(now),
        source_ip: Set(ip),
        source_message_id: Set(message_id),
        confirmed_at: Set(confirmed_via.map(|_| now)),
        confirmed_via: Set(confirmed_via.map(str::to_string)),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
