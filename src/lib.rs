//! labloop: the email-and-form workflow engine of an improvement Lab.
//!
//! Folders are named for what the product does: `subscriptions/` (double opt-in),
//! `inbound/` (mail in: parse, classify, extract), `outbox/` (mail out: queue and
//! delivery), `mail/` (templates and composing), `web/` (shared page plumbing).

pub mod bounces;
pub mod cli;
pub mod config;
pub mod context;
pub mod cycles;
pub mod db;
pub mod domain;
pub mod health;
pub mod inbound;
pub mod mail;
pub mod newsletter;
pub mod outbox;
pub mod scheduler;
pub mod startup;
pub mod subscriptions;
pub mod tokens;
pub mod web;

/// Sets up logging to standard error: `RUST_LOG` or `LABLOOP_LOG` choose the level.
pub fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("LABLOOP_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .unwrap_or_else(|| "info".to_string());
    let filter = EnvFilter::try_new(format!(
        "{filter},sqlx=warn,sea_orm=warn,sea_orm_migration=warn,actix_server=warn,lettre=warn"
    ))
    .unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
