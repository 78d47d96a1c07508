//! Every version of every cycle record, as it was saved.
use sea_orm::entity::prelude::*;

/// One saved version: the fields as JSON, who saved it and how.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "record_versions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub record_id: i64,
    pub version: i32,
    /// The fields as `labloop parse-reply` prints them, plus reply_text.
    pub snapshot: String,
    pub source: String,
    pub submitted_by: Option<i64>,
    pub inbound_message_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
