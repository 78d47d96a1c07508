//! Sending an approved issue to every subscriber confirmed at that moment, at the
//! configured rate, crash-safe.
//!
//! Approval writes one `deliveries` row per recipient in a single INSERT … SELECT, so
//! the audience is never loaded into memory. Senders then claim small batches of
//! rows (leased, `FOR UPDATE SKIP LOCKED` on PostgreSQL so instances share the work),
//! hand each message to SMTP, and record each result before taking the next message.
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use entity::newsletter_issue::{self, Status};
use entity::{delivery, subscriber};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, Statement};
use tokio::sync::{Notify, mpsc, oneshot};

mod results;

use self::results::{Mark, mark_writer};
use super::issues;
use super::render::Prepared;
use crate::context::AppContext;
use crate::db::is_postgres;
use crate::outbox::{GIVE_UP_AFTER, RateLimiter, SendError, Transport};

/// How long a claimed delivery stays with the sender that claimed it. After a crash,
/// unsent claimed rows go out once this has passed.
const LEASE: Duration = Duration::seconds(30);

/// Starts the send: one queued delivery per subscriber confirmed now. Returns how
/// many. Call inside the approval's transaction.
pub async fn start(db: &impl ConnectionTrait, issue_id: i64, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let pg = is_postgres(db);
    let p = |n: usize| if pg { format!("${n}") } else { "?".to_string() };
    let sql = format!(
        "INSERT INTO deliveries (issue_id, subscriber_id, email, status, attempts, next_attempt_at) \
         SELECT {}, id, email, 'queued', 0, {} FROM subscribers WHERE status = 'confirmed' \
         ON CONFLICT (issue_id, subscriber_id) DO NOTHING",
        p(1),
        p(2)
    );
    let r = db
        .execute(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [issue_id.into(), now.into()],
        ))
        .await?;
    newsletter_issue::Entity::update_many()
        .col_expr(newsletter_issue::Column::Status, Expr::value(Status::Sending))
        .col_expr(newsletter_issue::Column::ApprovedAt, Expr::value(Some(now)))
        .col_expr(newsletter_issue::Column::SendingStartedAt, Expr::value(Some(now)))
        .col_expr(newsletter_issue::Column::UpdatedAt, Expr::value(now))
        .col_expr(newsletter_issue::Column::Total, Expr::value(r.rows_affected() as i64))
        .filter(newsletter_issue::Column::Id.eq(issue_id))
        .exec(db)
        .await?;
    tracing::info!(issue_id, recipients = r.rows_affected(), "newsletter send started");
    Ok(r.rows_affected())
}

/// A claimed delivery.
#[derive(Debug, Clone, FromQueryResult)]
struct Claimed {
    id: i64,
    issue_id: i64,
    subscriber_id: i64,
    email: String,
    attempts: i32,
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// The newsletter sender.
#[derive(Clone)]
pub struct Sender {
    pub ctx: AppContext,
    pub transport: Arc<Transport>,
    pub limiter: Arc<RateLimiter>,
    /// Messages handed to SMTP at once (the pool size).
    pub concurrency: usize,
    pub wake: Arc<Notify>,
}

impl Sender {
    /// How many deliveries to claim at once: a few per connection, and no more than
    /// ten seconds' worth at the configured rate, so a lease never runs out mid-batch.
    fn batch_size(&self) -> u64 {
        let per_pool = (self.concurrency * 128) as u64;
        match self.ctx.config.send_rate {
            r if r > 0.0 => ((r * 10.0) as u64).clamp(1, per_pool),
            _ => per_pool,
        }
    }

    /// Sends everything due at `now`, then marks finished issues sent.
    pub async fn run_once(&self, now: DateTime<Utc>) -> anyhow::Result<SendReport> {
        let (_keep, never) = tokio::sync::watch::channel(false);
        self.run_pass(now, &never).await
    }

    async fn run_pass(
        &self,
        now: DateTime<Utc>,
        stop: &tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<SendReport> {
        let mut report = SendReport::default();
        let mut prepared: Vec<(i64, Arc<Prepared>)> = Vec::new();
        loop {
            if *stop.borrow() {
                break;
            }
            let batch = claim(&self.ctx.db, self.batch_size(), now).await?;
            if batch.is_empty() {
                break;
            }
            let batch = skip_departed(&self.ctx.db, batch, &mut report).await?;
            for issue_id in batch.iter().map(|d| d.issue_id) {
                if !prepared.iter().any(|(id, _)| *id == issue_id) {
                    let issue = issues::get(&self.ctx.db, issue_id)
                        .await?
                        .ok_or_else(|| anyhow::anyhow!("issue {issue_id} is gone"))?;
                    prepared.push((issue_id, Arc::new(Prepared::new(&self.ctx, &issue)?)));
                }
            }
            self.send_batch(batch, &prepared, now, stop, &mut report).await?;
        }
        finish_issues(&self.ctx, now).await?;
        Ok(report)
    }

    async fn send_batch(
        &self,
        batch: Vec<Claimed>,
        prepared: &[(i64, Arc<Prepared>)],
        now: DateTime<Utc>,
        stop: &tokio::sync::watch::Receiver<bool>,
        report: &mut SendReport,
    ) -> anyhow::Result<()> {
        let queue = Arc::new(Mutex::new(VecDeque::from(batch)));
        let prepared: Arc<Vec<(i64, Arc<Prepared>)>> = Arc::new(prepared.to_vec());
        let (marks, marker) = mark_writer(self.ctx.db.clone());
        // One task per SMTP connection, so sends run on every core.
        let workers: Vec<_> = (0..self.concurrency.max(1))
            .map(|_| {
                tokio::spawn(
                    self.clone()
                        .worker(queue.clone(), prepared.clone(), marks.clone(), stop.clone(), now),
                )
            })
            .collect();
        drop(marks);
        let mut first_error = None;
        for w in workers {
            match w.await {
                Ok(Ok(r)) => {
                    report.sent += r.sent;
                    report.retried += r.retried;
                    report.failed += r.failed;
                }
                Ok(Err(e)) => first_error = first_error.or(Some(e)),
                Err(e) => first_error = first_error.or(Some(anyhow::anyhow!("a sender task failed: {e}"))),
            }
        }
        marker
            .await
            .map_err(|e| anyhow::anyhow!("delivery recorder failed: {e}"))?;
        // Whatever a stop (or an error) left in the queue goes back, untouched.
        let left: Vec<i64> = queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
            .map(|d| d.id)
            .collect();
        if !left.is_empty() {
            release(&self.ctx.db, &left).await?;
        }
        first_error.map_or(Ok(()), Err)
    }

    /// One sender: takes the next delivery, hands it to SMTP, records the result, and
    /// only then takes the next.
    async fn worker(
        self,
        queue: Arc<Mutex<VecDeque<Claimed>>>,
        prepared: Arc<Vec<(i64, Arc<Prepared>)>>,
        marks: mpsc::Sender<Mark>,
        stop: tokio::sync::watch::Receiver<bool>,
        now: DateTime<Utc>,
    ) -> anyhow::Result<SendReport> {
        let mut local = SendReport::default();
        loop {
            if *stop.borrow() {
                break;
            }
            let Some(d) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() else {
                break;
            };
            let Some((_, prep)) = prepared.iter().find(|(id, _)| *id == d.issue_id) else {
                continue;
            };
            self.limiter.acquire().await;
            let (envelope_from, bytes) = prep.message(&self.ctx, &d.email, d.subscriber_id);
            let result = match self.transport.send(&envelope_from, &d.email, &bytes).await {
                Err(SendError::Temporary(e)) if prep.sending_for(now) >= GIVE_UP_AFTER => Err(SendError::Permanent(
                    format!("gave up after {} attempts over 3 days: {e}", d.attempts),
                )),
                other => other,
            };
            // The result is written before this sender takes its next message: a crash
            // can only leave unrecorded the one message each sender has in flight, so
            // at most `concurrency` (the SMTP pool size) copies are ever sent twice.
            // Claimed rows not yet sent are claimed again after the lease and go out once.
            let (ack, acked) = oneshot::channel();
            if marks.send((d.clone(), result.clone(), ack)).await.is_err() {
                return Err(anyhow::anyhow!("the delivery recorder stopped"));
            }
            acked
                .await
                .map_err(|_| anyhow::anyhow!("the delivery recorder stopped"))??;
            match result {
                Ok(()) => local.sent += 1,
                Err(SendError::Temporary(_)) => local.retried += 1,
                Err(SendError::Permanent(_)) => local.failed += 1,
            }
        }
        Ok(local)
    }

    /// Runs until `shutdown`: a pass when woken by an approval, and every few seconds.
    pub async fn run(self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        loop {
            match self.run_pass(Utc::now(), &shutdown).await {
                Ok(r) if r.sent + r.failed + r.retried > 0 => {
                    tracing::info!(
                        sent = r.sent,
                        retried = r.retried,
                        failed = r.failed,
                        skipped = r.skipped,
                        "newsletter pass"
                    )
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = format!("{e:#}"), "newsletter pass failed"),
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// Claims up to `limit` due deliveries (queued and due, or leased by a sender that
/// has gone), leasing them to this sender.
async fn claim(db: &impl ConnectionTrait, limit: u64, now: DateTime<Utc>) -> Result<Vec<Claimed>, DbErr> {
    let pg = is_postgres(db);
    let sql = if pg {
        "UPDATE deliveries SET status = 'sending', locked_until = $1, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM deliveries \
           WHERE (status = 'queued' AND next_attempt_at <= $2) OR (status = 'sending' AND locked_until < $2) \
           ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
         RETURNING id, issue_id, subscriber_id, email, attempts"
    } else {
        "UPDATE deliveries SET status = 'sending', locked_until = ?, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM deliveries \
           WHERE (status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND locked_until < ?) \
           ORDER BY id LIMIT ?) \
         RETURNING id, issue_id, subscriber_id, email, attempts"
    };
    let values: Vec<sea_orm::Value> = if pg {
        vec![(now + LEASE).into(), now.into(), (limit as i64).into()]
    } else {
        vec![(now + LEASE).into(), now.into(), now.into(), (limit as i64).into()]
    };
    let mut rows = Claimed::find_by_statement(Statement::from_sql_and_values(db.get_database_backend(), sql, values))
        .all(db)
        .await?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Drops (as "skipped") deliveries to people who left after the send started.
async fn skip_departed(
    db: &impl ConnectionTrait,
    batch: Vec<Claimed>,
    report: &mut SendReport,
) -> Result<Vec<Claimed>, DbErr> {
    let ids: Vec<i64> = batch.iter().map(|d| d.subscriber_id).collect();
    let still: Vec<i64> = subscriber::Entity::find()
        .filter(subscriber::Column::Id.is_in(ids))
        .filter(subscriber::Column::Status.eq(subscriber::Status::Confirmed))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let (keep, gone): (Vec<Claimed>, Vec<Claimed>) = batch.into_iter().partition(|d| still.contains(&d.subscriber_id));
    if !gone.is_empty() {
        report.skipped += gone.len();
        delivery::Entity::update_many()
            .col_expr(delivery::Column::Status, Expr::value("skipped"))
            .col_expr(
                delivery::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                delivery::Column::LastError,
                Expr::value(Some("no longer subscribed when its turn came")),
            )
            .filter(delivery::Column::Id.is_in(gone.iter().map(|d| d.id).collect::<Vec<_>>()))
            .exec(db)
            .await?;
    }
    Ok(keep)
}

async fn release(db: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value("queued"))
        .col_expr(
            delivery::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(delivery::Column::Attempts, Expr::col(delivery::Column::Attempts).sub(1))
        .filter(delivery::Column::Id.is_in(ids.to_vec()))
        .filter(delivery::Column::Status.eq("sending"))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks issues whose every delivery has ended as sent (they then appear in the archive).
async fn finish_issues(ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<()> {
    let sending = newsletter_issue::Entity::find()
        .filter(newsletter_issue::Column::Status.eq(Status::Sending))
        .all(&ctx.db)
        .await?;
    for issue in sending {
        let p = issues::progress(&ctx.db, issue.id).await?;
        if p.queued + p.sending == 0 {
            newsletter_issue::Entity::update_many()
                .col_expr(newsletter_issue::Column::Status, Expr::value(Status::Sent))
                .col_expr(newsletter_issue::Column::SentAt, Expr::value(Some(now)))
                .filter(newsletter_issue::Column::Id.eq(issue.id))
                .filter(newsletter_issue::Column::Status.eq(Status::Sending))
                .exec(&ctx.db)
                .await?;
            tracing::info!(
                issue_id = issue.id,
                sent = p.sent,
                failed = p.failed,
                bounced = p.bounced,
                skipped = p.skipped,
                "newsletter sent"
            );
        }
    }
    Ok(())
}
