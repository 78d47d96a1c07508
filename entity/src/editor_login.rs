//! Magic sign-in links sent to editors: short-lived and single use.
use sea_orm::entity::prelude::*;

/// One sign-in link (its nonce is in the signed token).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "editor_logins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub editor_id: i64,
    #[sea_orm(unique)]
    pub nonce: i64,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
