//! Runs of scheduled jobs, one per (job, slot): the unique key lets only one instance
//! run a slot, and lets a restarted labloop see which slot it missed.
use sea_orm::entity::prelude::*;

/// One run of a job for one scheduled time.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub job: String,
    /// The scheduled time this run is for (UTC).
    pub slot: DateTimeUtc,
    pub started_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// "running", "ok" or "failed".
    pub status: String,
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
