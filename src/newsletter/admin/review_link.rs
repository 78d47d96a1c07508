//! The approve link in each review email: a page with a button, then the approval.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use entity::editor;
use sea_orm::EntityTrait;

use super::super::review::{self, Approved};
use super::issue::{issue_or_404, review_error};
use super::status_label;
use crate::context::AppContext;
use crate::tokens::Purpose;
use crate::web::{Page, PageError, render_page};

pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(review_link_page).service(review_link_post);
}

async fn review_link(ctx: &AppContext, token: &str) -> Result<(i64, editor::Model), PageError> {
    let bad = |why: String| {
        tracing::warn!(reason = %why, "review link refused");
        PageError::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            "This review link is not valid. Use the link in the latest review email, or sign in at /admin.",
        )
    };
    let values = ctx
        .signer
        .verify(Purpose::Review, token, Utc::now())
        .map_err(|e| bad(e.to_string()))?;
    let [issue_id, editor_id] = values[..] else {
        return Err(bad("malformed".into()));
    };
    let editor = editor::Entity::find_by_id(editor_id as i64)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| bad("not an editor any more".into()))?;
    Ok((issue_id as i64, editor))
}

/// The approve link in a review email: a page with the button (scanners open links).
#[get("/newsletter/review/{token}")]
async fn review_link_page(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let (issue_id, editor) = review_link(&ctx, &token).await?;
    let issue = issue_or_404(&ctx, issue_id).await?;
    let title = format!(
        "{} learning newsletter: {}",
        ctx.config.lab_name,
        issue.period_label(ctx.config.cadence)
    );
    let status = format!("It is {}.", status_label(issue.issue.status));
    let para = format!("Approve {title} as {}?", editor.email);
    let page = Page::message("Approve the newsletter", &[&para, &status]).with_button(
        &format!("/newsletter/review/{token}"),
        "Approve",
        &[],
    );
    Ok(render_page(StatusCode::OK, &page))
}

#[post("/newsletter/review/{token}")]
async fn review_link_post(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let (issue_id, editor) = review_link(&ctx, &token).await?;
    let message = match review::approve(&ctx, issue_id, &editor, "web", Utc::now()).await {
        Ok(Approved::SendStarted { recipients }) => format!("Approved. It is being sent to {recipients} subscribers."),
        Ok(Approved::Recorded { have, need }) => format!("Approved: {have} of {need} approvals so far."),
        Ok(Approved::AlreadyApproved) => "You had already approved this issue.".to_string(),
        Err(e) => {
            let text = review_error(e)?;
            return Err(PageError::new(StatusCode::CONFLICT, "Not approved", text));
        }
    };
    Ok(render_page(StatusCode::OK, &Page::message("Thank you", &[&message])))
}
