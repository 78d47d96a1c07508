//! Editors at work: approving (web, email reply, CLI), asking for changes,
//! commenting, editing the draft.
use chrono::{DateTime, Utc};
use entity::newsletter_issue::{self, Status};
use entity::{approval, comment, editor, newsletter_section};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait, TryInsertResult,
};
use serde_json::json;

use super::issues::{self, status_word};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::mail::Email;

/// What an approval did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approved {
    /// Recorded; `have` of `need` approvals so far.
    Recorded { have: u64, need: u32 },
    /// Recorded, and it was the last one needed: the send has started.
    SendStarted { recipients: u64 },
    /// This editor had already approved.
    AlreadyApproved,
}

/// Why an approval or edit was refused.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no newsletter issue {0}")]
    NoIssue(i64),
    #[error("the issue is {0}: it can no longer be approved or changed")]
    Closed(&'static str),
    #[error("changes were requested: edit the draft (which puts it back in review) before approving")]
    ChangesRequested,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for ReviewError {
    fn from(e: sea_orm::DbErr) -> Self {
        ReviewError::Internal(e.into())
    }
}

/// Records `editor`'s approval of an issue (once); when enough editors have
/// approved, the send starts.
pub async fn approve(
    ctx: &AppContext,
    issue_id: i64,
    editor: &editor::Model,
    channel: &str,
    now: DateTime<Utc>,
) -> Result<Approved, ReviewError> {
    let txn = ctx.db.begin().await?;
    let issue = newsletter_issue::Entity::find_by_id(issue_id)
        .one(&txn)
        .await?
        .ok_or(ReviewError::NoIssue(issue_id))?;
    match issue.status {
        Status::InReview => {}
        Status::ChangesRequested => return Err(ReviewError::ChangesRequested),
        other => return Err(ReviewError::Closed(status_word(other))),
    }
    let inserted = approval::Entity::insert(approval::ActiveModel {
        issue_id: Set(issue_id),
        editor_id: Set(editor.id),
        channel: Set(channel.to_string()),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([approval::Column::IssueId, approval::Column::EditorId])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(&txn)
    .await?;
    if !matches!(inserted, TryInsertResult::Inserted(_)) {
        return Ok(Approved::AlreadyApproved);
    }
    let have = approval::Entity::find()
        .filter(approval::Column::IssueId.eq(issue_id))
        .count(&txn)
        .await?;
    let need = ctx.config.approvals_required;
    tracing::info!(issue_id, editor = %editor.email, channel, have, need, "newsletter approved by an editor");
    if have < u64::from(need) {
        txn.commit().await?;
        return Ok(Approved::Recorded { have, need });
    }
    let recipients = super::send::start(&txn, issue_id, now).await?;
    txn.commit().await?;
    ctx.newsletter_wake.notify_one();
    Ok(Approved::SendStarted { recipients })
}

/// Stores a comment from an editor; with `requests_changes` the issue goes back to
/// the editors (changes requested) and the other editors are told by email.
pub async fn comment(
    ctx: &AppContext,
    issue_id: i64,
    author: &editor::Model,
    body: &str,
    channel: &str,
    requests_changes: bool,
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let txn = ctx.db.begin().await?;
    let issue = issues::get(&txn, issue_id)
        .await?
        .ok_or(ReviewError::NoIssue(issue_id))?;
    comment::Entity::insert(comment::ActiveModel {
        issue_id: Set(issue_id),
        editor_id: Set(Some(author.id)),
        body: Set(body.trim().to_string()),
        channel: Set(channel.to_string()),
        requests_changes: Set(requests_changes),
        created_at: Set(now),
        ..Default::default()
    })
    .exec_without_returning(&txn)
    .await?;
    if requests_changes {
        if !matches!(issue.issue.status, Status::InReview | Status::ChangesRequested) {
            return Err(ReviewError::Closed(status_word(issue.issue.status)));
        }
        set_status(&txn, issue_id, Status::ChangesRequested, now).await?;
        let title = format!(
            "{} learning newsletter: {}",
            ctx.config.lab_name,
            issue.period_label(ctx.config.cadence)
        );
        for e in super::editors::all(&txn)
            .await?
            .into_iter()
            .filter(|e| e.id != author.id)
        {
            let mut mail = Email::new(
                EmailAddress::parse(&e.email).map_err(anyhow::Error::from)?,
                "newsletter_comment",
                "newsletter_comment",
                json!({
                    "name": e.name,
                    "author": author.name.clone().unwrap_or_else(|| author.email.clone()),
                    "title": title,
                    "comment": body.trim(),
                    "requests_changes": true,
                    "admin_url": ctx.config.url(&format!("/admin/issues/{issue_id}")),
                }),
            );
            mail.to_name = e.name.clone();
            ctx.queue_email(&txn, mail, now).await?;
        }
        tracing::info!(issue_id, editor = %author.email, "changes requested on the newsletter");
    }
    txn.commit().await?;
    ctx.wake_delivery();
    Ok(())
}

/// Replaces the introduction and section texts. Content that changed needs
/// approving again, so approvals are cleared and the issue is back in review.
pub async fn edit(
    ctx: &AppContext,
    issue_id: i64,
    introduction: &str,
    sections: &[(i64, String)],
    now: DateTime<Utc>,
) -> Result<(), ReviewError> {
    let txn = ctx.db.begin().await?;
    let issue = issues::get(&txn, issue_id)
        .await?
        .ok_or(ReviewError::NoIssue(issue_id))?;
    if !matches!(
        issue.issue.status,
        Status::InReview | Status::ChangesRequested | Status::Drafting
    ) {
        return Err(ReviewError::Closed(status_word(issue.issue.status)));
    }
    newsletter_issue::Entity::update_many()
        .col_expr(
            newsletter_issue::Column::Introduction,
            Expr::value(introduction.trim().replace("\r\n", "\n")),
        )
        .filter(newsletter_issue::Column::Id.eq(issue_id))
        .exec(&txn)
        .await?;
    for (section_id, body) in sections {
        newsletter_section::Entity::update_many()
            .col_expr(
                newsletter_section::Column::Body,
                Expr::value(body.trim().replace("\r\n", "\n")),
            )
            .filter(newsletter_section::Column::Id.eq(*section_id))
            .filter(newsletter_section::Column::IssueId.eq(issue_id))
            .exec(&txn)
            .await?;
    }
    approval::Entity::delete_many()
        .filter(approval::Column::IssueId.eq(issue_id))
        .exec(&txn)
        .await?;
    set_status(&txn, issue_id, Status::InReview, now).await?;
    txn.commit().await?;
    tracing::info!(issue_id, "newsletter draft edited; approvals cleared");
    Ok(())
}

async fn set_status(
    db: &impl sea_orm::ConnectionTrait,
    issue_id: i64,
    status: Status,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    newsletter_issue::Entity::update_many()
        .col_expr(newsletter_issue::Column::Status, Expr::value(status))
        .col_expr(newsletter_issue::Column::UpdatedAt, Expr::value(now))
        .filter(newsletter_issue::Column::Id.eq(issue_id))
        .exec(db)
        .await?;
    Ok(())
}
