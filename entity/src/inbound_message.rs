//! Every inbound email, kept raw for audit and de-duplicated by Message-ID.
use sea_orm::entity::prelude::*;

/// One received message and what the pipeline did with it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inbound_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The Message-ID header, or `sha256:<hex>` of the raw bytes when it has none.
    #[sea_orm(unique)]
    pub message_id: String,
    pub raw: Vec<u8>,
    /// "http", "ingest" or "imap".
    pub via: String,
    pub received_at: DateTimeUtc,
    pub from_addr: Option<String>,
    pub to_addrs: Option<String>,
    pub subject: Option<String>,
    /// The classification (see `labloop parse-reply`), once known.
    pub kind: Option<String>,
    /// "received", "processed", "held", "rejected" or "failed".
    pub status: String,
    /// A human-readable account of what happened to it.
    pub outcome: Option<String>,
    pub processed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
