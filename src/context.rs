//! The handle every part of labloop works through: database, configuration, signer,
//! mailer. HTTP handlers, jobs and CLI commands all take an [`AppContext`].

use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};
use tokio::sync::Notify;

use crate::config::Config;
use crate::mail::{Composed, Email, Mailer, Templates};
use crate::tokens::Signer;

/// Shared state of a running labloop (cheap to clone).
#[derive(Clone)]
pub struct AppContext {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub signer: Signer,
    pub mailer: Mailer,
    /// Wakes the delivery worker when mail is queued.
    pub outbox_wake: Arc<Notify>,
    /// Wakes the newsletter sender when an issue is approved.
    pub newsletter_wake: Arc<Notify>,
}

impl AppContext {
    /// Opens the database, applies migrations, loads the secret and the templates.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = crate::db::connect(&config.database_url).await?;
        crate::db::migrate(&db).await?;
        let secret = match &config.secret {
            Some(s) => s.clone(),
            None => stored_secret(&db).await?,
        };
        let signer = Signer::new(&secret);
        let templates = Arc::new(Templates::load(config.templates_dir.as_deref())?);
        let mailer = Mailer::new(&config, templates, signer.clone());
        Ok(AppContext {
            db,
            config: Arc::new(config),
            signer,
            mailer,
            outbox_wake: Arc::new(Notify::new()),
            newsletter_wake: Arc::new(Notify::new()),
        })
    }

    /// Composes `email` (for callers that enqueue it inside their own transaction).
    pub fn compose(&self, email: Email) -> anyhow::Result<Composed> {
        self.mailer.compose(email)
    }

    /// Composes and queues `email` on `conn`; the worker is woken when it commits.
    pub async fn queue_email(
        &self,
        conn: &impl sea_orm::ConnectionTrait,
        email: Email,
        now: DateTime<Utc>,
    ) -> anyhow::Result<i64> {
        let composed = self.compose(email)?;
        let id = crate::outbox::enqueue(conn, &composed, now).await?;
        Ok(id)
    }

    /// Tells the delivery worker that mail is waiting (call after the commit).
    pub fn wake_delivery(&self) {
        self.outbox_wake.notify_one();
    }
}

/// The secret stored in the database, generated on first use. Two instances starting
/// together on PostgreSQL agree, because the insert that loses is ignored and both
/// read back the winner.
async fn stored_secret(db: &DatabaseConnection) -> anyhow::Result<String> {
    use entity::setting;
    if let Some(row) = setting::Entity::find_by_id("secret").one(db).await? {
        return Ok(row.value);
    }
    let generated: String = (0..48)
        .map(|_| char::from(b"abcdefghijklmnopqrstuvwxyz0123456789"[rand::random::<usize>() % 36]))
        .collect();
    let row = setting::ActiveModel {
        key: Set("secret".into()),
        value: Set(generated),
    };
    let _ = setting::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(setting::Column::Key)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await;
    tracing::warn!(
        "no secret configured (LABLOOP_SECRET): generated one and stored it in the database; links stay valid across restarts"
    );
    let row = setting::Entity::find_by_id("secret")
        .one(db)
        .await?
        .context("the generated secret was not stored")?;
    Ok(row.value)
}
