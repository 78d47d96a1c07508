//! Parsers for single configuration values; each error says what was expected.

use anyhow::{Context, anyhow, bail};

pub(super) fn required<T>(v: Option<T>, name: &str) -> anyhow::Result<T> {
    v.ok_or_else(|| anyhow!("`{name}` must not be empty"))
}

pub(super) fn parse_range(s: &str, min: u32, max: u32) -> anyhow::Result<u32> {
    let n: u32 = s.trim().parse().context("expected a whole number")?;
    if n < min || n > max {
        bail!("must be between {min} and {max}");
    }
    Ok(n)
}

pub(super) fn parse_bool(s: &str) -> anyhow::Result<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Ok(true),
        "false" | "no" | "off" | "0" => Ok(false),
        _ => bail!("expected true or false"),
    }
}

pub(super) fn parse_database_url(s: &str) -> anyhow::Result<String> {
    let s = s.trim();
    if s.starts_with("sqlite:") || s.starts_with("postgres://") || s.starts_with("postgresql://") {
        Ok(s.to_string())
    } else {
        bail!("expected sqlite://FILE or postgres://USER@HOST/DB")
    }
}

pub(super) fn parse_smtp_url(s: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(s.trim()).context("not a URL")?;
    if !matches!(url.scheme(), "smtp" | "smtps") {
        bail!("expected smtp://HOST:PORT or smtps://HOST:PORT");
    }
    if url.host_str().is_none_or(str::is_empty) {
        bail!("missing host");
    }
    Ok(s.trim().to_string())
}

pub(super) fn parse_base_url(s: &str) -> anyhow::Result<String> {
    let url = url::Url::parse(s.trim()).context("not a URL")?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        bail!("expected http(s)://host[/path]");
    }
    Ok(s.trim().trim_end_matches('/').to_string())
}

/// A cron expression (6 fields with seconds, or 5 without), or "off".
pub(super) fn parse_cron(s: &str) -> anyhow::Result<Option<String>> {
    let s = s.trim();
    if matches!(s.to_ascii_lowercase().as_str(), "off" | "false" | "disabled" | "none") {
        return Ok(None);
    }
    crate::scheduler::parse_schedule(s)?;
    Ok(Some(s.to_string()))
}
