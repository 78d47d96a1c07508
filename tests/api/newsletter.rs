//! Workflow 3: the monthly newsletter from records to every subscriber's inbox.
use chrono::{TimeZone, Utc};
use entity::newsletter_issue::{self, Status};
use entity::subscriber::Status as SubStatus;
use entity::{approval, comment, delivery};
use labloop::cycles::jobs;
use labloop::domain::EmailAddress;
use labloop::newsletter::{assemble, editors, issues, review, send};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::cycles::{ANSWERS, november, reminder_to, reply_to, team_with};
use crate::helpers::smtp::{SmtpServer, body_text};
use crate::helpers::{Backend, TestApp, header_of, spawn_app, spawn_app_with};
use crate::on_both_databases;

/// 09:00 on 2 December 2026: when November's draft is made.
pub fn december_2nd() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap()
}

/// Subscribers in every state: `confirmed` of them confirmed.
pub async fn audience(app: &TestApp, confirmed: usize) {
    let mut csv = String::from("email,name\n");
    for i in 0..confirmed {
        csv.push_str(&format!("reader{i}@example.org,Reader {i}\n"));
    }
    labloop::subscriptions::transfer::import(&app.ctx, csv.as_bytes(), true, Utc::now(), |_| {})
        .await
        .unwrap();
    labloop::subscriptions::transfer::import(
        &app.ctx,
        "email\npending@example.org\n".as_bytes(),
        false,
        Utc::now(),
        |_| {},
    )
    .await
    .unwrap();
    labloop::subscriptions::transfer::import(
        &app.ctx,
        "email\nleft@example.org\ngone@example.org\n".as_bytes(),
        true,
        Utc::now(),
        |_| {},
    )
    .await
    .unwrap();
    labloop::subscriptions::unsubscribe_address(
        &app.ctx.db,
        &EmailAddress::parse("left@example.org").unwrap(),
        "link",
        Utc::now(),
    )
    .await
    .unwrap();
    labloop::subscriptions::mark_bounced(
        &app.ctx.db,
        &EmailAddress::parse("gone@example.org").unwrap(),
        Utc::now(),
    )
    .await
    .unwrap();
}

/// Two teams, one of which has a record for November (saved directly, so this works
/// whatever transport the app uses).
pub async fn november_record_saved(app: &TestApp) {
    let t = team_with(app, "MSK Physio", &["sian@hb.example.wales"]).await;
    team_with(app, "Falls", &["nurse@trust.example.uk"]).await;
    let period = labloop::cycles::Period::containing(november(), app.ctx.config.timezone, app.ctx.config.cadence);
    let (c, _) = jobs::open_cycle(&app.ctx.db, &t, period, november()).await.unwrap();
    let sian =
        labloop::cycles::teams::person_by_email(&app.ctx.db, &EmailAddress::parse("sian@hb.example.wales").unwrap())
            .await
            .unwrap()
            .unwrap();
    let e = labloop::inbound::reply::extract(Some(ANSWERS), None);
    let s = labloop::cycles::records::Submission {
        fields: e.fields,
        reply_text: Some(e.reply_text),
        source: labloop::cycles::records::Source::Email,
        submitted_by: sian.id,
        inbound_message_id: None,
        needs_review: e.needs_review,
        warnings: e.warnings,
    };
    labloop::cycles::records::save(&app.ctx.db, c.id, &s, november())
        .await
        .unwrap();
}

/// Two teams, one of which answers November's cycle by email.
pub async fn november_records(app: &TestApp) {
    team_with(app, "MSK Physio", &["sian@hb.example.wales"]).await;
    team_with(app, "Falls", &["nurse@trust.example.uk"]).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    app.post_inbound(reply_to(
        &reminder_to(app, "sian@hb.example.wales"),
        "sian@hb.example.wales",
        "n1@x",
        ANSWERS,
    ))
    .await;
}

/// An editor's (or anyone's) reply to a review email, as a mail client would send it.
fn reply_to_review(review_mail: &[u8], from: &str, message_id: &str, body: &str) -> String {
    let to = header_of(review_mail, "Reply-To").unwrap();
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: Please review\r\nMessage-ID: <{message_id}>\r\n\r\n{body}\r\n\r\nOn Wed, Lab wrote:\r\n> Please review\r\n"
    )
}

pub fn sender(app: &TestApp) -> send::Sender {
    send::Sender {
        ctx: app.ctx.clone(),
        transport: app.transport.clone(),
        limiter: std::sync::Arc::new(labloop::outbox::RateLimiter::new(0.0)),
        concurrency: 4,
        wake: app.ctx.newsletter_wake.clone(),
    }
}

async fn editor(app: &TestApp, email: &str) -> entity::editor::Model {
    editors::add(
        &app.ctx.db,
        &EmailAddress::parse(email).unwrap(),
        Some("Editor"),
        Utc::now(),
    )
    .await
    .unwrap()
}

async fn issue(app: &TestApp) -> newsletter_issue::Model {
    newsletter_issue::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("an issue")
}

async fn the_draft_is_assembled_from_the_records_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    november_records(&app).await;
    editor(&app, "ed@lab.example.org").await;

    let first = assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    assert!(
        matches!(
            first,
            assemble::DraftOutcome::Drafted {
                sections: 2,
                with_records: 1,
                review_emails: 1,
                ..
            }
        ),
        "{first}"
    );
    assert!(matches!(
        assemble::draft(&app.ctx, december_2nd()).await.unwrap(),
        assemble::DraftOutcome::AlreadyDrafted { .. }
    ));
    assert_eq!(newsletter_issue::Entity::find().count(&app.ctx.db).await.unwrap(), 1);

    let i = issues::get(&app.ctx.db, issue(&app).await.id).await.unwrap().unwrap();
    assert_eq!(
        (i.issue.status, i.issue.slug.as_str(), i.issue.period_start.to_string()),
        (Status::InReview, "2026-11", "2026-11-01".to_string())
    );
    let falls = i.sections.iter().find(|s| s.team_name == "Falls").unwrap();
    assert!(!falls.has_record);
    let msk = i.sections.iter().find(|s| s.team_name == "MSK Physio").unwrap();
    assert!(
        msk.body.contains("What they tested: A group class for knee pain"),
        "{}",
        msk.body
    );
    assert!(
        msk.body.contains("Decision: Adapt. Next: An evening class"),
        "{}",
        msk.body
    );
    assert!(
        msk.body
            .contains("Measures: Patients offered the group: 14; Waiting time: 3 weeks"),
        "{}",
        msk.body
    );

    let text = labloop::newsletter::render::render(&app.ctx, &i, None).unwrap().text;
    assert!(text.contains("== Falls ==\nNo update this month."), "{text}");

    // The job ran "on 2 December": its mail is due from then.
    app.deliver_at(december_2nd()).await;
    let review = app.sent_to("ed@lab.example.org").pop().expect("review email");
    let reply_to = header_of(&review.bytes, "Reply-To").unwrap();
    assert!(reply_to.starts_with("lab+n."), "{reply_to}");
    let body = body_text(&review.bytes);
    assert!(
        body.contains("/newsletter/review/") && body.contains("/admin/issues/"),
        "{body}"
    );
    assert!(body.contains("A group class for knee pain"), "the draft is inline");
}

async fn a_draft_is_made_even_when_no_team_answered(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    let outcome = assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    assert!(
        matches!(
            outcome,
            assemble::DraftOutcome::Drafted {
                sections: 1,
                with_records: 0,
                review_emails: 0,
                ..
            }
        ),
        "{outcome}"
    );
}

async fn approval_sends_to_every_confirmed_subscriber_exactly_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    november_records(&app).await;
    audience(&app, 25).await;
    let ed = editor(&app, "ed@lab.example.org").await;
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    let id = issue(&app).await.id;

    let outcome = review::approve(&app.ctx, id, &ed, "web", Utc::now()).await.unwrap();
    assert_eq!(outcome, review::Approved::SendStarted { recipients: 25 });
    assert_eq!(
        review::approve(&app.ctx, id, &ed, "web", Utc::now())
            .await
            .unwrap_err()
            .to_string(),
        "the issue is sending: it can no longer be approved or changed"
    );
    let report = sender(&app).run_once(Utc::now()).await.unwrap();
    assert_eq!(report.sent, 25);
    assert_eq!(
        sender(&app).run_once(Utc::now()).await.unwrap().sent,
        0,
        "nothing twice"
    );
    assert_eq!(issue(&app).await.status, Status::Sent);

    for i in 0..25 {
        let got = app.sent_to(&format!("reader{i}@example.org"));
        let copies = got.iter().filter(|m| header_of(&m.bytes, "List-Id").is_some()).count();
        assert_eq!(copies, 1, "reader{i}");
    }
    for nobody in ["pending@example.org", "left@example.org", "gone@example.org"] {
        assert!(
            app.sent_to(nobody)
                .iter()
                .all(|m| header_of(&m.bytes, "List-Id").is_none()),
            "{nobody} gets no newsletter"
        );
    }
    let copy = app
        .sent_to("reader3@example.org")
        .into_iter()
        .find(|m| header_of(&m.bytes, "List-Id").is_some())
        .unwrap();
    assert_eq!(
        header_of(&copy.bytes, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let lu = header_of(&copy.bytes, "List-Unsubscribe").unwrap();
    assert!(
        lu.contains("/unsubscribe/") && lu.contains("mailto:lab+leave@lab.example.org"),
        "{lu}"
    );
    assert!(copy.envelope_from.starts_with("lab+b."), "VERP: {}", copy.envelope_from);
    let parsed = mail_parser::MessageParser::default().parse(&copy.bytes).unwrap();
    let html = parsed.body_html(0).unwrap().into_owned();
    let text = parsed.body_text(0).unwrap().into_owned();
    assert!(html.contains("A group class for knee pain") && text.contains("A group class for knee pain"));
    let link = lu
        .split(['<', '>'])
        .find(|p| p.starts_with("http"))
        .unwrap()
        .to_string();
    assert!(
        html.contains(&link) && text.contains(&link),
        "the personal link is in both bodies: {link}"
    );

    // The personal link unsubscribes that reader, by one click.
    let mut r = app
        .client
        .post(&link)
        .send_body("List-Unsubscribe=One-Click")
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let _ = r.body().await;
    let s = labloop::subscriptions::find_by_email(&app.ctx.db, &EmailAddress::parse("reader3@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.status, SubStatus::Unsubscribed);
}

async fn a_stranger_cannot_approve_by_email_but_an_editor_can(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    november_records(&app).await;
    audience(&app, 3).await;
    editor(&app, "ed@lab.example.org").await;
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    app.deliver_at(december_2nd()).await;
    let review_mail = app.sent_to("ed@lab.example.org").pop().unwrap();
    let reply = |from: &str, id: &str, body: &str| reply_to_review(&review_mail.bytes, from, id, body);

    let (_, r) = app
        .post_inbound(reply("mallory@evil.example", "a1@x", "Approved!"))
        .await;
    assert_eq!(r["kind"], "approval");
    assert_eq!(r["status"], "held", "{r}");
    assert_eq!(
        issue(&app).await.status,
        Status::InReview,
        "a stranger's approve changes nothing"
    );

    let (_, r) = app
        .post_inbound(reply(
            "ED@lab.example.org",
            "a2@x",
            "Could we say more about the Falls team?",
        ))
        .await;
    assert_eq!(r["status"], "processed", "{r}");
    assert_eq!(
        comment::Entity::find().count(&app.ctx.db).await.unwrap(),
        1,
        "a comment is kept"
    );

    let (_, r) = app
        .post_inbound(reply("ed@lab.example.org", "a3@x", "Approved, thanks!"))
        .await;
    assert_eq!(r["status"], "processed", "{r}");
    let a = approval::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    assert_eq!(a.channel, "email");
    assert_eq!(issue(&app).await.status, Status::Sending);
}

async fn two_approvals_when_configured_and_changes_clear_them(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.approvals_required = 2).await else {
        return;
    };
    november_records(&app).await;
    let a = editor(&app, "a@lab.example.org").await;
    let b = editor(&app, "b@lab.example.org").await;
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    let id = issue(&app).await.id;

    assert_eq!(
        review::approve(&app.ctx, id, &a, "web", Utc::now()).await.unwrap(),
        review::Approved::Recorded { have: 1, need: 2 }
    );
    // B asks for changes: A is told by email, and nobody can approve until an edit.
    review::comment(
        &app.ctx,
        id,
        &b,
        "Please add an introduction about the winter pressures.",
        "web",
        true,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(issue(&app).await.status, Status::ChangesRequested);
    app.deliver_at(december_2nd()).await;
    let told = app
        .sent_to("a@lab.example.org")
        .into_iter()
        .any(|m| body_text(&m.bytes).contains("winter pressures"));
    assert!(told, "the other editor hears about it");
    assert!(review::approve(&app.ctx, id, &b, "web", Utc::now()).await.is_err());

    let i = issues::get(&app.ctx.db, id).await.unwrap().unwrap();
    let sections: Vec<(i64, String)> = i.sections.iter().map(|s| (s.id, s.body.clone())).collect();
    review::edit(
        &app.ctx,
        id,
        "Winter has been hard; here is what the teams learned anyway.",
        &sections,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(issue(&app).await.status, Status::InReview);
    assert_eq!(
        approval::Entity::find().count(&app.ctx.db).await.unwrap(),
        0,
        "edits clear approvals"
    );
    review::approve(&app.ctx, id, &a, "web", Utc::now()).await.unwrap();
    assert_eq!(
        review::approve(&app.ctx, id, &b, "cli", Utc::now()).await.unwrap(),
        review::Approved::SendStarted { recipients: 0 }
    );
}

async fn temporary_and_permanent_smtp_failures_during_a_send(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else { return };
    let url = smtp.url();
    let Some(app) = spawn_app_with(backend, |c| c.smtp_url = Some(url)).await else {
        return;
    };
    november_record_saved(&app).await;
    audience(&app, 6).await;
    let ed = editor(&app, "ed@lab.example.org").await;
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    let id = issue(&app).await.id;

    smtp.tempfail_for(3600);
    review::approve(&app.ctx, id, &ed, "web", Utc::now()).await.unwrap();
    let report = sender(&app).run_once(Utc::now()).await.unwrap();
    assert_eq!((report.sent, report.retried), (0, 6));
    assert_eq!(
        issue(&app).await.status,
        Status::Sending,
        "not finished while some are waiting"
    );

    smtp.reject(&["reader1@example.org", "reader4@example.org"]);
    let report = sender(&app)
        .run_once(Utc::now() + chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (4, 2));
    let refused = delivery::Entity::find()
        .filter(delivery::Column::Status.eq("bounced"))
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(refused.len(), 2);
    assert!(
        refused[0].last_error.as_deref().unwrap().contains("550"),
        "{:?}",
        refused[0].last_error
    );
    let r1 = labloop::subscriptions::find_by_email(&app.ctx.db, &EmailAddress::parse("reader1@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r1.status, SubStatus::Bounced);
    assert_eq!(issue(&app).await.status, Status::Sent);
    for i in [0, 2, 3, 5] {
        let copies = smtp
            .received_by(&format!("reader{i}@example.org"))
            .iter()
            .filter(|m| m.header("List-Id").is_some())
            .count();
        assert_eq!(copies, 1, "reader{i}");
    }
}

async fn the_archive_lists_sent_issues_without_personal_links(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    november_records(&app).await;
    audience(&app, 2).await;
    let ed = editor(&app, "ed@lab.example.org").await;
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    let id = issue(&app).await.id;
    assert_eq!(
        app.get("/newsletters/2026-11").await.0,
        404,
        "not published before it is sent"
    );

    review::approve(&app.ctx, id, &ed, "web", Utc::now()).await.unwrap();
    sender(&app).run_once(Utc::now()).await.unwrap();
    // October's issue, sent earlier, lists after November's.
    assemble::draft(&app.ctx, Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap())
        .await
        .unwrap();
    let oct = newsletter_issue::Entity::find()
        .filter(newsletter_issue::Column::Slug.eq("2026-10"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    review::approve(&app.ctx, oct.id, &ed, "web", Utc::now()).await.unwrap();
    sender(&app).run_once(Utc::now()).await.unwrap();

    let (status, list) = app.get("/newsletters").await;
    assert_eq!(status, 200);
    let (nov, octo) = (list.find("November 2026").unwrap(), list.find("October 2026").unwrap());
    assert!(nov < octo, "newest first");
    let (status, page) = app.get("/newsletters/2026-11").await;
    assert_eq!(status, 200);
    assert!(page.contains("A group class for knee pain"));
    assert!(!page.contains("/unsubscribe/"), "no personal link");
    assert_eq!(app.get("/newsletters/1999-01").await.0, 404);
}

/// The last message the SMTP server took for `to`, in the shape the reply helpers read.
fn last_received_by(smtp: &SmtpServer, to: &str) -> labloop::outbox::StubMessage {
    let m = smtp
        .received_by(to)
        .pop()
        .unwrap_or_else(|| panic!("the SMTP server has nothing for {to}"));
    labloop::outbox::StubMessage {
        envelope_from: m.mail_from,
        recipient: to.to_string(),
        bytes: m.data,
    }
}

/// The whole workflow through a real SMTP server: a team member's emailed reply becomes
/// a record; the draft is made and the review mailed; a stranger's "approve" changes
/// nothing; the editor's emailed "approved" starts the send; every confirmed subscriber
/// gets exactly one copy and pending, unsubscribed and bounced addresses none; the issue
/// is in the public archive.
async fn the_whole_newsletter_workflow_over_real_smtp(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else { return };
    let url = smtp.url();
    let Some(app) = spawn_app_with(backend, |c| c.smtp_url = Some(url)).await else {
        return;
    };
    team_with(&app, "MSK Physio", &["sian@hb.example.wales"]).await;
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    audience(&app, 12).await;
    editor(&app, "ed@lab.example.org").await;

    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = last_received_by(&smtp, "sian@hb.example.wales");
    let (status, r) = app
        .post_inbound(reply_to(
            &reminder,
            "sian@hb.example.wales",
            "e2e-1@hb.example.wales",
            ANSWERS,
        ))
        .await;
    assert_eq!((status, r["status"].as_str()), (200, Some("processed")), "{r}");

    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    app.deliver_at(december_2nd()).await;
    let review_mail = last_received_by(&smtp, "ed@lab.example.org");
    let review_text = body_text(&review_mail.bytes);
    assert!(review_text.contains("A group class for knee pain"), "{review_text}");
    assert!(
        review_text.contains("No update this month."),
        "the Falls team did not answer: {review_text}"
    );
    let reply = |from: &str, id: &str, body: &str| reply_to_review(&review_mail.bytes, from, id, body);
    let (_, r) = app
        .post_inbound(reply("mallory@evil.example", "e2e-2@x", "approve"))
        .await;
    assert_eq!(r["status"], "held", "{r}");
    assert_eq!(issue(&app).await.status, Status::InReview, "a stranger changes nothing");
    let (_, r) = app
        .post_inbound(reply("ed@lab.example.org", "e2e-3@lab.example.org", "Approved."))
        .await;
    assert_eq!(r["status"], "processed", "{r}");
    assert_eq!(issue(&app).await.status, Status::Sending);

    let report = sender(&app).run_once(Utc::now()).await.unwrap();
    assert_eq!((report.sent, report.failed), (12, 0));
    assert_eq!(issue(&app).await.status, Status::Sent);
    for i in 0..12 {
        let copies = smtp
            .received_by(&format!("reader{i}@example.org"))
            .iter()
            .filter(|m| m.header("List-Id").is_some())
            .count();
        assert_eq!(copies, 1, "reader{i}");
    }
    for nobody in ["pending@example.org", "left@example.org", "gone@example.org"] {
        assert!(
            smtp.received_by(nobody).iter().all(|m| m.header("List-Id").is_none()),
            "{nobody} gets no newsletter"
        );
    }
    let (status, page) = app.get("/newsletters/2026-11").await;
    assert_eq!(status, 200);
    assert!(page.contains("A group class for knee pain") && !page.contains("/unsubscribe/"));
}

on_both_databases!(
    the_whole_newsletter_workflow_over_real_smtp,
    the_draft_is_assembled_from_the_records_once,
    a_draft_is_made_even_when_no_team_answered,
    approval_sends_to_every_confirmed_subscriber_exactly_once,
    a_stranger_cannot_approve_by_email_but_an_editor_can,
    two_approvals_when_configured_and_changes_clear_them,
    temporary_and_permanent_smtp_failures_during_a_send,
    the_archive_lists_sent_issues_without_personal_links,
);
