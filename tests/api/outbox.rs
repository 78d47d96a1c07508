//! The outbox and its delivery worker, against a real SMTP server process.
use chrono::{Duration, Utc};
use entity::outbox::{self, Status};
use entity::subscriber::Status as SubStatus;
use labloop::domain::EmailAddress;
use labloop::mail::Email;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use crate::helpers::smtp::SmtpServer;
use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

async fn queue(app: &TestApp, to: &str) -> i64 {
    let email = Email::new(
        EmailAddress::parse(to).unwrap(),
        "welcome",
        "welcome",
        serde_json::json!({ "name": null, "archive_url": "https://lab.example.org/newsletters" }),
    );
    app.ctx.queue_email(&app.ctx.db, email, Utc::now()).await.unwrap()
}

async fn row(app: &TestApp, id: i64) -> outbox::Model {
    outbox::Entity::find_by_id(id).one(&app.ctx.db).await.unwrap().unwrap()
}

async fn with_smtp(backend: Backend) -> Option<(TestApp, SmtpServer)> {
    let smtp = SmtpServer::start()?;
    let url = smtp.url();
    let app = spawn_app_with(backend, |c| c.smtp_url = Some(url)).await?;
    Some((app, smtp))
}

async fn mail_goes_out_over_real_smtp_with_a_verp_sender(backend: Backend) {
    let Some((app, smtp)) = with_smtp(backend).await else {
        return;
    };
    app.sign_up("ada@example.org", "Ada").await;
    let report = app.deliver().await;
    assert_eq!(report.sent, 1);
    let got = smtp.received_by("ada@example.org");
    assert_eq!(got.len(), 1);
    assert!(got[0].mail_from.starts_with("lab+b."), "{}", got[0].mail_from);
    assert!(got[0].body_text().contains("/subscriptions/confirm/"));
    assert_eq!(got[0].header("Auto-Submitted").as_deref(), Some("auto-generated"));
}

async fn a_temporary_smtp_failure_is_retried_with_backoff_and_nothing_is_lost(backend: Backend) {
    let Some((app, smtp)) = with_smtp(backend).await else {
        return;
    };
    smtp.tempfail_for(3600);
    let id = queue(&app, "patient@example.org").await;

    let report = app.deliver().await;
    assert_eq!(report.retried, 1);
    let r = row(&app, id).await;
    assert_eq!(r.status, Status::Queued);
    assert_eq!(r.attempts, 1);
    assert!(
        r.last_error.as_deref().unwrap_or("").contains("451"),
        "{:?}",
        r.last_error
    );
    assert!(r.next_attempt_at > Utc::now() + Duration::seconds(20), "backs off");
    assert_eq!(app.deliver().await, Default::default(), "not due yet");

    app.deliver_at(Utc::now() + Duration::minutes(2)).await;
    let r2 = row(&app, id).await;
    assert_eq!(r2.attempts, 2);
    assert!(
        r2.next_attempt_at - r.next_attempt_at >= Duration::seconds(50),
        "the wait doubles"
    );

    smtp.heal();
    let report = app.deliver_at(Utc::now() + Duration::hours(1)).await;
    assert_eq!(report.sent, 1);
    assert_eq!(row(&app, id).await.status, Status::Sent);
    assert_eq!(smtp.received_by("patient@example.org").len(), 1);
}

async fn a_connection_failure_is_retried(backend: Backend) {
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let Some(app) = spawn_app_with(backend, |c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await else {
        return;
    };
    let app = TestApp {
        transport: std::sync::Arc::new(labloop::outbox::Transport::from_config(&app.ctx.config).unwrap()),
        ..app
    };
    let id = queue(&app, "someone@example.org").await;
    let report = app.deliver().await;
    assert_eq!(report.retried, 1);
    let r = row(&app, id).await;
    assert_eq!(r.status, Status::Queued);
    assert!(r.last_error.is_some());
}

async fn a_permanent_refusal_is_recorded_and_the_rest_continue(backend: Backend) {
    let Some((app, smtp)) = with_smtp(backend).await else {
        return;
    };
    labloop::subscriptions::transfer::import(
        &app.ctx,
        "email\nnobody@example.org\nsomebody@example.org\n".as_bytes(),
        true,
        Utc::now(),
        |_| {},
    )
    .await
    .unwrap();
    smtp.reject(&["nobody@example.org"]);
    let bad = queue(&app, "nobody@example.org").await;
    let good = queue(&app, "somebody@example.org").await;

    let report = app.deliver().await;
    assert_eq!((report.sent, report.failed), (1, 1));
    let r = row(&app, bad).await;
    assert_eq!(r.status, Status::Failed);
    assert!(
        r.last_error.as_deref().unwrap().contains("550"),
        "the server's answer is kept: {:?}",
        r.last_error
    );
    assert_eq!(row(&app, good).await.status, Status::Sent);
    let s = labloop::subscriptions::find_by_email(&app.ctx.db, &EmailAddress::parse("nobody@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        s.status,
        SubStatus::Bounced,
        "a mailbox refusal marks the subscriber bounced"
    );
}

async fn a_message_left_sending_by_a_crash_is_sent_after_its_lease(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let id = queue(&app, "crash@example.org").await;
    // A worker claimed it and died before it could record the result.
    let claimed = labloop::outbox::claim_due(&app.ctx.db, 10, Utc::now(), Duration::minutes(10))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(row(&app, id).await.status, Status::Sending);
    assert_eq!(app.deliver().await.sent, 0, "still leased");

    let report = app.deliver_at(Utc::now() + Duration::minutes(11)).await;
    assert_eq!(report.sent, 1);
    assert_eq!(row(&app, id).await.status, Status::Sent);
    assert_eq!(app.sent_to("crash@example.org").len(), 1);
}

async fn temporary_failures_give_up_after_three_days(backend: Backend) {
    let Some((app, smtp)) = with_smtp(backend).await else {
        return;
    };
    smtp.tempfail_for(3600);
    let id = queue(&app, "late@example.org").await;
    outbox::ActiveModel {
        id: Set(id),
        created_at: Set(Utc::now() - Duration::days(3) - Duration::minutes(1)),
        ..Default::default()
    }
    .update(&app.ctx.db)
    .await
    .unwrap();
    let report = app.deliver().await;
    assert_eq!(report.failed, 1);
    let r = row(&app, id).await;
    assert_eq!(r.status, Status::Failed);
    assert!(r.last_error.unwrap().contains("gave up"));
}

async fn without_smtp_every_email_becomes_an_eml_file(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let folder = labloop::outbox::Transport::from_config(&app.ctx.config).unwrap();
    assert!(matches!(folder, labloop::outbox::Transport::Folder(_)));
    let app = TestApp {
        transport: std::sync::Arc::new(folder),
        ..app
    };
    app.sign_up("files@example.org", "").await;
    assert_eq!(app.deliver().await.sent, 1);
    let files: Vec<_> = std::fs::read_dir(&app.ctx.config.outbox_dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().to_string_lossy().into_owned();
    assert!(name.ends_with(".eml") && name.contains("files@example.org"), "{name}");
    let raw = std::fs::read(files[0].path()).unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("Subject: Please confirm"));
}

on_both_databases!(
    mail_goes_out_over_real_smtp_with_a_verp_sender,
    a_temporary_smtp_failure_is_retried_with_backoff_and_nothing_is_lost,
    a_connection_failure_is_retried,
    a_permanent_refusal_is_recorded_and_the_rest_continue,
    a_message_left_sending_by_a_crash_is_sent_after_its_lease,
    temporary_failures_give_up_after_three_days,
    without_smtp_every_email_becomes_an_eml_file,
);
