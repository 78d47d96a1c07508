//! Health and metrics endpoints.
use crate::helpers::{Backend, spawn_app};
use crate::inbound::fixture;
use crate::on_both_databases;

async fn healthz_answers_ok_when_the_database_answers(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    assert_eq!(app.get("/healthz").await, (200, "ok\n".to_string()));
}

async fn metrics_count_the_outbox_and_inbound_mail_by_kind(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    app.sign_up("m1@example.org", "").await;
    app.sign_up("m2@example.org", "").await;
    app.deliver().await;
    app.sign_up("m3@example.org", "").await;
    app.post_inbound(fixture("out-of-office.eml")).await;
    app.post_inbound(fixture("join.eml")).await;

    let (status, body) = app.get("/metrics").await;
    assert_eq!(status, 200);
    for line in [
        "# TYPE labloop_outbox_messages gauge",
        "labloop_outbox_messages{status=\"sent\"} 2",
        "labloop_outbox_messages{status=\"queued\"} 2",
        "labloop_outbox_messages{status=\"failed\"} 0",
        "labloop_inbound_messages{kind=\"auto_reply\"} 1",
        "labloop_inbound_messages{kind=\"subscribe_request\"} 1",
        "labloop_subscribers{status=\"pending\"} 4",
    ] {
        assert!(body.lines().any(|l| l == line), "missing {line:?} in\n{body}");
    }
}

on_both_databases!(
    healthz_answers_ok_when_the_database_answers,
    metrics_count_the_outbox_and_inbound_mail_by_kind
);
