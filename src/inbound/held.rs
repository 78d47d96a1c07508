//! Held messages: inbound mail a person must look at.
use chrono::{DateTime, Utc};
use entity::{held_message, inbound_message};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

/// Records that a message is held, and why.
pub async fn hold(
    db: &impl ConnectionTrait,
    inbound_id: i64,
    reason: &str,
    team_id: Option<i64>,
    cycle_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    held_message::Entity::insert(held_message::ActiveModel {
        inbound_message_id: Set(inbound_id),
        reason: Set(reason.to_string()),
        team_id: Set(team_id),
        cycle_id: Set(cycle_id),
        created_at: Set(now),
        resolved_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(held_message::Column::InboundMessageId)
            .update_columns([
                held_message::Column::Reason,
                held_message::Column::TeamId,
                held_message::Column::CycleId,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// A held message as the CLI and API show it.
#[derive(Debug, Clone, Serialize)]
pub struct HeldView {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub from: Option<String>,
    pub subject: Option<String>,
    pub message_id: String,
    pub reason: String,
    pub team_id: Option<i64>,
    pub cycle_id: Option<i64>,
}

/// Id, received, from, subject and Message-ID of an inbound message.
type Headers = (i64, DateTime<Utc>, Option<String>, Option<String>, String);

/// Held messages not yet resolved, newest first.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<HeldView>, DbErr> {
    let held = held_message::Entity::find()
        .filter(held_message::Column::ResolvedAt.is_null())
        .order_by_desc(held_message::Column::Id)
        .all(db)
        .await?;
    // The messages' headers only: the raw bytes can be large.
    let ids: Vec<i64> = held.iter().map(|h| h.inbound_message_id).collect();
    let headers: Vec<Headers> = inbound_message::Entity::find()
        .select_only()
        .columns([
            inbound_message::Column::Id,
            inbound_message::Column::ReceivedAt,
            inbound_message::Column::FromAddr,
            inbound_message::Column::Subject,
            inbound_message::Column::MessageId,
        ])
        .filter(inbound_message::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(held
        .into_iter()
        .map(|h| {
            let m = headers.iter().find(|m| m.0 == h.inbound_message_id);
            HeldView {
                id: h.id,
                received_at: m.map(|m| m.1).unwrap_or(h.created_at),
                from: m.and_then(|m| m.2.clone()),
                subject: m.and_then(|m| m.3.clone()),
                message_id: m.map(|m| m.4.clone()).unwrap_or_default(),
                reason: h.reason,
                team_id: h.team_id,
                cycle_id: h.cycle_id,
            }
        })
        .collect())
}
