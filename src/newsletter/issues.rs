//! Reading issues: with their sections, approvals, comments and delivery progress.
use chrono::NaiveDate;
use entity::newsletter_issue::{self, Status};
use entity::{approval, comment, delivery, newsletter_section};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;

use crate::config::Cadence;
use crate::cycles::Period;

/// An issue with its sections in order.
#[derive(Debug, Clone)]
pub struct Issue {
    pub issue: newsletter_issue::Model,
    pub sections: Vec<newsletter_section::Model>,
}

impl Issue {
    /// "November 2026".
    pub fn period_label(&self, cadence: Cadence) -> String {
        Period {
            start: self.issue.period_start,
            end: self.issue.period_end,
        }
        .label(cadence)
    }
}

/// The issue with this id, with its sections.
pub async fn get(db: &impl ConnectionTrait, id: i64) -> Result<Option<Issue>, DbErr> {
    let Some(issue) = newsletter_issue::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    Ok(Some(with_sections(db, issue).await?))
}

/// The issue at this archive address, with its sections.
pub async fn by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Issue>, DbErr> {
    let Some(issue) = newsletter_issue::Entity::find()
        .filter(newsletter_issue::Column::Slug.eq(slug))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(with_sections(db, issue).await?))
}

/// The issue for the period starting on `start`, if drafted.
pub async fn for_period(db: &impl ConnectionTrait, start: NaiveDate) -> Result<Option<newsletter_issue::Model>, DbErr> {
    newsletter_issue::Entity::find()
        .filter(newsletter_issue::Column::PeriodStart.eq(start))
        .one(db)
        .await
}

async fn with_sections(db: &impl ConnectionTrait, issue: newsletter_issue::Model) -> Result<Issue, DbErr> {
    let sections = newsletter_section::Entity::find()
        .filter(newsletter_section::Column::IssueId.eq(issue.id))
        .order_by_asc(newsletter_section::Column::Position)
        .all(db)
        .await?;
    Ok(Issue { issue, sections })
}

/// Every issue, newest period first.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<newsletter_issue::Model>, DbErr> {
    newsletter_issue::Entity::find()
        .order_by_desc(newsletter_issue::Column::PeriodStart)
        .all(db)
        .await
}

/// Sent issues, newest first (the public archive).
pub async fn sent(db: &impl ConnectionTrait) -> Result<Vec<newsletter_issue::Model>, DbErr> {
    newsletter_issue::Entity::find()
        .filter(newsletter_issue::Column::Status.eq(Status::Sent))
        .order_by_desc(newsletter_issue::Column::PeriodStart)
        .all(db)
        .await
}

/// How far a send has got.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Progress {
    pub total: i64,
    pub queued: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
    pub bounced: i64,
    pub skipped: i64,
}

impl Progress {
    /// Deliveries that reached an end (sent, failed, bounced or skipped).
    pub fn done(&self) -> i64 {
        self.sent + self.failed + self.bounced + self.skipped
    }
}

/// Delivery counts for an issue.
pub async fn progress(db: &impl ConnectionTrait, issue_id: i64) -> Result<Progress, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        status: String,
        n: i64,
    }
    let rows = delivery::Entity::find()
        .select_only()
        .column(delivery::Column::Status)
        .column_as(delivery::Column::Id.count(), "n")
        .filter(delivery::Column::IssueId.eq(issue_id))
        .group_by(delivery::Column::Status)
        .into_model::<Row>()
        .all(db)
        .await?;
    let mut p = Progress::default();
    for r in rows {
        p.total += r.n;
        match r.status.as_str() {
            "queued" => p.queued = r.n,
            "sending" => p.sending = r.n,
            "sent" => p.sent = r.n,
            "failed" => p.failed = r.n,
            "bounced" => p.bounced = r.n,
            "skipped" => p.skipped = r.n,
            _ => {}
        }
    }
    Ok(p)
}

/// The approvals of an issue, oldest first.
pub async fn approvals(db: &impl ConnectionTrait, issue_id: i64) -> Result<Vec<approval::Model>, DbErr> {
    approval::Entity::find()
        .filter(approval::Column::IssueId.eq(issue_id))
        .order_by_asc(approval::Column::Id)
        .all(db)
        .await
}

/// The comments on an issue, oldest first.
pub async fn comments(db: &impl ConnectionTrait, issue_id: i64) -> Result<Vec<comment::Model>, DbErr> {
    comment::Entity::find()
        .filter(comment::Column::IssueId.eq(issue_id))
        .order_by_asc(comment::Column::Id)
        .all(db)
        .await
}

/// The status as a word ("in_review").
pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Drafting => "drafting",
        Status::InReview => "in_review",
        Status::ChangesRequested => "changes_requested",
        Status::Approved => "approved",
        Status::Sending => "sending",
        Status::Sent => "sent",
    }
}
