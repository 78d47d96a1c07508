//! The sign-up page, confirmation and unsubscribe links.
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::{
    Channel, ConfirmError, SignUp, SignupQueue, UnsubscribeError, UnsubscribeOutcome, check_confirm_token, confirm,
    prepare, unsubscribe,
};
use crate::context::AppContext;
use crate::domain::{EmailAddress, PersonName};
use crate::tokens::{Purpose, TokenError};
use crate::web::{
    Page, PageError, PerKeyLimiter, check_same_site, client_ip, form_guard, render_page, verify_form_guard,
};

/// Sign-ups per client IP per hour.
pub struct SignupLimiter(pub PerKeyLimiter<String>);

impl SignupLimiter {
    /// A limiter allowing `per_hour` sign-ups per IP (0 = off).
    pub fn new(per_hour: u32) -> Self {
        SignupLimiter(PerKeyLimiter::new(per_hour, Duration::from_secs(3600)))
    }
}

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(signup_page)
        .service(subscribe)
        .service(confirm_page)
        .service(confirm_post)
        .service(unsubscribe_page)
        .service(unsubscribe_post);
}

fn signup_form(ctx: &AppContext, email: &str, name: &str, error: Option<String>) -> Page {
    Page {
        template: "signup",
        title: "Sign up for Lab updates".into(),
        data: json!({ "guard": form_guard(ctx, Utc::now()), "email": email, "name": name, "error": error }),
    }
}

#[get("/")]
async fn signup_page(ctx: web::Data<AppContext>) -> HttpResponse {
    render_page(StatusCode::OK, &signup_form(&ctx, "", "", None))
}

/// The sign-up form's fields; all optional so a bad post gets our page, not a parse error.
#[derive(Deserialize)]
struct SignupFields {
    email: Option<String>,
    name: Option<String>,
    guard: Option<String>,
}

#[post("/subscribe")]
async fn subscribe(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    limiter: web::Data<SignupLimiter>,
    queue: web::Data<SignupQueue>,
    form: web::Form<SignupFields>,
) -> Result<HttpResponse, PageError> {
    let now = Utc::now();
    check_same_site(&ctx, &req)?;
    verify_form_guard(&ctx, form.guard.as_deref(), now)
        .inspect_err(|_| tracing::warn!("sign-up without a valid form guard refused"))?;
    let ip = client_ip(&req, ctx.config.trust_proxy);
    if !limiter.0.allow(&ip.clone().unwrap_or_default()) {
        tracing::warn!(ip = ?ip, "sign-up rate limit reached");
        return Err(PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many sign-ups",
            "We have had too many sign-ups from your network in the last hour. Please try again later.",
        ));
    }
    let (email_in, name_in) = (form.email.as_deref().unwrap_or(""), form.name.as_deref().unwrap_or(""));
    let email = match EmailAddress::parse(email_in) {
        Ok(e) => e,
        Err(e) => {
            tracing::info!(reason = %e, "sign-up with an invalid address refused");
            return Ok(render_page(
                StatusCode::BAD_REQUEST,
                &signup_form(&ctx, email_in, name_in, Some(capitalise(&e.to_string()))),
            ));
        }
    };
    let name = match PersonName::parse(name_in) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(reason = %e, "sign-up with an unusable name refused");
            let shown: String = name_in.chars().filter(|c| !c.is_control()).collect();
            return Ok(render_page(
                StatusCode::BAD_REQUEST,
                &signup_form(&ctx, email.as_str(), &shown, Some(capitalise(&e.to_string()))),
            ));
        }
    };
    let prepared = prepare(
        &ctx,
        SignUp {
            email,
            name,
            channel: Channel::Web { ip },
        },
        now,
    )?;
    queue.submit(prepared).await?;
    // The same answer whether the address is new, pending or confirmed.
    Ok(render_page(
        StatusCode::OK,
        &Page::message(
            "Check your inbox",
            &[
                "We have sent you an email with a link to confirm your subscription. Open it within 7 days.",
                "If it has not arrived in a few minutes, look in your spam or junk folder.",
            ],
        ),
    ))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn token_page_error(e: TokenError, what: &str) -> PageError {
    tracing::warn!(reason = %e, what, "link refused");
    match e {
        TokenError::Expired => PageError::new(
            StatusCode::GONE,
            "This link has expired",
            format!("The {what} link has expired. Please sign up again to get a new one."),
        ),
        _ => PageError::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            format!("This {what} link is not valid. Check that you copied the whole link from the email."),
        ),
    }
}

fn confirm_error(e: ConfirmError) -> PageError {
    match e {
        ConfirmError::Token(t) => token_page_error(t, "confirmation"),
        ConfirmError::Used => {
            tracing::info!("confirmation link used again");
            PageError::new(
                StatusCode::GONE,
                "This link has already been used",
                "This confirmation link has already been used, or a newer one replaced it. If you confirmed, you are subscribed and there is nothing more to do; if not, sign up again for a new link.",
            )
        }
        ConfirmError::WrongSender => PageError::new(
            StatusCode::FORBIDDEN,
            "Not allowed",
            "This confirmation belongs to another address.",
        ),
        ConfirmError::Internal(e) => PageError::internal(format!("{e:#}")),
    }
}

/// The confirmation link's GET changes nothing (mail scanners follow links): it shows a button.
#[get("/subscriptions/confirm/{token}")]
async fn confirm_page(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let s = check_confirm_token(&ctx, &token, Utc::now())
        .await
        .map_err(confirm_error)?;
    let para = format!(
        "Confirm that {} should receive updates from {}.",
        s.email, ctx.config.lab_name
    );
    let page = Page::message("Confirm your subscription", &[&para]).with_button(
        &format!("/subscriptions/confirm/{token}"),
        "Confirm my subscription",
        &[],
    );
    Ok(render_page(StatusCode::OK, &page))
}

#[post("/subscriptions/confirm/{token}")]
async fn confirm_post(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    let done = confirm(&ctx, &token, Utc::now()).await.map_err(confirm_error)?;
    let para = format!(
        "{} will now receive the Lab's monthly learning newsletter. We have sent you a welcome email.",
        done.email
    );
    Ok(render_page(
        StatusCode::OK,
        &Page::message("You are subscribed", &[&para, "Every email has a link to unsubscribe."]),
    ))
}

/// The unsubscribe link's GET changes nothing: it shows a button.
#[get("/unsubscribe/{token}")]
async fn unsubscribe_page(ctx: web::Data<AppContext>, token: web::Path<String>) -> Result<HttpResponse, PageError> {
    ctx.signer
        .verify(Purpose::Unsubscribe, &token, Utc::now())
        .map_err(|e| token_page_error(e, "unsubscribe"))?;
    let page = Page::message("Unsubscribe", &["Stop receiving updates from the Lab at this address?"]).with_button(
        &format!("/unsubscribe/{token}"),
        "Unsubscribe",
        &[],
    );
    Ok(render_page(StatusCode::OK, &page))
}

/// Unsubscribes: the page's button, or an RFC 8058 one-click POST from a mail client
/// (body `List-Unsubscribe=One-Click`, no cookie, no redirect).
#[post("/unsubscribe/{token}")]
async fn unsubscribe_post(
    ctx: web::Data<AppContext>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    let one_click = body
        .windows(26)
        .any(|w| w.eq_ignore_ascii_case(b"List-Unsubscribe=One-Click"));
    let how = if one_click { "one-click" } else { "link" };
    let outcome = unsubscribe(&ctx, &token, how, Utc::now()).await.map_err(|e| match e {
        UnsubscribeError::Token(t) => token_page_error(t, "unsubscribe"),
        UnsubscribeError::Internal(e) => PageError::internal(e),
    })?;
    let para = match outcome {
        UnsubscribeOutcome::Unsubscribed { email } | UnsubscribeOutcome::AlreadyUnsubscribed { email } => {
            format!("{email} will not receive any more updates from the Lab.")
        }
        UnsubscribeOutcome::NotFound => {
            "This address is not subscribed. You will not receive any more updates from the Lab.".to_string()
        }
    };
    Ok(render_page(
        StatusCode::OK,
        &Page::message(
            "You are unsubscribed",
            &[&para, "Changed your mind? You can sign up again at any time."],
        ),
    ))
}
