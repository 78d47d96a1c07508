//! One team's section of an issue (editable text).
use sea_orm::entity::prelude::*;

/// A section.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "newsletter_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub issue_id: i64,
    pub team_id: Option<i64>,
    pub position: i32,
    pub team_name: String,
    pub body: String,
    /// The team's record was flagged for review: the preview highlights it.
    pub needs_review: bool,
    /// False when the team sent no update for the period.
    pub has_record: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
