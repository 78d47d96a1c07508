//! Inbound mail: one pipeline for every way a message arrives (HTTP, `labloop ingest`).
//!
//! raw bytes → stored (de-duplicated by Message-ID) → parsed → classified → handed
//! to the workflow that owns it → outcome recorded beside the raw message.

mod address;
pub mod classify;
mod clearsigned;
pub mod commands;
mod dispatch;
mod flowed;
pub mod held;
pub mod machine;
pub mod message;
pub mod parse_reply;
pub mod reply;
pub mod routes;
mod store;

pub use address::{Route, route_for};
pub use classify::{Classified, Kind, classify};
pub use message::{InboundMessage, NotAnEmail};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::context::AppContext;

/// The largest message accepted (25 MiB).
pub const MAX_MESSAGE_BYTES: usize = 25 * 1024 * 1024;

/// How a message reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Http,
    Ingest,
    Imap,
}

impl Via {
    fn as_str(self) -> &'static str {
        match self {
            Via::Http => "http",
            Via::Ingest => "ingest",
            Via::Imap => "imap",
        }
    }
}

/// What happened to a message, as recorded and reported to the sender of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A workflow took it.
    Processed,
    /// A person must look at it (stranger, unknown token, unmatched reply…).
    Held,
    /// Recognised and deliberately not acted on (auto-reply, delay notice).
    Ignored,
    /// The same Message-ID was received before; nothing was done again.
    Duplicate,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Processed => "processed",
            Status::Held => "held",
            Status::Ignored => "ignored",
            Status::Duplicate => "duplicate",
        }
    }
}

/// The answer to one delivery.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub id: i64,
    pub message_id: String,
    pub status: Status,
    pub kind: Option<Kind>,
    pub outcome: String,
}

/// Why a message was refused.
#[derive(Debug, thiserror::Error)]
pub enum InboundError {
    /// Not an email at all; the bytes were kept for audit under this id.
    #[error("not an email: {reason}")]
    NotAnEmail { reason: NotAnEmail, stored_id: Option<i64> },
    #[error("message too large: {0} bytes (the limit is 25 MiB)")]
    TooLarge(usize),
    /// Our side failed (database down…); the sender should try again later.
    #[error("could not process the message: {0:#}")]
    Internal(#[from] anyhow::Error),
}

impl From<sea_orm::DbErr> for InboundError {
    fn from(e: sea_orm::DbErr) -> Self {
        InboundError::Internal(e.into())
    }
}

/// Receives one raw message and processes it.
pub async fn receive(ctx: &AppContext, raw: &[u8], via: Via, now: DateTime<Utc>) -> Result<Receipt, InboundError> {
    if raw.len() > MAX_MESSAGE_BYTES {
        tracing::warn!(
            bytes = raw.len(),
            via = via.as_str(),
            "inbound message refused: too large"
        );
        return Err(InboundError::TooLarge(raw.len()));
    }
    let msg = match InboundMessage::parse(raw) {
        Ok(m) => m,
        Err(reason) => {
            let stored_id = store::keep_rejected(&ctx.db, raw, via, &reason.to_string(), now)
                .await
                .ok();
            tracing::warn!(via = via.as_str(), %reason, stored_id, bytes = raw.len(), "inbound message refused: not an email");
            return Err(InboundError::NotAnEmail { reason, stored_id });
        }
    };
    let row = match store::insert(&ctx.db, raw, &msg, via, now).await? {
        store::Inserted::New(row) => row,
        store::Inserted::Existing(row) if row.status != "received" => {
            tracing::info!(id = row.id, message_id = %row.message_id, "duplicate delivery ignored");
            return Ok(Receipt {
                id: row.id,
                message_id: row.message_id,
                status: Status::Duplicate,
                kind: None,
                outcome: format!("already received: {}", row.outcome.unwrap_or_default()),
            });
        }
        // Received before but never finished (a crash mid-way): process it now.
        store::Inserted::Existing(row) => row,
    };
    let classified = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        classify(&msg, Some(&ctx.config.inbound_address))
    })) {
        Ok(c) => c,
        Err(_) => {
            // A bug in reading this message must not lose it: it waits for a person.
            tracing::error!(id = row.id, message_id = %msg.message_id, "reading the message failed; held for review");
            let reason = "labloop could not read this message (internal error); held for review";
            held::hold(&ctx.db, row.id, reason, None, None, now).await?;
            store::finish(&ctx.db, row.id, Kind::Other, Status::Held, reason, now).await?;
            return Ok(Receipt {
                id: row.id,
                message_id: msg.message_id.clone(),
                status: Status::Held,
                kind: None,
                outcome: reason.into(),
            });
        }
    };
    let disposition = dispatch::dispatch(ctx, &msg, &classified, row.id, now).await?;
    if disposition.status == Status::Held {
        let (team_id, cycle_id) = disposition.context;
        held::hold(&ctx.db, row.id, &disposition.outcome, team_id, cycle_id, now).await?;
    }
    store::finish(
        &ctx.db,
        row.id,
        classified.kind,
        disposition.status,
        &disposition.outcome,
        now,
    )
    .await?;
    tracing::info!(
        id = row.id,
        message_id = %msg.message_id,
        kind = classified.kind.as_str(),
        status = disposition.status.as_str(),
        outcome = %disposition.outcome,
        "inbound message handled"
    );
    Ok(Receipt {
        id: row.id,
        message_id: msg.message_id.clone(),
        status: disposition.status,
        kind: Some(classified.kind),
        outcome: disposition.outcome,
    })
}

/// Messages per kind, for metrics.
pub use store::counts_by_kind;

impl Receipt {
    /// One word for the status, for command-line output.
    pub fn status_word(&self) -> &'static str {
        self.status.as_str()
    }
}
