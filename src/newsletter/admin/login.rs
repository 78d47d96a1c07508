//! Signing in by magic link, and signing out.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use serde::Deserialize;

use super::super::editors::{self, LoginError};
use super::{COOKIE, GuardOnly, guarded};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::web::{Page, PageError, cookie, render_page, session_cookie};

pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login_request)
        .service(login_page)
        .service(login_post)
        .service(logout);
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
