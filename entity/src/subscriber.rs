//! People who signed up for Lab updates.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// Where a subscriber is in the double opt-in life cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[sea_orm(string_value = "pending")]
    Pending,
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    #[sea_orm(string_value = "unsubscribed")]
    Unsubscribed,
    #[sea_orm(string_value = "bounced")]
    Bounced,
}

/// A subscriber row. `email` is stored lower-cased and is unique.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscribers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub name: Option<String>,
    pub status: Status,
    /// Random value carried by the current confirmation link; cleared once used.
    pub confirm_nonce: Option<i64>,
    pub confirmation_sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    pub unsubscribed_at: Option<DateTimeUtc>,
    pub bounced_at: Option<DateTimeUtc>,
    /// Why the subscriber left: "link", "one-click", "email", "complaint", "bounce".
    pub status_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::consent::Entity")]
    Consent,
}

impl Related<super::consent::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Consent.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
