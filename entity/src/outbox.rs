//! Every outgoing email, recorded before it is sent.
use sea_orm::entity::prelude::*;

/// Delivery state of an outbox row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
pub enum Status {
    #[sea_orm(string_value = "queued")]
    Queued,
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
    #[sea_orm(string_value = "failed")]
    Failed,
}

/// One outgoing email and its delivery state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient: String,
    /// What the email is for, e.g. "confirmation", "welcome", "cycle_reminder".
    pub purpose: String,
    #[sea_orm(unique)]
    pub message_id: String,
    /// SMTP envelope sender (a VERP address, so bounces can be traced back).
    pub envelope_from: String,
    /// The complete RFC 5322 message as it will be sent.
    pub body: Vec<u8>,
    pub status: Status,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// While `sending`, the lease: a row whose lease ran out (crash) is claimed again.
    pub locked_until: Option<DateTimeUtc>,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
