//! Recording each delivery's result: senders hand their results to one writer task,
//! which stores whatever has gathered in one statement and then tells each sender,
//! so a sender never takes its next message before its last one is on record.
use chrono::{DateTime, Utc};
use entity::delivery;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use tokio::sync::{mpsc, oneshot};

use super::Claimed;
use crate::db::is_postgres;
use crate::outbox::{SendError, retry_delay};

pub(super) type Mark = (Claimed, Result<(), SendError>, oneshot::Sender<anyhow::Result<()>>);

/// Records send results in small batches: every sender waiting at the same moment
/// shares one UPDATE, and each is told once its result is stored.
pub(super) fn mark_writer(db: sea_orm::DatabaseConnection) -> (mpsc::Sender<Mark>, tokio::task::JoinHandle<()>) {
    let (tx, mut rx) = mpsc::channel::<Mark>(256);
    let handle = tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            let mut marks = vec![first];
            while let Ok(m) = rx.try_recv() {
                marks.push(m);
            }
            let outcome = record(&db, &marks).await;
            for (_, _, ack) in marks {
                let _ = ack.send(outcome.as_ref().map(|_| ()).map_err(|e| anyhow::anyhow!("{e:#}")));
            }
        }
    });
    (tx, handle)
}

async fn record(db: &sea_orm::DatabaseConnection, marks: &[Mark]) -> anyhow::Result<()> {
    let now = Utc::now();
    let sent: Vec<i64> = marks
        .iter()
        .filter(|(_, r, _)| r.is_ok())
        .map(|(d, _, _)| d.id)
        .collect();
    if !sent.is_empty() {
        mark_sent(db, &sent, now).await?;
    }
    for (d, r, _) in marks {
        match r {
            Ok(()) => {}
            Err(SendError::Temporary(e)) => {
                let next = now + retry_delay(d.attempts);
                unlock(db, d.id, "queued", Some(next), e).await?;
                tracing::warn!(delivery_id = d.id, to = %d.email, error = %e, next_attempt = %next, "newsletter delivery failed, will retry");
            }
            Err(SendError::Permanent(e)) => {
                let bounced = crate::outbox::is_mailbox_rejection(e);
                unlock(db, d.id, if bounced { "bounced" } else { "failed" }, None, e).await?;
                if bounced {
                    crate::bounces::record_hard_bounce(db, &d.email, e).await?;
                }
                tracing::error!(delivery_id = d.id, to = %d.email, error = %e, "newsletter delivery refused");
            }
        }
    }
    Ok(())
}

/// Ends a delivery's attempt that did not succeed: its new status, when to try again
/// (for a retry), the server's answer, and the lease released.
async fn unlock(
    db: &sea_orm::DatabaseConnection,
    id: i64,
    status: &str,
    next_attempt: Option<DateTime<Utc>>,
    error: &str,
) -> Result<(), DbErr> {
    let mut update = delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value(status))
        .col_expr(
            delivery::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(delivery::Column::LastError, Expr::value(Some(error.to_string())));
    if let Some(next) = next_attempt {
        update = update.col_expr(delivery::Column::NextAttemptAt, Expr::value(next));
    }
    update.filter(delivery::Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// Marks deliveries sent. On PostgreSQL this is one round trip, and its commit need
/// not wait for the disk: if labloop dies, PostgreSQL still has it; only a crash of
/// the database server itself could lose the last fraction of a second of marks, and
/// those messages would go out again. Waiting for the disk on every batch of results
/// would cap a send at a few hundred messages a second.
async fn mark_sent(db: &sea_orm::DatabaseConnection, ids: &[i64], now: DateTime<Utc>) -> Result<(), DbErr> {
    if is_postgres(db) {
        // Statements sent together run as one implicit transaction, which SET LOCAL
        // applies to and an error rolls back whole. Only integers and a timestamp we
        // formatted go into the text.
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SET LOCAL synchronous_commit TO OFF; \
             UPDATE deliveries SET status = 'sent', sent_at = '{}', locked_until = NULL WHERE id IN ({})",
            now.to_rfc3339(),
            list.join(",")
        );
        db.execute_unprepared(&sql).await?;
        return Ok(());
    }
    delivery::Entity::update_many()
        .col_expr(delivery::Column::Status, Expr::value("sent"))
        .col_expr(delivery::Column::SentAt, Expr::value(Some(now)))
        .col_expr(
            delivery::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(delivery::Column::Id.is_in(ids.to_vec()))
        .exec(db)
        .await?;
    Ok(())
}
