//! Recording sign-ups. Each sign-up's confirmation email is composed before any
//! transaction (it needs only the address and a fresh nonce), and sign-ups are written
//! in batches: one transaction and a handful of multi-row statements for many sign-ups
//! (see [`super::queue`]), which is what lets a small server take thousands a second.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::subscriber::{self, Status};
use entity::{consent, outbox};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};

use super::emails::confirmation;
use crate::context::AppContext;
use crate::domain::{EmailAddress, PersonName};
use crate::mail::Composed;
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
    pub(super) fn name(&self) -> &'static str {
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

/// A sign-up with its confirmation email already composed.
pub struct Prepared {
    pub request: SignUp,
    nonce: i64,
    email: Composed,
}

/// Composes the confirmation for a new sign-up (CPU only, no database).
pub fn prepare(ctx: &AppContext, request: SignUp, now: DateTime<Utc>) -> anyhow::Result<Prepared> {
    let nonce = random_nonce() as i64;
    let name = request.name.as_ref().map(|n| n.as_str());
    let email = ctx.compose(confirmation(ctx, &request.email, name, nonce, now))?;
    Ok(Prepared { request, nonce, email })
}

/// Records one sign-up and queues its confirmation email.
pub async fn sign_up(ctx: &AppContext, req: SignUp, now: DateTime<Utc>) -> anyhow::Result<SignupOutcome> {
    let mut outcomes = record(ctx, vec![prepare(ctx, req, now)?], now).await?;
    outcomes.pop().ok_or_else(|| anyhow::anyhow!("no outcome recorded"))
}

/// Records a batch of sign-ups in one transaction and returns each one's outcome, in
/// order. Two instances (or a double click) racing to insert the same new address
/// meet the unique key; the batch is then retried once and finds the winner's row.
pub async fn record(ctx: &AppContext, batch: Vec<Prepared>, now: DateTime<Utc>) -> anyhow::Result<Vec<SignupOutcome>> {
    match record_once(ctx, &batch, now).await {
        Err(e) if is_unique_violation(&e) => {
            tracing::debug!("concurrent sign-up for the same address; retrying the batch");
            record_once(ctx, &batch, now).await
        }
        other => other,
    }
}

fn is_unique_violation(e: &anyhow::Error) -> bool {
    e.downcast_ref::<sea_orm::DbErr>()
        .and_then(|e| e.sql_err())
        .is_some_and(|e| matches!(e, sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

async fn record_once(ctx: &AppContext, batch: &[Prepared], now: DateTime<Utc>) -> anyhow::Result<Vec<SignupOutcome>> {
    let txn = ctx.db.begin().await?;
    let addresses: Vec<&str> = batch.iter().map(|p| p.request.email.as_str()).collect();
    let mut existing: HashMap<String, subscriber::Model> = subscriber::Entity::find()
        .filter(subscriber::Column::Email.is_in(addresses))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| (s.email.clone(), s))
        .collect();

    // New addresses (the first occurrence of each in the batch) in one insert.
    let mut outcomes = vec![SignupOutcome::RecentlySent; batch.len()];
    let mut new_rows = Vec::new();
    let mut new_index = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, p) in batch.iter().enumerate() {
        let address = p.request.email.as_str();
        if existing.contains_key(address) || !seen.insert(address) {
            continue;
        }
        new_index.push(i);
        new_rows.push(subscriber::ActiveModel {
            email: Set(address.to_string()),
            name: Set(p.request.name.as_ref().map(|n| n.as_str().to_string())),
            status: Set(Status::Pending),
            confirm_nonce: Set(Some(p.nonce)),
            confirmation_sent_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    let mut consents = Vec::new();
    let mut emails = Vec::new();
    if !new_rows.is_empty() {
        let inserted = subscriber::Entity::insert_many(new_rows)
            .exec_with_returning_many(&txn)
            .await?;
        let ids: HashMap<&str, i64> = inserted.iter().map(|s| (s.email.as_str(), s.id)).collect();
        for i in new_index {
            let p = &batch[i];
            let id = *ids
                .get(p.request.email.as_str())
                .ok_or_else(|| anyhow::anyhow!("inserted subscriber not returned"))?;
            consents.push(consent_row(id, &p.request.channel, now, None));
            emails.push(outbox_row(&p.email, now));
            outcomes[i] = SignupOutcome::ConfirmationQueued;
        }
    }

    // Addresses we know: each by itself (rare on a busy sign-up page).
    let mut handled = std::collections::HashSet::new();
    for (i, p) in batch.iter().enumerate() {
        let address = p.request.email.as_str();
        let Some(s) = existing.get(address).cloned() else {
            continue;
        };
        if !handled.insert(address) {
            continue;
        }
        outcomes[i] = match s.status {
            Status::Confirmed => SignupOutcome::AlreadyConfirmed,
            Status::Pending if s.confirmation_sent_at.is_some_and(|t| now - t < RESEND_AFTER) => {
                SignupOutcome::RecentlySent
            }
            status => {
                // Pending (a resend), or back after unsubscribing or bouncing. A pending
                // address keeps its nonce so that the link it already has still works.
                let keep = (status == Status::Pending).then_some(s.confirm_nonce).flatten();
                let nonce = keep.unwrap_or(p.nonce);
                let name = p
                    .request
                    .name
                    .as_ref()
                    .map(|n| n.as_str().to_string())
                    .or(s.name.clone());
                let updated = subscriber::ActiveModel {
                    id: Set(s.id),
                    name: Set(name.clone()),
                    status: Set(Status::Pending),
                    confirm_nonce: Set(Some(nonce)),
                    confirmation_sent_at: Set(Some(now)),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .update(&txn)
                .await?;
                existing.insert(address.to_string(), updated);
                let email = if nonce == p.nonce {
                    p.email.clone()
                } else {
                    ctx.compose(confirmation(ctx, &p.request.email, name.as_deref(), nonce, now))?
                };
                consents.push(consent_row(s.id, &p.request.channel, now, None));
                emails.push(outbox_row(&email, now));
                SignupOutcome::ConfirmationQueued
            }
        };
    }
    if !consents.is_empty() {
        consent::Entity::insert_many(consents)
            .exec_without_returning(&txn)
            .await?;
    }
    if !emails.is_empty() {
        outbox::Entity::insert_many(emails).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    if outcomes.contains(&SignupOutcome::ConfirmationQueued) {
        ctx.wake_delivery();
    }
    Ok(outcomes)
}

fn outbox_row(c: &Composed, now: DateTime<Utc>) -> outbox::ActiveModel {
    crate::outbox::new_row(c, now)
}

pub(super) fn consent_row(
    subscriber_id: i64,
    channel: &Channel,
    now: DateTime<Utc>,
    confirmed_via: Option<&str>,
) -> consent::ActiveModel {
    let (ip, message_id) = match channel {
        Channel::Web { ip } => (ip.clone(), None),
        Channel::Email { message_id } => (None, Some(message_id.clone())),
        Channel::Import => (None, None),
    };
    consent::ActiveModel {
        subscriber_id: Set(subscriber_id),
        channel: Set(channel.name().to_string()),
        requested_at: Set(now),
        source_ip: Set(ip),
        source_message_id: Set(message_id),
        confirmed_at: Set(confirmed_via.map(|_| now)),
        confirmed_via: Set(confirmed_via.map(str::to_string)),
        ..Default::default()
    }
}

/// Adds a consent record for a sign-up (confirmed at once for imports with consent).
pub(super) async fn record_consent(
    db: &impl ConnectionTrait,
    subscriber_id: i64,
    channel: &Channel,
    now: DateTime<Utc>,
    confirmed_via: Option<&str>,
) -> Result<(), sea_orm::DbErr> {
    consent::Entity::insert(consent_row(subscriber_id, channel, now, confirmed_via))
        .exec_without_returning(db)
        .await?;
    Ok(())
}
