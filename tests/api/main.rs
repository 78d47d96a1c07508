//! labloop's integration tests: the app on port 0 with a fresh database, spoken to
//! over HTTP, SMTP and a headless browser. One binary, so it links once.
mod helpers;

mod browser;
mod config_cli;
mod conformance;
mod inbound;
mod outbox;
mod subscriptions;
