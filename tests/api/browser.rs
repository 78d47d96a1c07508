//! Journeys in a real headless Chromium.
use entity::subscriber::Status;
use labloop::domain::EmailAddress;

use crate::helpers::browser::Browser;
use crate::helpers::smtp::SmtpServer;
use crate::helpers::{Backend, spawn_app_with};

/// A visitor signs up on the page, gets the email over SMTP, opens the link and
/// confirms with the button: the subscription is confirmed and the welcome arrives.
#[actix_web::test]
async fn a_visitor_signs_up_and_confirms_in_a_browser() {
    let Some(smtp) = SmtpServer::start() else { return };
    let url = smtp.url();
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| c.smtp_url = Some(url)).await else {
        return;
    };
    let Some(browser) = Browser::start().await else { return };

    browser.goto(&app.url("/")).await;
    browser.type_into("#email", "not an address").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_text("does not look like an email address").await;

    browser.clear("#email").await;
    browser.type_into("#email", "siân@example.org").await;
    browser.clear("#name").await;
    browser.type_into("#name", "Siân Llewellyn").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_text("Check your inbox").await;

    app.deliver().await;
    let mail = smtp
        .received_by("siân@example.org")
        .pop()
        .expect("confirmation received over SMTP");
    let link = crate::helpers::link_in(&mail.data, &app.url("/subscriptions/confirm/")).expect("link in the email");

    browser.goto(&link).await;
    browser.wait_for_text("Confirm your subscription").await;
    let s = labloop::subscriptions::find_by_email(&app.ctx.db, &EmailAddress::parse("siân@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.status, Status::Pending, "opening the link changes nothing");
    browser.click("button[type=submit]").await;
    browser.wait_for_text("You are subscribed").await;

    let s = labloop::subscriptions::find_by_email(&app.ctx.db, &EmailAddress::parse("siân@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.status, Status::Confirmed);
    assert_eq!(s.name.as_deref(), Some("Siân Llewellyn"));
    app.deliver().await;
    assert!(
        smtp.received_by("siân@example.org")
            .iter()
            .any(|m| m.body_text().contains("Your subscription is confirmed"))
    );
    browser.quit().await;
}
