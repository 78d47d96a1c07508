//! The public archive: `/newsletters` and each sent issue without any personal link.
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use entity::newsletter_issue::Status;
use serde_json::json;

use super::issues;
use crate::context::AppContext;
use crate::cycles::Period;
use crate::web::{Page, PageError, render_page};

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(show);
}

#[get("/newsletters")]
async fn list(ctx: web::Data<AppContext>) -> Result<HttpResponse, PageError> {
    let issues: Vec<serde_json::Value> = issues::sent(&ctx.db)
        .await?
        .into_iter()
        .map(|i| json!({ "slug": i.slug, "label": Period { start: i.period_start, end: i.period_end }.label(ctx.config.cadence) }))
        .collect();
    let page = Page {
        template: "archive",
        title: format!("{} learning newsletter", ctx.config.lab_name),
        data: json!({ "issues": issues }),
    };
    Ok(render_page(StatusCode::OK, &page))
}

/// A sent issue as a web page: the newsletter's own HTML, with no unsubscribe link.
#[get("/newsletters/{slug}")]
async fn show(ctx: web::Data<AppContext>, slug: web::Path<String>) -> Result<HttpResponse, PageError> {
    let missing = || {
        PageError::new(
            StatusCode::NOT_FOUND,
            "No such issue",
            "There is no published issue at this address. See /newsletters for all issues.",
        )
    };
    let issue = issues::by_slug(&ctx.db, &slug).await?.ok_or_else(missing)?;
    if issue.issue.status != Status::Sent {
        return Err(missing());
    }
    let rendered = super::render::render(&ctx, &issue, None)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src * data:",
        ))
        .body(rendered.html))
}
