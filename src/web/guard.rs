use actix_web::http::StatusCode;
use actix_web::HttpRequest;
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
pub fn verify_form_guard(
    ctx: &AppContext,
    guard: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), PageError> {
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

/// Refuses a browser request sent from another site (`Sec-Fetch-Site: cross-site`, or
/// an `Origin` that is neither our base URL nor the host the request was sent to).
pub fn check_same_site(ctx: &AppContext, req: &HttpRequest) -> Result<(), PageError> {
    let refused = || {
        tracing::warn!(origin = ?req.headers().get("origin"), path = %req.path(), "cross-site form post refused");
        PageError::new(
            StatusCode::FORBIDDEN,
            "Not allowed",
            "This form can only be sent from our own site.",
        )
    };
    if req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        == Some("cross-site")
    {
        return Err(refused());
    }
    let Some(origin) = req.headers().get("origin").and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let origin_host = url::Url::parse(origin).ok().and_then(|u| {
        u.host_str().map(|h| match u.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_string(),
        })
    });
    let Some(origin_host) = origin_host else {
        return Err(refused());
    };
    let base_host = url::Url::parse(&ctx.config.base_url).ok().and_then(|u| {
        u.host_str().map(|h| match u.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_string(),
        })
    });
    let request_host = req
        .headers()
        .get("host")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if Some(&origin_host) == base_host.as_ref() || Some(&origin_host) == request_host.as_ref() {
        Ok(())
    } else {
        Err(refused())
    }
}
