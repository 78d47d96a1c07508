use chrono::{DateTime, Utc};
use entity::subscriber::{self, Status};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

use super::store::find_by_email;
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::tokens::{Purpose, TokenError};

/// What an unsubscribe did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnsubscribeOutcome {
    /// The subscriber is now unsubscribed.
    Unsubscribed { email: String },
    /// They had already left (the same answer, nothing changed).
    AlreadyUnsubscribed { email: String },
    /// No subscriber (erased, or never signed up).
    NotFound,
}

/// Why an unsubscribe link could not be used.
#[derive(Debug, thiserror::Error)]
pub enum UnsubscribeError {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(transparent)]
    Internal(#[from] sea_orm::DbErr),
}

/// Unsubscribes the subscriber named by an unsubscribe token. `how` is recorded
/// ("link" or "one-click").
pub async fn unsubscribe(
    ctx: &AppContext,
    token: &str,
    how: &str,
    now: DateTime<Utc>,
) -> Result<UnsubscribeOutcome, UnsubscribeError> {
    let values = ctx.signer.verify(Purpose::Unsubscribe, token, now)?;
    let [id] = values[..] else {
        return Err(TokenError::Malformed.into());
    };
    match subscriber::Entity::find_by_id(id as i64).one(&ctx.db).await? {
        Some(s) => Ok(leave(&ctx.db, s, how, now).await?),
        None => Ok(UnsubscribeOutcome::NotFound),
    }
}

/// Unsubscribes an address (an email to `+leave`, or "unsubscribe" as the subject).
pub async fn unsubscribe_address(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    how: &str,
    now: DateTime<Utc>,
) -> Result<UnsubscribeOutcome, sea_orm::DbErr> {
    match find_by_email(db, email).await? {
        Some(s) => leave(db, s, how, now).await,
        None => Ok(UnsubscribeOutcome::NotFound),
    }
}

async fn leave(
    db: &impl ConnectionTrait,
    s: subscriber::Model,
    how: &str,
    now: DateTime<Utc>,
) -> Result<UnsubscribeOutcome, sea_orm::DbErr> {
    if s.status == Status::Unsubscribed {
        return Ok(UnsubscribeOutcome::AlreadyUnsubscribed { email: s.email });
    }
    subscriber::ActiveModel {
        id: Set(s.id),
        status: Set(Status::Unsubscribed),
        confirm_nonce: Set(None),
        unsubscribed_at: Set(Some(now)),
        status_reason: Set(Some(how.to_string())),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    tracing::info!(subscriber_id = s.id, how, "unsubscribed");
    Ok(UnsubscribeOutcome::Unsubscribed { email: s.email })
}
