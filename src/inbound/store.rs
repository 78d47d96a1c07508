use chrono::{DateTime, Utc};
use entity::inbound_message;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, TryInsertResult,
};

use super::{InboundMessage, Kind, Status, Via};
use crate::tokens::sha256_hex_bytes;

pub(super) enum Inserted {
    New(inbound_message::Model),
    Existing(inbound_message::Model),
}

/// Stores the raw message unless its Message-ID is already stored.
pub(super) async fn insert(
    db: &impl ConnectionTrait,
    raw: &[u8],
    msg: &InboundMessage<'_>,
    via: Via,
    now: DateTime<Utc>,
) -> Result<Inserted, DbErr> {
    let row = inbound_message::ActiveModel {
        message_id: Set(msg.message_id.clone()),
        raw: Set(raw.to_vec()),
        via: Set(via.as_str().to_string()),
        received_at: Set(now),
        from_addr: Set(msg.from.as_ref().map(|a| a.as_str().to_string())),
        to_addrs: Set(Some(msg.recipients.join(", "))),
        subject: Set(Some(msg.subject.chars().take(500).collect())),
        kind: Set(None),
        status: Set("received".into()),
        outcome: Set(None),
        processed_at: Set(None),
        ..Default::default()
    };
    let result = inbound_message::Entity::insert(row)
        .on_conflict(
            OnConflict::column(inbound_message::Column::MessageId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec(db)
        .await?;
    let existing = inbound_message::Entity::find()
        .filter(inbound_message::Column::MessageId.eq(&msg.message_id))
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("inbound message just stored".into()))?;
    Ok(match result {
        TryInsertResult::Inserted(_) => Inserted::New(existing),
        _ => Inserted::Existing(existing),
    })
}

/// Keeps bytes that are not an email, for audit; returns the row id.
pub(super) async fn keep_rejected(
    db: &impl ConnectionTrait,
    raw: &[u8],
    via: Via,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let key = format!("sha256:{}", sha256_hex_bytes(raw));
    let row = inbound_message::ActiveModel {
        message_id: Set(key.clone()),
        raw: Set(raw.to_vec()),
        via: Set(via.as_str().to_string()),
        received_at: Set(now),
        status: Set("rejected".into()),
        outcome: Set(Some(format!("not an email: {reason}"))),
        processed_at: Set(Some(now)),
        ..Default::default()
    };
    inbound_message::Entity::insert(row)
        .on_conflict(
            OnConflict::column(inbound_message::Column::MessageId)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec(db)
        .await?;
    let found = inbound_message::Entity::find()
        .filter(inbound_message::Column::MessageId.eq(key))
        .one(db)
        .await?;
    Ok(found.map(|r| r.id).unwrap_or_default())
}

/// Records what the pipeline did.
pub(super) async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    kind: Kind,
    status: Status,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    inbound_message::ActiveModel {
        id: Set(id),
        kind: Set(Some(kind.as_str().to_string())),
        status: Set(status.as_str().to_string()),
        outcome: Set(Some(outcome.to_string())),
        processed_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Number of inbound messages per kind ("unclassified" for refused or unfinished ones).
pub async fn counts_by_kind(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        kind: Option<String>,
        n: i64,
    }
    let rows = inbound_message::Entity::find()
        .select_only()
        .column(inbound_message::Column::Kind)
        .column_as(inbound_message::Column::Id.count(), "n")
        .group_by(inbound_message::Column::Kind)
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.kind.unwrap_or_else(|| "unclassified".into()), r.n))
        .collect())
}
