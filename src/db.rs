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

/// For SQLite: copies the write-ahead log into the database file every 50 ms,
/// from a connection of its own, until `stop`. The one connection that writes then
/// seldom waits for a checkpoint's disk writes and flushes, which on a busy sign-up page
/// made for the slowest answers. A PASSIVE checkpoint never blocks that writer. Does
/// nothing on PostgreSQL.
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
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => break,
        }
        if *stop.borrow() {
            break;
        }
        if let Err(e) = sea_orm::sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&mut conn)
            .await
        {
            tracing::debug!(error = %e, "checkpoint skipped");
        }
    }
    let _ = sea_orm::sqlx::Connection::close(conn).await;
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("database migration failed")
}

/// True when the connection is PostgreSQL (some statements differ).
pub fn is_postgres(db: &impl sea_orm::ConnectionTrait) -> bool {
    db.get_database_backend() == DbBackend::Postgres
}
