//! The `newsletter-draft` job: the issue for the period just ended, assembled from
//! the teams' cycle records, and a review email to every editor.
use chrono::{DateTime, Utc};
use entity::newsletter_issue::{self, Status};
use entity::{cycle, newsletter_section, team};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, TryInsertResult};
use serde_json::json;

use super::issues::{self, Issue};
use super::{editors, render};
use crate::config::Cadence;
use crate::context::AppContext;
use crate::cycles::Period;
use crate::cycles::records::{RecordView, decision_str, for_cycle, measure_line};
use crate::domain::EmailAddress;
use crate::mail::Email;
use crate::tokens::Purpose;

/// What the job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftOutcome {
    /// A new issue, with this many sections and review emails.
    Drafted {
        issue_id: i64,
        sections: usize,
        with_records: usize,
        review_emails: usize,
    },
    /// The period already has an issue.
    AlreadyDrafted { issue_id: i64 },
}

impl std::fmt::Display for DraftOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DraftOutcome::Drafted {
                issue_id,
                sections,
                with_records,
                review_emails,
            } => write!(
                f,
                "drafted issue {issue_id}: {sections} team sections ({with_records} with an update), {review_emails} review emails"
            ),
            DraftOutcome::AlreadyDrafted { issue_id } => {
                write!(f, "issue {issue_id} was already drafted for this period")
            }
        }
    }
}

/// The period a draft made at `now` is about: the one that has just ended.
pub fn period_for(now: DateTime<Utc>, ctx: &AppContext) -> Period {
    Period::containing(now, ctx.config.timezone, ctx.config.cadence).previous(ctx.config.cadence)
}

fn slug(p: Period, cadence: Cadence) -> String {
    match cadence {
        Cadence::Monthly => p.start.format("%Y-%m").to_string(),
        Cadence::Weekly => p.start.format("%Y-%m-%d").to_string(),
    }
}

/// The section text for a team's record (editors may rewrite it).
pub fn section_body(r: &RecordView) -> String {
    let f = r.fields();
    let mut lines = Vec::new();
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(c) = &f.change {
        lines.push(format!("What they tested: {}", one_line(c)));
    }
    if let Some(l) = &f.learning {
        lines.push(format!("What they learned: {}", one_line(l)));
    }
    match (f.decision, &f.next_steps) {
        (Some(d), Some(n)) => lines.push(format!(
            "Decision: {}. Next: {}",
            capitalise(decision_str(d)),
            one_line(n)
        )),
        (Some(d), None) => lines.push(format!("Decision: {}", capitalise(decision_str(d)))),
        (None, Some(n)) => lines.push(format!("Next: {}", one_line(n))),
        (None, None) => {}
    }
    let measures: Vec<String> = f.measures.iter().take(2).map(measure_line).collect();
    if !measures.is_empty() {
        lines.push(format!("Measures: {}", measures.join("; ")));
    }
    if lines.is_empty()
        && let Some(text) = &r.record.reply_text
    {
        lines.push(one_line(text));
    }
    lines.join("\n")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `newsletter-draft`: makes the issue for the period just ended (once), then sends
/// each editor a review email.
pub async fn draft(ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<DraftOutcome> {
    let period = period_for(now, ctx);
    let txn = ctx.db.begin().await?;
    let inserted = newsletter_issue::Entity::insert(newsletter_issue::ActiveModel {
        period_start: Set(period.start),
        period_end: Set(period.end),
        slug: Set(slug(period, ctx.config.cadence)),
        status: Set(Status::Drafting),
        introduction: Set(format!(
            "What our test teams tried in {}, what happened and what they learned.",
            period.label(ctx.config.cadence)
        )),
        created_at: Set(now),
        updated_at: Set(now),
        total: Set(0),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(newsletter_issue::Column::PeriodStart)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(&txn)
    .await?;
    let issue = issues::for_period(&txn, period.start)
        .await?
        .ok_or_else(|| anyhow::anyhow!("issue just drafted is missing"))?;
    if !matches!(inserted, TryInsertResult::Inserted(_)) {
        return Ok(DraftOutcome::AlreadyDrafted { issue_id: issue.id });
    }
    // Every team that existed by the end of the period, by name.
    let period_end = period.end.and_hms_opt(23, 59, 59).map(|t| t.and_utc()).unwrap_or(now);
    let teams = team::Entity::find()
        .filter(team::Column::CreatedAt.lte(period_end))
        .order_by_asc(team::Column::Name)
        .all(&txn)
        .await?;
    let mut sections = Vec::new();
    let mut with_records = 0;
    for (i, t) in teams.iter().enumerate() {
        let c = cycle::Entity::find()
            .filter(cycle::Column::TeamId.eq(t.id))
            .filter(cycle::Column::PeriodStart.eq(period.start))
            .one(&txn)
            .await?;
        let record = match c {
            Some(c) => for_cycle(&txn, c.id).await?,
            None => None,
        };
        with_records += usize::from(record.is_some());
        sections.push(newsletter_section::ActiveModel {
            issue_id: Set(issue.id),
            team_id: Set(Some(t.id)),
            position: Set(i as i32),
            team_name: Set(t.name.clone()),
            body: Set(record.as_ref().map(section_body).unwrap_or_default()),
            needs_review: Set(record.as_ref().is_some_and(|r| r.needs_review)),
            has_record: Set(record.is_some()),
            ..Default::default()
        });
    }
    let section_count = sections.len();
    if !sections.is_empty() {
        newsletter_section::Entity::insert_many(sections)
            .exec_without_returning(&txn)
            .await?;
    }
    newsletter_issue::Entity::update_many()
        .col_expr(
            newsletter_issue::Column::Status,
            sea_orm::sea_query::Expr::value(Status::InReview),
        )
        .filter(newsletter_issue::Column::Id.eq(issue.id))
        .exec(&txn)
        .await?;
    let issue = issues::get(&txn, issue.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("issue missing"))?;
    let review_emails = send_review_emails(ctx, &txn, &issue, now).await?;
    txn.commit().await?;
    ctx.wake_delivery();
    tracing::info!(
        issue_id = issue.issue.id,
        sections = section_count,
        with_records,
        review_emails,
        "newsletter drafted"
    );
    Ok(DraftOutcome::Drafted {
        issue_id: issue.issue.id,
        sections: section_count,
        with_records,
        review_emails,
    })
}

/// The address an editor's reply to a review email goes to: `+n.<token>`.
pub fn review_token(ctx: &AppContext, issue_id: i64, editor_id: i64) -> String {
    ctx.signer
        .sign(Purpose::Review, &[issue_id as u64, editor_id as u64], None)
}

async fn send_review_emails(
    ctx: &AppContext,
    db: &impl sea_orm::ConnectionTrait,
    issue: &Issue,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let rendered = render::render(ctx, issue, None)?;
    let flagged = issue.sections.iter().filter(|s| s.needs_review).count();
    let all = editors::all(db).await?;
    for e in &all {
        let token = review_token(ctx, issue.issue.id, e.id);
        let mut mail = Email::new(
            EmailAddress::parse(&e.email)?,
            "newsletter_review",
            "newsletter_review",
            json!({
                "name": e.name,
                "title": format!("{} learning newsletter: {}", ctx.config.lab_name, issue.period_label(ctx.config.cadence)),
                "flagged": flagged,
                "approve_url": ctx.config.url(&format!("/newsletter/review/{token}")),
                "admin_url": ctx.config.url(&format!("/admin/issues/{}", issue.issue.id)),
                "draft_text": rendered.text,
            }),
        );
        mail.to_name = e.name.clone();
        mail.reply_to = Some(ctx.config.inbound_address.with_tag(&format!("n.{token}")));
        ctx.queue_email(db, mail, now).await?;
    }
    if all.is_empty() {
        tracing::warn!(
            issue_id = issue.issue.id,
            "newsletter drafted but there are no editors to review it (labloop editor add EMAIL)"
        );
    }
    Ok(all.len())
}
