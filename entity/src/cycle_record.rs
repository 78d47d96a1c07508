//! What a team recorded for a cycle (the current version; earlier ones are in
//! `record_versions`).
use sea_orm::entity::prelude::*;

/// A cycle record: the seven answers, where they came from and whether a person
/// should look at them.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cycle_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub cycle_id: i64,
    pub change: Option<String>,
    pub prediction: Option<String>,
    pub what_happened: Option<String>,
    pub learning: Option<String>,
    /// "adopt", "adapt" or "abandon".
    pub decision: Option<String>,
    pub next_steps: Option<String>,
    /// The new text of the reply it came from (email), for whatever fitted no field.
    pub reply_text: Option<String>,
    /// "email" or "form".
    pub source: String,
    pub submitted_by: Option<i64>,
    pub inbound_message_id: Option<i64>,
    pub needs_review: bool,
    /// JSON array of strings.
    pub warnings: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::record_measure::Entity")]
    Measure,
}

impl Related<super::record_measure::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Measure.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
