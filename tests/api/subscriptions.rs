//! Workflow 1: double opt-in sign-up, confirmation, welcome, unsubscribe.
use chrono::{Duration, Utc};
use entity::subscriber::{self, Status};
use entity::{consent, outbox};
use labloop::domain::EmailAddress;
use labloop::tokens::Purpose;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Backend, TestApp, header_of, link_in, spawn_app};
use crate::on_both_databases;

async fn subscriber(app: &TestApp, email: &str) -> Option<subscriber::Model> {
    labloop::subscriptions::find_by_email(&app.ctx.db, &EmailAddress::parse(email).unwrap())
        .await
        .unwrap()
}

async fn outbox_count(app: &TestApp, to: &str) -> usize {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(to))
        .count(&app.ctx.db)
        .await
        .unwrap() as usize
}

/// The confirmation link in the last confirmation email sent to `to`.
async fn confirmation_link(app: &TestApp, to: &str) -> String {
    app.deliver().await;
    let mail = app
        .sent_to(to)
        .into_iter()
        .rev()
        .find(|m| String::from_utf8_lossy(&m.bytes).contains("confirm your subscription"))
        .expect("a confirmation email");
    link_in(&mail.bytes, &app.url("/subscriptions/confirm/")).expect("confirmation link")
}

async fn a_valid_sign_up_records_a_pending_subscriber_and_queues_a_confirmation(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };

    let (status, body) = app.sign_up("ada@example.org", "Ada Lovelace").await;

    assert_eq!(status, 200);
    assert!(body.contains("Check your inbox"), "{body}");
    let s = subscriber(&app, "ada@example.org").await.expect("subscriber stored");
    assert_eq!(s.status, Status::Pending);
    assert_eq!(s.name.as_deref(), Some("Ada Lovelace"));
    let consents = consent::Entity::find()
        .filter(consent::Column::SubscriberId.eq(s.id))
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].channel, "web");
    assert_eq!(consents[0].source_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(outbox_count(&app, "ada@example.org").await, 1);

    let report = app.deliver().await;
    assert_eq!(report.sent, 1);
    let mail = &app.sent_to("ada@example.org")[0];
    let text = String::from_utf8_lossy(&mail.bytes);
    assert!(text.contains("Auto-Submitted: auto-generated"), "{text}");
    assert!(
        header_of(&mail.bytes, "Message-ID")
            .unwrap()
            .ends_with("@lab.example.org>")
    );
    assert!(header_of(&mail.bytes, "Reply-To").unwrap().starts_with("lab+s."));
    assert!(
        mail.envelope_from.starts_with("lab+b."),
        "VERP sender: {}",
        mail.envelope_from
    );
    let parsed = mail_parser::MessageParser::default().parse(&mail.bytes).unwrap();
    assert_eq!(parsed.text_body_count(), 1);
    assert_eq!(parsed.html_body_count(), 1);
    assert!(parsed.body_html(0).unwrap().contains("Confirm my subscription"));
}

async fn the_confirmation_link_shows_a_button_and_only_its_post_confirms(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("grace@example.org", "").await;
    let link = confirmation_link(&app, "grace@example.org").await;

    let (status, page) = app.get(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("<button"), "{page}");
    assert_eq!(
        subscriber(&app, "grace@example.org").await.unwrap().status,
        Status::Pending,
        "GET must change nothing"
    );

    let (status, page) = app.post_form(&link, &[]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("You are subscribed"));
    let s = subscriber(&app, "grace@example.org").await.unwrap();
    assert_eq!(s.status, Status::Confirmed);
    assert!(s.confirmed_at.is_some());
    let c = consent::Entity::find()
        .filter(consent::Column::SubscriberId.eq(s.id))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.confirmed_via.as_deref(), Some("link"));
    assert!(c.confirmed_at.is_some());

    app.deliver().await;
    let welcome = app
        .sent_to("grace@example.org")
        .into_iter()
        .find(|m| String::from_utf8_lossy(&m.bytes).contains("Welcome"))
        .expect("welcome email");
    let lu = header_of(&welcome.bytes, "List-Unsubscribe").expect("List-Unsubscribe");
    assert!(lu.contains(&app.url("/unsubscribe/")), "{lu}");
    assert!(lu.contains("mailto:lab+leave@lab.example.org"), "{lu}");
    assert_eq!(
        header_of(&welcome.bytes, "List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
}

async fn a_used_expired_or_forged_confirmation_link_gets_a_clear_4xx_page(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("used@example.org", "").await;
    let link = confirmation_link(&app, "used@example.org").await;
    assert_eq!(app.post_form(&link, &[]).await.0, 200);

    let (status, page) = app.post_form(&link, &[]).await;
    assert_eq!(status, 410, "reused link: {page}");
    assert!(page.contains("already been used"));
    assert_eq!(app.get(&link).await.0, 410, "reused link, GET");

    let s = subscriber(&app, "used@example.org").await.unwrap();
    let expired = app.ctx.signer.sign(
        Purpose::Confirm,
        &[s.id as u64, 1],
        Some(Utc::now() - Duration::minutes(5)),
    );
    let (status, page) = app.get(&format!("/subscriptions/confirm/{expired}")).await;
    assert_eq!(status, 410, "expired: {page}");
    assert!(page.contains("expired"));

    let forged =
        labloop::tokens::Signer::new("somebody else's secret value").sign(Purpose::Confirm, &[s.id as u64, 1], None);
    for bad in [forged.as_str(), "aaaaaaaaaaaaaaaaaaaaaaaaa", "not-even-base32"] {
        let (status, page) = app.post_form(&format!("/subscriptions/confirm/{bad}"), &[]).await;
        assert_eq!(status, 400, "{bad}: {page}");
        assert!(page.contains("not valid"), "{bad}");
    }
    // An unsubscribe token is not a confirmation token.
    let wrong_kind = app.ctx.signer.sign(Purpose::Unsubscribe, &[s.id as u64], None);
    assert_eq!(
        app.post_form(&format!("/subscriptions/confirm/{wrong_kind}"), &[])
            .await
            .0,
        400
    );
}

async fn signing_up_again_is_rate_limited_and_looks_the_same(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (_, first) = app.sign_up("again@example.org", "").await;
    let (_, second) = app.sign_up("again@example.org", "").await;
    assert_eq!(
        outbox_count(&app, "again@example.org").await,
        1,
        "a second sign-up within 15 minutes sends nothing"
    );
    assert_eq!(
        strip_guard(&first),
        strip_guard(&second),
        "the visitor sees the same page"
    );

    // 16 minutes later a new confirmation may go out, and the first link still works.
    let first_link = confirmation_link(&app, "again@example.org").await;
    let later = Utc::now() + Duration::minutes(16);
    let outcome = labloop::subscriptions::sign_up(
        &app.ctx,
        labloop::subscriptions::SignUp {
            email: EmailAddress::parse("again@example.org").unwrap(),
            name: None,
            channel: labloop::subscriptions::Channel::Web { ip: None },
        },
        later,
    )
    .await
    .unwrap();
    assert_eq!(outcome, labloop::subscriptions::SignupOutcome::ConfirmationQueued);
    assert_eq!(outbox_count(&app, "again@example.org").await, 2);
    assert_eq!(app.post_form(&first_link, &[]).await.0, 200);

    // Confirmed: signing up again sends nothing and shows the same page.
    let (_, third) = app.sign_up("again@example.org", "").await;
    assert_eq!(strip_guard(&third), strip_guard(&first));
    let confirmations = app.sent_to("again@example.org").len();
    app.deliver().await;
    let after: Vec<_> = app
        .sent_to("again@example.org")
        .into_iter()
        .skip(confirmations)
        .collect();
    assert!(
        after
            .iter()
            .all(|m| !String::from_utf8_lossy(&m.bytes).contains("confirm your subscription")),
        "no confirmation to a confirmed address"
    );
}

fn strip_guard(page: &str) -> String {
    page.lines()
        .filter(|l| !l.contains("name=\"guard\""))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn an_invalid_address_re_renders_the_form_with_the_error(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    for bad in [
        "",
        "not-an-address",
        "ada@",
        "ada@example",
        "a b@example.org",
        "ada@example.org\r\nBcc: x@example.com",
    ] {
        let (status, page) = app.sign_up(bad, "Ada").await;
        assert_eq!(status, 400, "{bad:?}");
        assert!(page.contains("role=\"alert\""), "{bad:?}: error shown");
        assert!(page.contains("<form"), "{bad:?}: form shown again");
    }
    assert_eq!(subscriber::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
    assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
}

async fn a_name_carrying_a_header_injection_is_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let (status, page) = app.sign_up("ada@example.org", "Ada\r\nBcc: x@example.com").await;
    assert_eq!(status, 400);
    assert!(page.contains("one line"), "{page}");
    assert!(subscriber(&app, "ada@example.org").await.is_none());
    assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
}

async fn a_cross_site_or_unguarded_post_is_refused(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let guard = app.form_guard("/").await;
    let form = [("email", "victim@example.org"), ("name", ""), ("guard", guard.as_str())];

    let mut r = app
        .client
        .post(app.url("/subscribe"))
        .insert_header(("Origin", "https://evil.example"))
        .send_form(&form)
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "foreign Origin");
    let _ = r.body().await;
    let mut r = app
        .client
        .post(app.url("/subscribe"))
        .insert_header(("Sec-Fetch-Site", "cross-site"))
        .send_form(&form)
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403, "Sec-Fetch-Site: cross-site");
    let _ = r.body().await;
    let (status, _) = app
        .post_form("/subscribe", &[("email", "victim@example.org"), ("name", "")])
        .await;
    assert_eq!(status, 403, "no guard");
    let (status, _) = app
        .post_form(
            "/subscribe",
            &[("email", "victim@example.org"), ("guard", "forgedforgedforgedforged")],
        )
        .await;
    assert_eq!(status, 403, "forged guard");
    assert!(subscriber(&app, "victim@example.org").await.is_none());

    // Our own origin is fine.
    let mut r = app
        .client
        .post(app.url("/subscribe"))
        .insert_header(("Origin", app.address.as_str()))
        .send_form(&form)
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let _ = r.body().await;
}

async fn sign_ups_are_rate_limited_per_ip(backend: Backend) {
    let Some(app) = crate::helpers::spawn_app_with(backend, |c| c.signup_rate_limit = 3).await else {
        return;
    };
    let mut statuses = Vec::new();
    for i in 0..5 {
        statuses.push(app.sign_up(&format!("person{i}@example.org"), "").await.0);
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    assert_eq!(subscriber::Entity::find().count(&app.ctx.db).await.unwrap(), 3);
}

async fn unsubscribing_by_link_shows_a_page_and_one_click_post_unsubscribes(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("leaver@example.org", "").await;
    let link = confirmation_link(&app, "leaver@example.org").await;
    app.post_form(&link, &[]).await;
    let s = subscriber(&app, "leaver@example.org").await.unwrap();
    let token = app.ctx.signer.sign(Purpose::Unsubscribe, &[s.id as u64], None);
    let url = format!("/unsubscribe/{token}");

    let (status, page) = app.get(&url).await;
    assert_eq!(status, 200);
    assert!(page.contains("<button"));
    assert_eq!(
        subscriber(&app, "leaver@example.org").await.unwrap().status,
        Status::Confirmed,
        "GET changes nothing"
    );

    // RFC 8058: a bare POST with this body, no cookie, no redirect.
    let mut r = app
        .client
        .post(app.url(&url))
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .send_body("List-Unsubscribe=One-Click")
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.headers().get("location").is_none());
    assert!(r.headers().get("set-cookie").is_none());
    let _ = r.body().await;
    let s = subscriber(&app, "leaver@example.org").await.unwrap();
    assert_eq!(s.status, Status::Unsubscribed);
    assert_eq!(s.status_reason.as_deref(), Some("one-click"));

    // Again: the same friendly answer.
    assert_eq!(app.post_form(&url, &[]).await.0, 200);
    // Forged: a clear 4xx.
    assert_eq!(
        app.post_form("/unsubscribe/abcdefghijklmnopqrstuvwxyz", &[]).await.0,
        400
    );
}

async fn an_unsubscribed_address_must_sign_up_and_confirm_again(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    app.sign_up("back@example.org", "").await;
    let link = confirmation_link(&app, "back@example.org").await;
    app.post_form(&link, &[]).await;
    labloop::subscriptions::unsubscribe_address(
        &app.ctx.db,
        &EmailAddress::parse("back@example.org").unwrap(),
        "link",
        Utc::now(),
    )
    .await
    .unwrap();

    assert_eq!(
        app.post_form(&link, &[]).await.0,
        410,
        "the old link does not resubscribe"
    );
    assert_eq!(
        subscriber(&app, "back@example.org").await.unwrap().status,
        Status::Unsubscribed
    );

    app.sign_up("back@example.org", "").await;
    assert_eq!(
        subscriber(&app, "back@example.org").await.unwrap().status,
        Status::Pending
    );
    let link = confirmation_link(&app, "back@example.org").await;
    assert_eq!(app.post_form(&link, &[]).await.0, 200);
    assert_eq!(
        subscriber(&app, "back@example.org").await.unwrap().status,
        Status::Confirmed
    );
}

async fn simultaneous_sign_ups_for_one_address_make_one_subscriber_and_one_email(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let guard = app.form_guard("/").await;
    let form = [("email", "double@example.org"), ("name", ""), ("guard", guard.as_str())];
    let posts = (0..12).map(|_| app.post_form("/subscribe", &form));
    let statuses: Vec<u16> = futures_util::future::join_all(posts)
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");

    // The same address twice in one batch, and alongside a new one.
    let now = Utc::now();
    let req = |e: &str| labloop::subscriptions::SignUp {
        email: EmailAddress::parse(e).unwrap(),
        name: None,
        channel: labloop::subscriptions::Channel::Import,
    };
    let batch = vec![
        labloop::subscriptions::prepare(&app.ctx, req("twice@example.org"), now).unwrap(),
        labloop::subscriptions::prepare(&app.ctx, req("twice@example.org"), now).unwrap(),
        labloop::subscriptions::prepare(&app.ctx, req("double@example.org"), now).unwrap(),
    ];
    let outcomes = labloop::subscriptions::record(&app.ctx, batch, now).await.unwrap();
    use labloop::subscriptions::SignupOutcome::*;
    assert_eq!(outcomes, [ConfirmationQueued, RecentlySent, RecentlySent]);

    for address in ["double@example.org", "twice@example.org"] {
        let n = subscriber::Entity::find()
            .filter(subscriber::Column::Email.eq(address))
            .count(&app.ctx.db)
            .await
            .unwrap();
        assert_eq!(n, 1, "{address}");
        assert_eq!(outbox_count(&app, address).await, 1, "{address}: one confirmation");
    }
}

on_both_databases!(
    simultaneous_sign_ups_for_one_address_make_one_subscriber_and_one_email,
    a_valid_sign_up_records_a_pending_subscriber_and_queues_a_confirmation,
    the_confirmation_link_shows_a_button_and_only_its_post_confirms,
    a_used_expired_or_forged_confirmation_link_gets_a_clear_4xx_page,
    signing_up_again_is_rate_limited_and_looks_the_same,
    an_invalid_address_re_renders_the_form_with_the_error,
    a_name_carrying_a_header_injection_is_refused,
    a_cross_site_or_unguarded_post_is_refused,
    sign_ups_are_rate_limited_per_ip,
    unsubscribing_by_link_shows_a_page_and_one_click_post_unsubscribes,
    an_unsubscribed_address_must_sign_up_and_confirm_again,
);
