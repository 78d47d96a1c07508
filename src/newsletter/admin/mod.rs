//! `/admin`: editors sign in with a magic link, then preview, edit, approve or ask
//! for changes; and the approve link in each review email.

mod issue;
mod login;
mod review_link;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use entity::editor;
use entity::newsletter_issue::Status;
use serde::Deserialize;
use serde_json::json;

use super::editors;
use super::issues;
use crate::context::AppContext;
use crate::web::{Page, PageError, check_same_site, cookie, form_guard, render_page, verify_form_guard};

const COOKIE: &str = "labloop_session";

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home);
    login::configure(cfg);
    issue::configure(cfg);
    review_link::configure(cfg);
}

async fn signed_in(req: &HttpRequest, ctx: &AppContext) -> Result<Option<editor::Model>, PageError> {
    match cookie(req, COOKIE) {
        Some(c) => Ok(editors::session_editor(&ctx.db, &c, Utc::now()).await?),
        None => Ok(None),
    }
}

async fn require_editor(req: &HttpRequest, ctx: &AppContext) -> Result<editor::Model, PageError> {
    signed_in(req, ctx).await?.ok_or_else(|| {
        tracing::info!(path = %req.path(), "admin page without a session");
        PageError::new(
            StatusCode::UNAUTHORIZED,
            "Please sign in",
            "Your session has ended. Go to /admin to sign in again.",
        )
    })
}

/// Same-site and form-guard checks for every admin POST.
fn guarded(req: &HttpRequest, ctx: &AppContext, guard: Option<&str>) -> Result<(), PageError> {
    check_same_site(ctx, req)?;
    verify_form_guard(ctx, guard, Utc::now())
}

#[get("/admin")]
async fn home(req: HttpRequest, ctx: web::Data<AppContext>) -> Result<HttpResponse, PageError> {
    let guard = form_guard(&ctx, Utc::now());
    let Some(editor) = signed_in(&req, &ctx).await? else {
        let page = Page {
            template: "admin_signin",
            title: "Newsletter review: sign in".into(),
            data: json!({ "guard": guard }),
        };
        return Ok(render_page(StatusCode::OK, &page));
    };
    let mut rows = Vec::new();
    for i in issues::all(&ctx.db).await? {
        let p = issues::progress(&ctx.db, i.id).await?;
        let period = crate::cycles::Period {
            start: i.period_start,
            end: i.period_end,
        }
        .label(ctx.config.cadence);
        rows.push(json!({ "id": i.id, "period": period, "status": status_label(i.status), "total": p.total, "sent": p.sent, "failed": p.failed + p.bounced }));
    }
    let page = Page {
        template: "admin_issues",
        title: "Newsletter issues".into(),
        data: json!({ "issues": rows, "editor": editor.email, "guard": guard }),
    };
    Ok(render_page(StatusCode::OK, &page))
}

fn status_label(s: Status) -> &'static str {
    match s {
        Status::Drafting => "drafting",
        Status::InReview => "in review",
        Status::ChangesRequested => "changes requested",
        Status::Approved => "approved",
        Status::Sending => "sending",
        Status::Sent => "sent",
    }
}

/// A form that carries only the form guard (sign out, approve).
#[derive(Deserialize)]
struct GuardOnly {
    guard: Option<String>,
}
