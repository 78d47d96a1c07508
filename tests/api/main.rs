//! labloop's integration tests: the app on port 0 with a fresh database, spoken to
//! over HTTP, SMTP and a headless browser. One binary, so it links once.
mod helpers;

mod browser;
mod config_cli;
mod conformance;
mod health;
mod inbound;
mod outbox;
mod replies;
mod subscriptions;
