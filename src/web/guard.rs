use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use chrono::{DateTime, Duration, Utc};

use super::PageError;
use crate::context::AppContext;
use crate::tokens::Purpose;

/// How long a rendered form can be submitted.
const FORM_VALID_FOR: Duration = Duration::hours(12);

/// A signed token for a form's hidden `guard` field: only pages we served can post.
pub fn form_guard(ctx: &AppContext, now: DateTime<Utc>) -> String {
    ctx.signer.sign(
        Purpose::FormGuard,
        &[now.timestamp().max(0) as u64],
        Some(now + FORM_VALID_FOR),
    )
}

/// Checks a form's `guard` field.
pub fn verify_form_guard(ctx: &AppContext, guard: Option<&str>, now: DateTime<Utc>) -> Result<(), PageError> {
    let bad = || {
        PageError::new(
            StatusCode::FORBIDDEN,
            "Please try again",
            "This form has expired or did not come from our site. Go back, reload the page and submit it again.",
        )
    };
    match guard {
        Some(g) if ctx.signer.verify(Purpose::FormGuard, g, now).is_ok() => Ok(()),
        _ => Err(bad()),
    }
}

/// Refuses a browser request sent from another site. Browsers say where a request
/// comes from in `Sec-Fetch-Site` (only `same-origin`, or `none` for a typed address,
/// pass) or, older ones, in `Origin` (must be our base URL or the host addressed).
/// Requests with neither header are not from a browser page and pass to the form
/// guard alone.
pub fn check_same_site(ctx: &AppContext, req: &HttpRequest) -> Result<(), PageError> {
    let refused = |why: &str| {
        tracing::warn!(origin = ?req.headers().get("origin"), why, path = %req.path(), "cross-site form post refused");
        PageError::new(
            StatusCode::FORBIDDEN,
            "Not allowed",
            "This form can only be sent from our own site.",
        )
    };
    if let Some(site) = req.headers().get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err(refused("Sec-Fetch-Site")),
        };
    }
    let Some(origin) = req.headers().get("origin").and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let host_of = |u: &str| {
        url::Url::parse(u).ok().and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
    };
    let Some(origin_host) = host_of(origin) else {
        return Err(refused("Origin"));
    };
    let request_host = req.headers().get("host").and_then(|v| v.to_str().ok());
    if host_of(&ctx.config.base_url).as_deref() == Some(origin_host.as_str())
        || request_host == Some(origin_host.as_str())
    {
        Ok(())
    } else {
        Err(refused("Origin"))
    }
}
