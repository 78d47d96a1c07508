//! Monthly learning newsletter issues.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where an issue is: drafting → in_review → approved → sending → sent, or
/// changes_requested (back to in_review once edited).
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(24))")]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[sea_orm(string_value = "drafting")]
    Drafting,
    #[sea_orm(string_value = "in_review")]
    InReview,
    #[sea_orm(string_value = "changes_requested")]
    ChangesRequested,
    #[sea_orm(string_value = "approved")]
    Approved,
    #[sea_orm(string_value = "sending")]
    Sending,
    #[sea_orm(string_value = "sent")]
    Sent,
}

/// One issue: its period, text and state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "newsletter_issues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub period_start: Date,
    pub period_end: Date,
    /// The archive address: `/newsletters/{slug}`.
    #[sea_orm(unique)]
    pub slug: String,
    pub status: Status,
    pub introduction: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub approved_at: Option<DateTimeUtc>,
    pub sending_started_at: Option<DateTimeUtc>,
    pub sent_at: Option<DateTimeUtc>,
    /// Recipients when the send started.
    pub total: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
