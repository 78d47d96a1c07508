//! Opening the database (SQLite file or PostgreSQL) and applying migrations.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::ConnectOptions;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{DatabaseConnection, DbBackend, SqlxPostgresConnector, SqlxSqliteConnector};

/// Opens the database named by `url`, creating a SQLite file if it does not exist.
///
/// SQLite gets one connection: every write is serialised anyway, and a single
/// connection avoids `SQLITE_BUSY` from deferred transactions upgrading to writes.
/// WAL with `synchronous=NORMAL` is durable across process crashes.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if url.starts_with("sqlite:") {
        let opts = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("bad SQLite URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            // `labloop serve` checkpoints from its own connection (see `checkpoints`),
            // so the connection that writes rarely stops to copy the WAL into the file
            // and wait for the disk; this is the backstop when nothing else does.
            .pragma("wal_autocheckpoint", "8000")
            .disable_statement_logging();
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            // The one connection is our own open file: no need to ping it before use.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30))
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(opts)
            .await
            .with_context(|| format!("cannot open SQLite database {url}"))?;
        Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
    } else {
        let opts = PgConnectOptions::from_str(url)
            .context("bad PostgreSQL URL")?
            .disable_statement_logging();
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .min_connections(1)
            // sqlx pings a connection before every use by default: a second round trip
            // for each statement or transaction, which halved the rate of sign-ups and
            // newsletter sends. A connection the server has dropped fails its next
            // statement instead (that request gets an error, the work is retried) and
            // is replaced.
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts)
            .await
            .context("cannot connect to PostgreSQL")?;
        Ok(SqlxPostgresConnector::from_sqlx_postgres_pool(pool))
    }
}

/// The pause between checkpoints while sign-ups (or anything else) are being written.
const CHECKPOINT_BUSY: Duration = Duration::from_millis(2);
/// The longest pause, reached by doubling once nothing new has come into the log for
/// [`CHECKPOINT_QUIET`] checks in a row (a busy page commits every few milliseconds,
/// not every 2).
const CHECKPOINT_IDLE: Duration = Duration::from_millis(500);
const CHECKPOINT_QUIET: u32 = 50;

/// For SQLite: copies the write-ahead log into the database file from a connection of
/// its own, until `stop`. The one connection that writes then seldom waits for a
/// checkpoint's disk writes and flushes. A PASSIVE checkpoint never blocks that writer.
///
/// While there is new log it checkpoints every 2 ms: many small checkpoints each flush
/// little, so a write that has to wait for one waits briefly. Measured on a busy
/// sign-up page (bench/RESULTS.md), a checkpoint every 50 ms gave a p99 of 25-31 ms,
/// every 10 ms 16 ms, every 2 ms 8 ms. When a checkpoint finds nothing new the pause
/// doubles (after 100 ms without any), up to half a second, so an idle server does not spin. Does nothing on
/// PostgreSQL.
pub async fn checkpoints(url: &str, mut stop: tokio::sync::watch::Receiver<bool>) {
    if !url.starts_with("sqlite:") {
        return;
    }
    let opts = match SqliteConnectOptions::from_str(url) {
        Ok(o) => o.busy_timeout(Duration::from_secs(1)).disable_statement_logging(),
        Err(_) => return,
    };
    let mut conn = match opts.connect().await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "no checkpoint connection; SQLite checkpoints as it writes");
            return;
        }
    };
    let mut pause = CHECKPOINT_BUSY;
    let mut quiet = 0;
    let mut last = (0, 0);
    loop {
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
        // (busy, frames in the log, frames copied into the database so far)
        match sea_orm::sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut conn)
            .await
        {
            Ok((_, log, copied)) => {
                // New frames, frames copied, or a log started afresh: writes happened.
                quiet = if (log, copied) == last { quiet + 1 } else { 0 };
                pause = next_pause(pause, quiet);
                last = (log, copied);
            }
            Err(e) => {
                tracing::debug!(error = %e, "checkpoint skipped");
                quiet += 1;
                pause = next_pause(pause, quiet);
            }
        }
    }
    let _ = sea_orm::sqlx::Connection::close(conn).await;
}

/// The pause before the next checkpoint, after `quiet` checks in a row that found
/// the log unchanged: short while it changes, then doubling up to [`CHECKPOINT_IDLE`].
fn next_pause(pause: Duration, quiet: u32) -> Duration {
    if quiet < CHECKPOINT_QUIET {
        CHECKPOINT_BUSY
    } else {
        (pause * 2).min(CHECKPOINT_IDLE)
    }
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("database migration failed")
}

/// True when the connection is PostgreSQL (some statements differ).
pub fn is_postgres(db: &impl sea_orm::ConnectionTrait) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_come_quickly_while_writing_and_back_off_when_idle() {
        assert_eq!(next_pause(CHECKPOINT_IDLE, 0), CHECKPOINT_BUSY);
        let mut pause = CHECKPOINT_BUSY;
        let mut pauses = Vec::new();
        for quiet in 1..=CHECKPOINT_QUIET + 9 {
            pause = next_pause(pause, quiet);
            pauses.push(pause.as_millis());
        }
        let (busy, backing_off) = pauses.split_at(CHECKPOINT_QUIET as usize - 1);
        assert!(busy.iter().all(|&p| p == 2), "{busy:?}");
        assert_eq!(backing_off, [4, 8, 16, 32, 64, 128, 256, 500, 500, 500]);
    }
}
