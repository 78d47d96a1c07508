//! Group commit for web sign-ups: concurrent requests hand their prepared sign-up to
//! one writer task, which records whatever has gathered in one transaction. Under load
//! the batches grow by themselves; when quiet, a batch is a single sign-up.
use std::sync::Arc;

use chrono::Utc;
use futures_util::FutureExt;
use tokio::sync::{Mutex, mpsc, oneshot};

use super::signup::{Prepared, SignupOutcome, record};
use crate::context::AppContext;

/// The most sign-ups written in one transaction.
const MAX_BATCH: usize = 256;

struct Job {
    prepared: Prepared,
    reply: oneshot::Sender<Result<SignupOutcome, String>>,
}

/// The handle request handlers submit sign-ups to.
pub struct SignupQueue {
    tx: mpsc::Sender<Job>,
}

impl SignupQueue {
    /// Starts the writer tasks on the current runtime: one for SQLite (it has a single
    /// writer anyway), several for PostgreSQL so that one batch's commit overlaps the
    /// next batch's statements.
    pub fn start(ctx: AppContext) -> Self {
        let (tx, rx) = mpsc::channel::<Job>(4096);
        let rx = Arc::new(Mutex::new(rx));
        let writers = if crate::db::is_postgres(&ctx.db) { 4 } else { 1 };
        for _ in 0..writers {
            tokio::spawn(writer(ctx.clone(), rx.clone()));
        }
        SignupQueue { tx }
    }

    /// Records one sign-up (with whatever else is waiting) and returns its outcome.
    pub async fn submit(&self, prepared: Prepared) -> anyhow::Result<SignupOutcome> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Job { prepared, reply })
            .await
            .map_err(|_| anyhow::anyhow!("the sign-up writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the sign-up writer has stopped"))?
            .map_err(|e| anyhow::anyhow!("recording the sign-up failed: {e}"))
    }
}

/// Takes whatever sign-ups are waiting (up to [`MAX_BATCH`]) and records them together.
async fn writer(ctx: AppContext, rx: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let jobs = {
            let mut rx = rx.lock().await;
            let Some(first) = rx.recv().await else { return };
            let mut jobs = vec![first];
            while jobs.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(job) => jobs.push(job),
                    Err(_) => break,
                }
            }
            jobs
        };
        let (prepared, replies): (Vec<Prepared>, Vec<_>) = jobs.into_iter().map(|j| (j.prepared, j.reply)).unzip();
        // A bug in one batch must not stop sign-ups for good: its requests get an error
        // and the writer carries on.
        let result = std::panic::AssertUnwindSafe(record(&ctx, prepared, Utc::now()))
            .catch_unwind()
            .await;
        let result = result.unwrap_or_else(|_| Err(anyhow::anyhow!("the sign-up writer panicked")));
        match result {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                let msg = format!("{e:#}");
                tracing::error!(error = %msg, sign_ups = replies.len(), "could not record sign-ups");
                for reply in replies {
                    let _ = reply.send(Err(msg.clone()));
                }
            }
        }
    }
}
