use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use super::queue::release;
use super::{
    GIVE_UP_AFTER, RateLimiter, SendError, Transport, claim_due, mark_failed, mark_retry, mark_sent, retry_delay,
};

/// How long a claimed message stays ours before another worker may take it over.
const LEASE: Duration = Duration::minutes(10);

/// The delivery worker: claims due outbox rows and hands them to the transport.
#[derive(Clone)]
pub struct Delivery {
    pub db: DatabaseConnection,
    pub transport: Arc<Transport>,
    pub limiter: Arc<RateLimiter>,
    /// Messages handed to the transport at once (the SMTP pool size).
    pub concurrency: usize,
    /// Woken whenever this process queues a message, so it goes out at once.
    pub wake: Arc<Notify>,
}

/// What one delivery pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryReport {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

enum Outcome {
    Deferred,
    Sent,
    Retried,
    Failed,
}

impl Delivery {
    /// Delivers everything that is due at `now`, then returns what happened.
    pub async fn run_once(&self, now: DateTime<Utc>) -> anyhow::Result<DeliveryReport> {
        let (_keep, never) = tokio::sync::watch::channel(false);
        self.run_pass(now, &never).await
    }

    /// Like [`Delivery::run_once`], but stops claiming new messages once `stop` is set
    /// (messages already handed to the transport finish first).
    async fn run_pass(
        &self,
        now: DateTime<Utc>,
        stop: &tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<DeliveryReport> {
        let mut report = DeliveryReport::default();
        loop {
            if *stop.borrow() {
                return Ok(report);
            }
            let batch = claim_due(&self.db, (self.concurrency * 4) as u64, now, LEASE).await?;
            if batch.is_empty() {
                return Ok(report);
            }
            let outcomes: Vec<anyhow::Result<Outcome>> = futures_util::stream::iter(batch)
                .map(|row| self.deliver(row, now, stop))
                .buffer_unordered(self.concurrency.max(1))
                .collect()
                .await;
            for o in outcomes {
                match o? {
                    Outcome::Deferred => {}
                    Outcome::Sent => report.sent += 1,
                    Outcome::Retried => report.retried += 1,
                    Outcome::Failed => report.failed += 1,
                }
            }
        }
    }

    async fn deliver(
        &self,
        row: entity::outbox::Model,
        now: DateTime<Utc>,
        stop: &tokio::sync::watch::Receiver<bool>,
    ) -> anyhow::Result<Outcome> {
        let mut watch = stop.clone();
        let stopping = tokio::select! {
            _ = self.limiter.acquire() => *stop.borrow(),
            _ = watch.wait_for(|s| *s) => true,
        };
        if stopping {
            // Shutting down before this message was handed over: give it back untouched.
            release(&self.db, row.id).await?;
            return Ok(Outcome::Deferred);
        }
        match self.transport.send(&row.envelope_from, &row.recipient, &row.body).await {
            Ok(()) => {
                mark_sent(&self.db, row.id, Utc::now()).await?;
                tracing::info!(outbox_id = row.id, to = %row.recipient, purpose = %row.purpose, "email sent");
                Ok(Outcome::Sent)
            }
            Err(SendError::Temporary(e)) if now - row.created_at < GIVE_UP_AFTER => {
                let next = now + retry_delay(row.attempts);
                mark_retry(&self.db, row.id, &e, next).await?;
                tracing::warn!(outbox_id = row.id, to = %row.recipient, attempt = row.attempts, next_attempt = %next, error = %e, "email delivery failed, will retry");
                Ok(Outcome::Retried)
            }
            Err(e) => {
                let reason = match &e {
                    SendError::Temporary(m) => {
                        format!("gave up after {} attempts over 3 days: {m}", row.attempts)
                    }
                    SendError::Permanent(m) => m.clone(),
                };
                mark_failed(&self.db, row.id, &reason).await?;
                tracing::error!(outbox_id = row.id, to = %row.recipient, purpose = %row.purpose, error = %reason, "email delivery failed permanently");
                if let SendError::Permanent(m) = &e
                    && is_mailbox_rejection(m)
                {
                    crate::bounces::record_hard_bounce(&self.db, &row.recipient, m).await?;
                }
                Ok(Outcome::Failed)
            }
        }
    }

    /// Runs until `shutdown` fires: a pass whenever woken, and at least every few
    /// seconds (other instances may have queued mail, and retries come due).
    pub async fn run(self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        loop {
            if let Err(e) = self.run_pass(Utc::now(), &shutdown).await {
                tracing::error!(error = format!("{e:#}"), "delivery pass failed");
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// A 5xx that says the mailbox itself is the problem (unknown user, mailbox unavailable),
/// as opposed to a policy or relay refusal.
pub fn is_mailbox_rejection(answer: &str) -> bool {
    // 5.7.x is policy (spam, authentication), not the mailbox.
    if answer.contains("5.7.") {
        return false;
    }
    answer.contains("550") || answer.contains("551") || answer.contains("553") || answer.contains("5.1.")
}
