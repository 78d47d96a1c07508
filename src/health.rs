//! `GET /healthz` and `GET /metrics` (Prometheus text format).
use std::fmt::Write;

use actix_web::{HttpResponse, get, web};
use sea_orm::{ConnectionTrait, Statement};

use crate::context::AppContext;

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(healthz).service(metrics);
}

/// 200 when the database answers, 503 otherwise.
#[get("/healthz")]
async fn healthz(ctx: web::Data<AppContext>) -> HttpResponse {
    let backend = ctx.db.get_database_backend();
    match ctx.db.execute(Statement::from_string(backend, "SELECT 1")).await {
        Ok(_) => HttpResponse::Ok().content_type("text/plain").body("ok\n"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unavailable");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unavailable\n")
        }
    }
}

#[get("/metrics")]
async fn metrics(ctx: web::Data<AppContext>) -> HttpResponse {
    match render_metrics(&ctx).await {
        Ok(body) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(body),
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "metrics unavailable");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("metrics unavailable\n")
        }
    }
}

/// Counts read from the database, so every instance reports the same totals.
pub async fn render_metrics(ctx: &AppContext) -> anyhow::Result<String> {
    let mut out = String::new();
    let outbox = crate::outbox::counts(&ctx.db).await?;
    gauge(
        &mut out,
        "labloop_outbox_messages",
        "Outbox messages by delivery status.",
        "status",
        &["queued", "sending", "sent", "failed"],
        &outbox,
    );
    let inbound = crate::inbound::counts_by_kind(&ctx.db).await?;
    let kinds = [
        "cycle_reply",
        "auto_reply",
        "bounce",
        "unsubscribe_request",
        "subscribe_request",
        "approval",
        "other",
        "unclassified",
    ];
    gauge(
        &mut out,
        "labloop_inbound_messages",
        "Inbound messages received, by kind.",
        "kind",
        &kinds,
        &inbound,
    );
    let subs = crate::subscriptions::transfer::counts(&ctx.db).await?;
    gauge(
        &mut out,
        "labloop_subscribers",
        "Subscribers by status.",
        "status",
        &["pending", "confirmed", "unsubscribed", "bounced"],
        &subs,
    );
    Ok(out)
}

/// Writes one gauge family, with every expected label present (zero when absent).
fn gauge(out: &mut String, name: &str, help: &str, label: &str, expected: &[&str], values: &[(String, i64)]) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
    let mut labels: Vec<&str> = expected.to_vec();
    for (k, _) in values {
        if !labels.contains(&k.as_str()) {
            labels.push(k);
        }
    }
    for l in labels {
        let v = values.iter().find(|(k, _)| k == l).map(|(_, v)| *v).unwrap_or(0);
        let _ = writeln!(
            out,
            "{name}{{{label}=\"{}\"}} {v}",
            l.replace('\\', "\\\\").replace('"', "\\\"")
        );
    }
}
