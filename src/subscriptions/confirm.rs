use chrono::{DateTime, Utc};
use entity::consent;
use entity::subscriber::{self, Status};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};

use super::emails::welcome;
use super::store::{latest_consent, unsuppress};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::tokens::{Purpose, TokenError};

/// Why a confirmation was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfirmError {
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error("this link has already been used")]
    Used,
    #[error("the reply did not come from the address that signed up")]
    WrongSender,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ConfirmError {
    fn from(e: sea_orm::DbErr) -> Self {
        ConfirmError::Internal(e.into())
    }
}

/// A successful confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmed {
    pub subscriber_id: i64,
    pub email: String,
}

/// Checks a confirmation token without using it (the page behind the link's GET).
pub async fn check_confirm_token(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<subscriber::Model, ConfirmError> {
    let nonce = nonce_of(ctx, token, now)?;
    // The nonce is cleared once used, so a used (or replaced) link finds nobody.
    let s = by_nonce(&ctx.db, nonce).await?.ok_or(ConfirmError::Used)?;
    if s.status != Status::Pending {
        return Err(ConfirmError::Used);
    }
    Ok(s)
}

fn nonce_of(ctx: &AppContext, token: &str, now: DateTime<Utc>) -> Result<i64, ConfirmError> {
    let values = ctx.signer.verify(Purpose::Confirm, token, now)?;
    match values[..] {
        [nonce] => Ok(nonce as i64),
        _ => Err(TokenError::Malformed.into()),
    }
}

async fn by_nonce(db: &impl sea_orm::ConnectionTrait, nonce: i64) -> Result<Option<subscriber::Model>, sea_orm::DbErr> {
    subscriber::Entity::find()
        .filter(subscriber::Column::ConfirmNonce.eq(nonce))
        .one(db)
        .await
}

/// Confirms the subscription the link's token names (the button's POST).
pub async fn confirm(ctx: &AppContext, token: &str, now: DateTime<Utc>) -> Result<Confirmed, ConfirmError> {
    confirm_with(ctx, token, None, "link", now).await
}

/// Confirms by a reply to the confirmation email; the sender must be the subscriber.
pub async fn confirm_by_reply(
    ctx: &AppContext,
    token: &str,
    sender: &EmailAddress,
    now: DateTime<Utc>,
) -> Result<Confirmed, ConfirmError> {
    confirm_with(ctx, token, Some(sender), "reply", now).await
}

async fn confirm_with(
    ctx: &AppContext,
    token: &str,
    sender: Option<&EmailAddress>,
    via: &str,
    now: DateTime<Utc>,
) -> Result<Confirmed, ConfirmError> {
    let nonce = nonce_of(ctx, token, now)?;
    let txn = ctx.db.begin().await?;
    let s = by_nonce(&txn, nonce).await?.ok_or(ConfirmError::Used)?;
    if sender.is_some_and(|from| from.as_str() != s.email) {
        return Err(ConfirmError::WrongSender);
    }
    if s.status != Status::Pending {
        return Err(ConfirmError::Used);
    }
    let s = subscriber::ActiveModel {
        id: Set(s.id),
        status: Set(Status::Confirmed),
        confirm_nonce: Set(None),
        confirmed_at: Set(Some(now)),
        unsubscribed_at: Set(None),
        bounced_at: Set(None),
        status_reason: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    if let Some(c) = latest_consent(&txn, s.id).await? {
        consent::ActiveModel {
            id: Set(c.id),
            confirmed_at: Set(Some(now)),
            confirmed_via: Set(Some(via.to_string())),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    let address = EmailAddress::parse(&s.email).map_err(anyhow::Error::from)?;
    unsuppress(&txn, &address).await?;
    ctx.queue_email(&txn, welcome(ctx, &s)?, now).await?;
    txn.commit().await?;
    ctx.wake_delivery();
    tracing::info!(subscriber_id = s.id, via, "subscription confirmed, welcome queued");
    Ok(Confirmed {
        subscriber_id: s.id,
        email: s.email,
    })
}
