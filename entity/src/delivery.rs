//! One issue to one subscriber: the newsletter's own outbox, one row per recipient.
use sea_orm::entity::prelude::*;

/// A delivery: queued → sending (leased) → sent / failed / bounced.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deliveries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub issue_id: i64,
    pub subscriber_id: i64,
    pub email: String,
    /// "queued", "sending", "sent", "failed" or "bounced".
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub locked_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
