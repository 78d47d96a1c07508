//! One issue's page: preview, edit, approve, or ask for changes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use entity::editor;
use entity::newsletter_issue::Status;
use serde::Deserialize;
use serde_json::json;

use super::super::editors;
use super::super::issues;
use super::super::review::{self, Approved, ReviewError};
use super::{GuardOnly, guarded, require_editor, status_label};
use crate::context::AppContext;
use crate::web::{Page, PageError, form_guard, render_page};

pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(issue_page)
        .service(preview_html)
        .service(preview_text)
        .service(edit)
        .service(approve)
        .service(changes);
}

pub(super) async fn issue_or_404(ctx: &AppContext, id: i64) -> Result<issues::Issue, PageError> {
    issues::get(&ctx.db, id).await?.ok_or_else(|| {
        PageError::new(
            StatusCode::NOT_FOUND,
            "No such issue",
            "There is no newsletter issue at this address.",
        )
    })
}

async fn issue_view(
    ctx: &AppContext,
    id: i64,
    notice: Option<String>,
    error: Option<String>,
) -> Result<HttpResponse, PageError> {
    let issue = issue_or_404(ctx, id).await?;
    let p = issues::progress(&ctx.db, id).await?;
    let approvals = issues::approvals(&ctx.db, id).await?;
    let all_editors = editors::all(&ctx.db).await?;
    let name_of = |eid: Option<i64>| {
        all_editors
            .iter()
            .find(|e| Some(e.id) == eid)
            .map(|e| e.email.clone())
            .unwrap_or_default()
    };
    let status = issue.issue.status;
    let editable = matches!(status, Status::InReview | Status::ChangesRequested);
    let need = ctx.config.approvals_required;
    let page = Page {
        template: "admin_issue",
        title: format!(
            "{} learning newsletter: {}",
            ctx.config.lab_name,
            issue.period_label(ctx.config.cadence)
        ),
        data: json!({
            "id": id,
            "status_label": status_label(status),
            "notice": notice,
            "error": error,
            "have": approvals.len(),
            "need": need,
            "last_needed": approvals.len() + 1 >= need as usize,
            "progress": { "total": p.total, "sent": p.sent, "failed": p.failed, "bounced": p.bounced, "skipped": p.skipped, "pending": p.queued + p.sending, "done": p.done() },
            "approvals": approvals.iter().map(|a| json!({ "editor": name_of(Some(a.editor_id)), "channel": a.channel, "at": a.created_at.format("%Y-%m-%d %H:%M").to_string() })).collect::<Vec<_>>(),
            "comments": issues::comments(&ctx.db, id).await?.iter().map(|c| json!({ "editor": name_of(c.editor_id), "channel": c.channel, "at": c.created_at.format("%Y-%m-%d %H:%M").to_string(), "body": c.body, "requests_changes": c.requests_changes })).collect::<Vec<_>>(),
            "editable": editable,
            "can_approve": status == Status::InReview,
            "introduction": issue.issue.introduction,
            "sections": issue.sections.iter().map(|s| json!({ "id": s.id, "team": s.team_name, "body": s.body, "needs_review": s.needs_review, "has_record": s.has_record })).collect::<Vec<_>>(),
            "guard": form_guard(ctx, Utc::now()),
        }),
    };
    let code = if error.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok(render_page(code, &page))
}

#[get("/admin/issues/{id}")]
async fn issue_page(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    require_editor(&req, &ctx).await?;
    issue_view(&ctx, *id, None, None).await
}

/// A sample of the personal unsubscribe link, for previews.
fn sample_link(ctx: &AppContext) -> String {
    ctx.config.url("/unsubscribe/preview")
}

#[get("/admin/issues/{id}/preview.html")]
async fn preview_html(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    require_editor(&req, &ctx).await?;
    let issue = issue_or_404(&ctx, *id).await?;
    let rendered = super::super::render::render(&ctx, &issue, Some(&sample_link(&ctx)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("X-Frame-Options", "SAMEORIGIN"))
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-ancestors 'self'",
        ))
        .body(rendered.html))
}

#[get("/admin/issues/{id}/preview.txt")]
async fn preview_text(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    id: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    require_editor(&req, &ctx).await?;
    let issue = issue_or_404(&ctx, *id).await?;
    let rendered = super::super::render::render(&ctx, &issue, Some(&sample_link(&ctx)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!("Subject: {}\n\n{}", rendered.subject, rendered.text)))
}

pub(super) fn review_error(e: ReviewError) -> Result<String, PageError> {
    match e {
        ReviewError::Internal(e) => Err(PageError::internal(format!("{e:#}"))),
        ReviewError::NoIssue(_) => Err(PageError::new(
            StatusCode::NOT_FOUND,
            "No such issue",
            "There is no newsletter issue at this address.",
        )),
        other => Ok(other.to_string()),
    }
}

#[post("/admin/issues/{id}/edit")]
async fn edit(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    guarded(&req, &ctx, field("guard").as_deref())?;
    let editor = require_editor(&req, &ctx).await?;
    let sections: Vec<(i64, String)> = pairs
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("section_")
                .and_then(|id| id.parse().ok())
                .map(|id| (id, v.clone()))
        })
        .collect();
    let intro = field("introduction").unwrap_or_default();
    if intro.chars().count() > 20_000 || sections.iter().any(|(_, b)| b.chars().count() > 20_000) {
        return issue_view(
            &ctx,
            *id,
            None,
            Some("A text is too long (at most 20,000 characters).".into()),
        )
        .await;
    }
    match review::edit(&ctx, *id, &intro, &sections, Utc::now()).await {
        Ok(()) => {
            tracing::info!(issue_id = *id, editor = %editor.email, "newsletter edited");
            issue_view(
                &ctx,
                *id,
                Some("Saved. Approvals given before this change have been cleared.".into()),
                None,
            )
            .await
        }
        Err(e) => issue_view(&ctx, *id, None, Some(review_error(e)?)).await,
    }
}

async fn do_approve(
    ctx: &AppContext,
    id: i64,
    editor: &editor::Model,
    channel: &str,
) -> Result<HttpResponse, PageError> {
    match review::approve(ctx, id, editor, channel, Utc::now()).await {
        Ok(Approved::SendStarted { recipients }) => {
            issue_view(
                ctx,
                id,
                Some(format!("Approved. Sending to {recipients} subscribers.")),
                None,
            )
            .await
        }
        Ok(Approved::Recorded { have, need }) => {
            issue_view(ctx, id, Some(format!("Approved: {have} of {need} approvals.")), None).await
        }
        Ok(Approved::AlreadyApproved) => {
            issue_view(ctx, id, Some("You had already approved this issue.".into()), None).await
        }
        Err(e) => issue_view(ctx, id, None, Some(review_error(e)?)).await,
    }
}

#[post("/admin/issues/{id}/approve")]
async fn approve(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    id: web::Path<i64>,
    form: web::Form<GuardOnly>,
) -> Result<HttpResponse, PageError> {
    guarded(&req, &ctx, form.guard.as_deref())?;
    let editor = require_editor(&req, &ctx).await?;
    do_approve(&ctx, *id, &editor, "web").await
}

#[derive(Deserialize)]
struct ChangesForm {
    comment: Option<String>,
    guard: Option<String>,
}

#[post("/admin/issues/{id}/changes")]
async fn changes(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    id: web::Path<i64>,
    form: web::Form<ChangesForm>,
) -> Result<HttpResponse, PageError> {
    guarded(&req, &ctx, form.guard.as_deref())?;
    let editor = require_editor(&req, &ctx).await?;
    let comment = form.comment.as_deref().unwrap_or("").trim();
    if comment.is_empty() {
        return issue_view(&ctx, *id, None, Some("Say what should change.".into())).await;
    }
    match review::comment(&ctx, *id, &editor, comment, "web", true, Utc::now()).await {
        Ok(()) => {
            issue_view(
                &ctx,
                *id,
                Some("Your request for changes was sent to the other editors.".into()),
                None,
            )
            .await
        }
        Err(e) => issue_view(&ctx, *id, None, Some(review_error(e)?)).await,
    }
}
