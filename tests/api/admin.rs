//! The editors' pages: sign-in by magic link, sessions, and what needs one.
use chrono::{Duration, Utc};
use labloop::domain::EmailAddress;
use labloop::newsletter::{assemble, editors};
use labloop::tokens::Purpose;
use sea_orm::EntityTrait;

use crate::helpers::{Backend, TestApp, link_in, spawn_app};
use crate::newsletter::{december_2nd, november_records};
use crate::on_both_databases;

async fn login_link(app: &TestApp, email: &str) -> String {
    let guard = app.form_guard("/admin").await;
    let (status, page) = app
        .post_form("/admin/login", &[("email", email), ("guard", &guard)])
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Check your inbox"));
    app.deliver().await;
    let mail = app.sent_to(email).pop().expect("sign-in email");
    link_in(&mail.bytes, &app.url("/admin/login/")).expect("link")
}

/// Signs in and returns the session cookie header value.
async fn session(app: &TestApp, email: &str) -> String {
    let link = login_link(app, email).await;
    let mut r = app.client.post(&link).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let _ = r.body().await;
    let set = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    set.split(';').next().unwrap().to_string()
}

async fn a_magic_link_signs_an_editor_in_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    november_records(&app).await;
    editors::add(
        &app.ctx.db,
        &EmailAddress::parse("ed@lab.example.org").unwrap(),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();

    let link = login_link(&app, "ed@lab.example.org").await;
    assert_eq!(app.get(&link).await.0, 200, "GET shows a button and uses nothing");
    let mut r = app.client.post(&link).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let _ = r.body().await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let mut again = app.client.post(&link).send().await.unwrap();
    assert_eq!(again.status().as_u16(), 410, "single use");
    let _ = again.body().await;

    let mut page = app
        .client
        .get(app.url("/admin"))
        .insert_header(("Cookie", cookie.as_str()))
        .send()
        .await
        .unwrap();
    let body = String::from_utf8_lossy(&page.body().await.unwrap()).into_owned();
    assert!(
        body.contains("Newsletter issues") && body.contains("November 2026"),
        "{body}"
    );
    let id = entity::newsletter_issue::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let mut page = app
        .client
        .get(app.url(&format!("/admin/issues/{id}")))
        .insert_header(("Cookie", cookie.as_str()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let body = String::from_utf8_lossy(&page.body().await.unwrap()).into_owned();
    assert!(body.contains("<textarea id=\"introduction\""), "editable");
    let mut preview = app
        .client
        .get(app.url(&format!("/admin/issues/{id}/preview.txt")))
        .insert_header(("Cookie", cookie.as_str()))
        .send()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&preview.body().await.unwrap()).into_owned();
    assert!(
        text.contains("A group class for knee pain") && text.contains("/unsubscribe/"),
        "the text preview as subscribers get it: {text}"
    );
}

async fn strangers_and_bad_links_get_nowhere(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let ed = editors::add(
        &app.ctx.db,
        &EmailAddress::parse("ed@lab.example.org").unwrap(),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    // Not an editor: the same page, and no email.
    let guard = app.form_guard("/admin").await;
    let (status, page) = app
        .post_form("/admin/login", &[("email", "someone@else.example"), ("guard", &guard)])
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Check your inbox"));
    app.deliver().await;
    assert!(app.sent_to("someone@else.example").is_empty());
    // No guard, a cross-site post.
    assert_eq!(
        app.post_form("/admin/login", &[("email", "ed@lab.example.org")])
            .await
            .0,
        403
    );
    // Forged and expired links.
    let forged = labloop::tokens::Signer::new("not the secret of this lab at all").sign(
        Purpose::Login,
        &[ed.id as u64, 1],
        None,
    );
    assert_eq!(app.post_form(&format!("/admin/login/{forged}"), &[]).await.0, 400);
    let expired = app.ctx.signer.sign(
        Purpose::Login,
        &[ed.id as u64, 1],
        Some(Utc::now() - Duration::minutes(1)),
    );
    assert_eq!(app.post_form(&format!("/admin/login/{expired}"), &[]).await.0, 410);
    let unknown_nonce = app.ctx.signer.sign(
        Purpose::Login,
        &[ed.id as u64, 12345],
        Some(Utc::now() + Duration::minutes(5)),
    );
    assert_eq!(
        app.post_form(&format!("/admin/login/{unknown_nonce}"), &[]).await.0,
        410
    );
    // Pages and actions need a session; a made-up cookie is no session.
    for path in ["/admin/issues/1", "/admin/issues/1/preview.html"] {
        assert_eq!(app.get(path).await.0, 401, "{path}");
        let mut r = app
            .client
            .get(app.url(path))
            .insert_header(("Cookie", "labloop_session=madeup"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401);
        let _ = r.body().await;
    }
    let (status, page) = app.get("/admin").await;
    assert_eq!(status, 200);
    assert!(page.contains("Send me a sign-in link"), "the sign-in page");
    let guard = app.form_guard("/admin").await;
    assert_eq!(
        app.post_form("/admin/issues/1/approve", &[("guard", &guard)]).await.0,
        401
    );
}

async fn flagged_records_are_highlighted_and_approving_needs_a_session_and_same_site(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    crate::cycles::team_with(&app, "Prose team", &["writer@trust.example.uk"]).await;
    labloop::cycles::jobs::remind(&app.ctx, crate::cycles::november())
        .await
        .unwrap();
    app.deliver().await;
    let reminder = crate::cycles::reminder_to(&app, "writer@trust.example.uk");
    app.post_inbound(crate::cycles::reply_to(
        &reminder,
        "writer@trust.example.uk",
        "p@x",
        "We tried a few things this month and it went fine on the whole, happy to talk.",
    ))
    .await;
    editors::add(
        &app.ctx.db,
        &EmailAddress::parse("ed@lab.example.org").unwrap(),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assemble::draft(&app.ctx, december_2nd()).await.unwrap();
    let id = entity::newsletter_issue::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let cookie = session(&app, "ed@lab.example.org").await;
    let mut page = app
        .client
        .get(app.url(&format!("/admin/issues/{id}")))
        .insert_header(("Cookie", cookie.as_str()))
        .send()
        .await
        .unwrap();
    let body = String::from_utf8_lossy(&page.body().await.unwrap()).into_owned();
    assert!(body.contains("flagged for review"), "highlighted: {body}");

    let guard = app.form_guard("/admin").await;
    let mut cross = app
        .client
        .post(app.url(&format!("/admin/issues/{id}/approve")))
        .insert_header(("Cookie", cookie.as_str()))
        .insert_header(("Origin", "https://evil.example"))
        .send_form(&[("guard", guard.as_str())])
        .await
        .unwrap();
    assert_eq!(cross.status().as_u16(), 403);
    let _ = cross.body().await;
    let mut ok = app
        .client
        .post(app.url(&format!("/admin/issues/{id}/approve")))
        .insert_header(("Cookie", cookie.as_str()))
        .send_form(&[("guard", guard.as_str())])
        .await
        .unwrap();
    let body = String::from_utf8_lossy(&ok.body().await.unwrap()).into_owned();
    assert!(body.contains("Sending to 0 subscribers"), "{body}");
}

on_both_databases!(
    a_magic_link_signs_an_editor_in_once,
    strangers_and_bad_links_get_nowhere,
    flagged_records_are_highlighted_and_approving_needs_a_session_and_same_site,
);
