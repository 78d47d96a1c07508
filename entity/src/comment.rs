//! Editors' comments on an issue (a reply that is not an approval, or a request for changes).
use sea_orm::entity::prelude::*;

/// A comment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub issue_id: i64,
    pub editor_id: Option<i64>,
    pub body: String,
    /// "web" or "email".
    pub channel: String,
    /// True when it asked for changes.
    pub requests_changes: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
