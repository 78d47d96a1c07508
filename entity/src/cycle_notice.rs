//! Reminders and follow-ups sent: one row per (cycle, person, kind), and the unique
//! key on those three is what makes a second reminder impossible.
use sea_orm::entity::prelude::*;

/// One reminder or follow-up.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cycle_notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cycle_id: i64,
    pub person_id: i64,
    /// "reminder" or "followup".
    pub kind: String,
    /// The Message-ID of the email (replies name it in In-Reply-To).
    pub message_id: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
