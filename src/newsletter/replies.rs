//! Editors' replies to a review email: "approve" approves, anything else is a comment.
use chrono::{DateTime, Utc};
use entity::editor;

use super::editors;
use super::review::{self, Approved, ReviewError};
use crate::context::AppContext;
use crate::inbound::{Classified, InboundMessage, Kind, Route};
use crate::tokens::Purpose;

/// What became of a reply to a review email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewReply {
    /// Done; a sentence saying what.
    Done(String),
    /// Not acted on: a person should look (forged token, not an editor…).
    Held(String),
}

/// Handles a reply sent to a `+n.<token>` address.
pub async fn take_reply(
    ctx: &AppContext,
    msg: &InboundMessage<'_>,
    c: &Classified,
    now: DateTime<Utc>,
) -> anyhow::Result<ReviewReply> {
    let Some(Route::Review(token)) = &c.route else {
        return Ok(ReviewReply::Held("not a reply to a review email".into()));
    };
    let issue_id = match ctx.signer.verify(Purpose::Review, token, now) {
        Ok(v) if v.len() == 2 => v[0] as i64,
        Ok(_) => return Ok(ReviewReply::Held("the review address token is malformed".into())),
        Err(e) => {
            tracing::warn!(reason = %e, "reply to a review email with a bad token");
            return Ok(ReviewReply::Held(format!("the review address token was refused ({e})")));
        }
    };
    // Whoever holds the address, only an editor's reply counts, as that editor's.
    let author: Option<editor::Model> = match &msg.from {
        Some(from) => editors::by_email(&ctx.db, from).await?,
        None => None,
    };
    let Some(author) = author else {
        let from = msg
            .from
            .as_ref()
            .map(|f| f.to_string())
            .unwrap_or_else(|| "(no sender)".into());
        tracing::warn!(from = %from, issue_id, "reply to a review email from someone who is not an editor: ignored");
        return Ok(ReviewReply::Held(format!("{from} is not an editor; nothing changed")));
    };
    if c.kind == Kind::Approval {
        return Ok(match review::approve(ctx, issue_id, &author, "email", now).await {
            Ok(Approved::SendStarted { recipients }) => ReviewReply::Done(format!(
                "approved by {} by email; sending to {recipients} subscribers",
                author.email
            )),
            Ok(Approved::Recorded { have, need }) => ReviewReply::Done(format!(
                "approved by {} by email ({have} of {need} approvals)",
                author.email
            )),
            Ok(Approved::AlreadyApproved) => ReviewReply::Done(format!("{} had already approved", author.email)),
            Err(ReviewError::Internal(e)) => return Err(e),
            Err(e) => ReviewReply::Held(format!("approval by {} not possible: {e}", author.email)),
        });
    }
    let body = c.extraction.reply_text.trim();
    if body.is_empty() {
        return Ok(ReviewReply::Held(format!(
            "reply from {} has no new text",
            author.email
        )));
    }
    match review::comment(ctx, issue_id, &author, body, "email", false, now).await {
        Ok(()) => Ok(ReviewReply::Done(format!("comment from {} stored", author.email))),
        Err(ReviewError::Internal(e)) => Err(e),
        Err(e) => Ok(ReviewReply::Held(format!("comment not stored: {e}"))),
    }
}
