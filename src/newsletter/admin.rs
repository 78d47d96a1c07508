//! `/admin`: editors sign in with a magic link, then preview, edit, approve or ask
//! for changes; and the approve link in each review email.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use entity::editor;
use entity::newsletter_issue::Status;
use sea_orm::EntityTrait;
use serde::Deserialize;
use serde_json::json;

use super::editors::{self, LoginError};
use super::issues;
use super::review::{self, Approved, ReviewError};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::tokens::Purpose;
use crate::web::{
    Page, PageError, check_same_site, cookie, form_guard, render_page, session_cookie, verify_form_guard,
};

const COOKIE: &str = "labloop_session";

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(home)
        .service(login_request)
        .service(login_page)
        .service(login_post)
        .service(logout)
        .service(issue_page)
        .service(preview_html)
        .service(preview_text)
        .service(edit)
        .service(approve)
        .service(changes)
        .service(review_link_page)
        .service(review_link_post);
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

#[derive(Deserialize)]
struct LoginForm {
    email: Option<String>,
    guard: Option<String>,
}

#[post("/admin/login")]
async fn login_request(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, PageError> {
    guarded(&req, &ctx, form.guard.as_deref())?;
    if let Ok(email) = EmailAddress::parse(form.email.as_deref().unwrap_or("")) {
        editors::send_login_link(&ctx, &email, Utc::now()).await?;
    }
    // The same answer for editors and everyone else.
    Ok(render_page(
        StatusCode::OK,
        &Page::message(
            "Check your inbox",
            &["If that address belongs to an editor, a sign-in link is on its way. It works once, for 20 minutes."],
        ),
    ))
}

fn login_error(e: LoginError) -> PageError {
    tracing::warn!(reason = %e, "sign-in link refused");
    match e {
        LoginError::Db(e) => PageError::internal(e),
        LoginError::Token(crate::tokens::TokenError::Expired) | LoginError::Used => PageError::new(
            StatusCode::GONE,
            "This link can't be used",
            "This sign-in link has expired or has already been used. Ask for a new one at /admin.",
        ),
        LoginError::Token(_) => PageError::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            "This sign-in link is not valid. Ask for a new one at /admin.",
        ),
    }
}

/// The link's GET only shows a button: mail scanners open links.
#[get("/admin/login/{token}")]
async fn login_page(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let e = editors::check_login(&ctx, &token, Utc::now())
        .await
        .map_err(login_error)?;
    let para = format!("Sign in as {}.", e.email);
    Ok(render_page(
        StatusCode::OK,
        &Page::message("Sign in", &[&para]).with_button(&format!("/admin/login/{token}"), "Sign in", &[]),
    ))
}

#[post("/admin/login/{token}")]
async fn login_post(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let (_, secret) = editors::sign_in(&ctx, &token, Utc::now()).await.map_err(login_error)?;
    let set = session_cookie(
        COOKIE,
        &secret,
        editors::SESSION_LASTS.num_seconds(),
        ctx.config.base_url.starts_with("https://"),
    );
    Ok(HttpResponse::SeeOther()
        .insert_header(("Set-Cookie", set))
        .insert_header(("Location", "/admin"))
        .finish())
}

#[derive(Deserialize)]
struct GuardOnly {
    guard: Option<String>,
}

#[post("/admin/logout")]
async fn logout(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    form: web::Form<GuardOnly>,
) -> Result<HttpResponse, PageError> {
    guarded(&req, &ctx, form.guard.as_deref())?;
    if let Some(c) = cookie(&req, COOKIE) {
        editors::sign_out(&ctx.db, &c).await?;
    }
    let gone = session_cookie(COOKIE, "", 0, ctx.config.base_url.starts_with("https://"));
    Ok(HttpResponse::SeeOther()
        .insert_header(("Set-Cookie", gone))
        .insert_header(("Location", "/admin"))
        .finish())
}

async fn issue_or_404(ctx: &AppContext, id: i64) -> Result<issues::Issue, PageError> {
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
    let rendered = super::render::render(&ctx, &issue, Some(&sample_link(&ctx)))?;
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
    let rendered = super::render::render(&ctx, &issue, Some(&sample_link(&ctx)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(format!("Subject: {}\n\n{}", rendered.subject, rendered.text)))
}

fn review_error(e: ReviewError) -> Result<String, PageError> {
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
