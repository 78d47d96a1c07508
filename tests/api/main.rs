//! labloop's integration tests: the app on port 0 with a fresh database, spoken to
//! over HTTP, SMTP and a headless browser. One binary, so it links once.
mod helpers;

mod admin;
mod browser;
mod config_cli;
mod conformance;
mod cycle_form;
mod cycles;
mod health;
mod inbound;
mod newsletter;
mod operators;
mod outbox;
mod processes;
mod replies;
mod scheduler;
mod subscriptions;
