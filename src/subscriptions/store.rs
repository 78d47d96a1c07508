use chrono::{DateTime, Utc};
use entity::subscriber::{self, Status};
use entity::{consent, suppression};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::domain::EmailAddress;
use crate::tokens::sha256_hex;

/// The subscriber with this address, if any.
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<subscriber::Model>, DbErr> {
    subscriber::Entity::find()
        .filter(subscriber::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// Records a hard bounce: a subscriber at this address stops receiving mail.
/// Returns whether a subscriber was changed.
pub async fn mark_bounced(db: &impl ConnectionTrait, email: &EmailAddress, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let Some(s) = find_by_email(db, email).await? else {
        return Ok(false);
    };
    if matches!(s.status, Status::Bounced | Status::Unsubscribed) {
        return Ok(false);
    }
    subscriber::ActiveModel {
        id: Set(s.id),
        status: Set(Status::Bounced),
        bounced_at: Set(Some(now)),
        status_reason: Set(Some("bounce".into())),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(true)
}

/// The most recent consent record of a subscriber.
pub async fn latest_consent(db: &impl ConnectionTrait, subscriber_id: i64) -> Result<Option<consent::Model>, DbErr> {
    consent::Entity::find()
        .filter(consent::Column::SubscriberId.eq(subscriber_id))
        .order_by_desc(consent::Column::Id)
        .one(db)
        .await
}

/// Whether an erased address is on the suppression list.
pub async fn is_suppressed(db: &impl ConnectionTrait, email: &EmailAddress) -> Result<bool, DbErr> {
    Ok(suppression::Entity::find()
        .filter(suppression::Column::EmailHash.eq(sha256_hex(email.as_str())))
        .one(db)
        .await?
        .is_some())
}

/// Takes an address off the suppression list (it signed up and confirmed again).
pub async fn unsuppress(db: &impl ConnectionTrait, email: &EmailAddress) -> Result<(), DbErr> {
    suppression::Entity::delete_many()
        .filter(suppression::Column::EmailHash.eq(sha256_hex(email.as_str())))
        .exec(db)
        .await?;
    Ok(())
}
