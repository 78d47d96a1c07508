//! Shared web plumbing: page rendering, error pages, cross-site protection, rate limits.
mod errors;
mod guard;
mod pages;
mod ratelimit;

pub use errors::{ApiError, PageError};
pub use guard::{check_same_site, form_guard, verify_form_guard};
pub use pages::{Page, render_page, set_lab_name};
pub use ratelimit::PerKeyLimiter;

use actix_web::HttpRequest;

/// The client's IP address: the socket peer, or the first `X-Forwarded-For` hop when
/// the operator said labloop runs behind their own proxy.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> Option<String> {
    if trust_proxy
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
    {
        return Some(ip.to_string());
    }
    req.peer_addr().map(|a| a.ip().to_string())
}

/// Checks `Authorization: Bearer <key>` against the configured key (in constant time).
/// With no key configured the endpoint is off, and says which setting turns it on.
pub fn require_bearer(req: &HttpRequest, key: Option<&str>, setting: &str) -> Result<(), ApiError> {
    use actix_web::http::StatusCode;
    let Some(expected) = key else {
        tracing::warn!(path = %req.path(), "request to an endpoint that is off ({setting} is not set)");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            format!("this endpoint is off: set {setting} to enable it"),
        ));
    };
    let given = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    let ok = given.is_some_and(|g| {
        let (a, b) = (g.as_bytes(), expected.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    });
    if ok {
        Ok(())
    } else {
        tracing::warn!(path = %req.path(), presented = given.is_some(), "request refused: missing or wrong bearer key");
        Err(ApiError::new(StatusCode::UNAUTHORIZED, "missing or wrong bearer key"))
    }
}

/// The value of a request cookie.
pub fn cookie(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all("cookie")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value for a session cookie (HttpOnly, SameSite=Lax, Secure on
/// https); `max_age_secs` 0 removes it.
pub fn session_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}
