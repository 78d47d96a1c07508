use chrono::{DateTime, Duration, Utc};
use entity::outbox::{self, Status};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Statement,
};

use crate::db::is_postgres;
use crate::mail::Composed;

/// How long a temporarily failing message is retried before it is recorded as failed.
pub const GIVE_UP_AFTER: Duration = Duration::days(3);

/// Records a composed message as queued; returns the row id.
pub async fn enqueue(db: &impl ConnectionTrait, c: &Composed, now: DateTime<Utc>) -> Result<i64, DbErr> {
    Ok(outbox::Entity::insert(new_row(c, now)).exec(db).await?.last_insert_id)
}

/// The row that queues a composed message (for callers inserting many at once).
pub fn new_row(c: &Composed, now: DateTime<Utc>) -> outbox::ActiveModel {
    outbox::ActiveModel {
        recipient: Set(c.recipient.clone()),
        purpose: Set(c.purpose.to_string()),
        message_id: Set(c.message_id.clone()),
        envelope_from: Set(c.envelope_from.clone()),
        body: Set(c.bytes.clone()),
        status: Set(Status::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
}

/// Claims up to `limit` rows that are due (queued and due, or `sending` with an
/// expired lease after a crash), marking them `sending` until `now + lease`.
///
/// On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several instances claim disjoint rows;
/// SQLite has a single writer, so the statement is atomic by itself.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    limit: u64,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Vec<outbox::Model>, DbErr> {
    let pg = is_postgres(db);
    let sql = format!(
        "UPDATE outbox SET status = 'sending', locked_until = {p1}, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM outbox \
           WHERE (status = 'queued' AND next_attempt_at <= {p2}) OR (status = 'sending' AND locked_until < {p2}) \
           ORDER BY next_attempt_at, id LIMIT {p3}{lock}) \
         RETURNING *",
        p1 = if pg { "$1" } else { "?" },
        p2 = if pg { "$2" } else { "?" },
        p3 = if pg { "$3" } else { "?" },
        lock = if pg { " FOR UPDATE SKIP LOCKED" } else { "" },
    );
    let values: Vec<sea_orm::Value> = if pg {
        vec![(now + lease).into(), now.into(), (limit as i64).into()]
    } else {
        vec![(now + lease).into(), now.into(), now.into(), (limit as i64).into()]
    };
    let stmt = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
    let mut rows = outbox::Model::find_by_statement(stmt).all(db).await?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// Records that the SMTP server accepted the message.
pub async fn mark_sent(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    outbox::ActiveModel {
        id: Set(id),
        status: Set(Status::Sent),
        sent_at: Set(Some(now)),
        locked_until: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Puts the message back in the queue after a temporary failure.
pub async fn mark_retry(db: &impl ConnectionTrait, id: i64, error: &str, next: DateTime<Utc>) -> Result<(), DbErr> {
    outbox::ActiveModel {
        id: Set(id),
        status: Set(Status::Queued),
        next_attempt_at: Set(next),
        locked_until: Set(None),
        last_error: Set(Some(error.to_string())),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Gives a claimed row back to the queue as it was (nothing was attempted).
pub async fn release(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, sea_orm::sea_query::Expr::value("queued"))
        .col_expr(
            outbox::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::Attempts,
            sea_orm::sea_query::Expr::col(outbox::Column::Attempts).sub(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a permanent failure with the server's answer.
pub async fn mark_failed(db: &impl ConnectionTrait, id: i64, error: &str) -> Result<(), DbErr> {
    outbox::ActiveModel {
        id: Set(id),
        status: Set(Status::Failed),
        locked_until: Set(None),
        last_error: Set(Some(error.to_string())),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// The wait before attempt `attempts + 1`: 30 s doubling each time, at most 2 hours,
/// with up to 10% jitter so that many failures do not retry in lock-step.
pub fn retry_delay(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 16) - 1;
    let secs = (30i64 << exp).min(7200);
    let jitter = (rand::random::<u64>() % (secs as u64 / 10 + 1)) as i64;
    Duration::seconds(secs + jitter)
}

/// Number of outbox rows per status.
pub async fn counts(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        status: String,
        n: i64,
    }
    let rows = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Status)
        .column_as(outbox::Column::Id.count(), "n")
        .group_by(outbox::Column::Status)
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.n)).collect())
}

/// Queued rows for a recipient (used by tests and the CLI).
pub async fn for_recipient(db: &impl ConnectionTrait, recipient: &str) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(recipient))
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_and_are_capped() {
        let secs: Vec<i64> = (1..=12).map(|a| retry_delay(a).num_seconds()).collect();
        for w in secs.windows(2) {
            assert!(w[1] >= w[0] || w[0] >= 7200, "{secs:?}");
        }
        assert!((30..=33).contains(&secs[0]), "{secs:?}");
        assert!(secs.iter().all(|s| *s <= 7920), "{secs:?}");
    }
}
