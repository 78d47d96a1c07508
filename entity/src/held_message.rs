//! Inbound mail that needs a person: strangers, unmatched replies, forged tokens.
use sea_orm::entity::prelude::*;

/// One held message and why it was held.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "held_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub inbound_message_id: i64,
    pub reason: String,
    pub team_id: Option<i64>,
    pub cycle_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
