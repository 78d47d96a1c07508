//! The record of how and when a subscriber asked to join (one row per sign-up).
use sea_orm::entity::prelude::*;

/// One consent record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub subscriber_id: i64,
    /// "web", "email" or "import".
    pub channel: String,
    pub requested_at: DateTimeUtc,
    /// The sign-up form's client address (web sign-ups).
    pub source_ip: Option<String>,
    /// The Message-ID of the sign-up email (email sign-ups).
    pub source_message_id: Option<String>,
    pub confirmed_at: Option<DateTimeUtc>,
    /// "link", "reply" or "import".
    pub confirmed_via: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::subscriber::Entity",
        from = "Column::SubscriberId",
        to = "super::subscriber::Column::Id",
        on_delete = "Cascade"
    )]
    Subscriber,
}

impl Related<super::subscriber::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Subscriber.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
