//! Journeys in a real headless Chromium.
use entity::subscriber::Status;
use labloop::domain::EmailAddress;
use sea_orm::EntityTrait;

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

/// A team member opens the form from the reminder, fills it in, adds a measure row and
/// saves; the record is there, and the page shows it again.
#[actix_web::test]
async fn a_team_member_fills_in_the_cycle_form_in_a_browser() {
    let Some(app) = spawn_app_with(Backend::Sqlite, |_| {}).await else {
        return;
    };
    let Some(browser) = Browser::start().await else { return };
    crate::cycles::team_with(&app, "Virtual ward", &["amy@trust.example.uk"]).await;
    labloop::cycles::jobs::remind(&app.ctx, crate::cycles::november())
        .await
        .unwrap();
    app.deliver().await;
    let mail = crate::cycles::reminder_to(&app, "amy@trust.example.uk");
    let link = crate::helpers::link_in(&mail.bytes, &app.url("/cycles/form/")).expect("form link");

    browser.goto(&link).await;
    browser
        .wait_for_text("What change or idea did you test this cycle?")
        .await;
    browser
        .type_into("#change", "Daily video check-ins for patients on the virtual ward")
        .await;
    browser.type_into("#prediction", "Fewer readmissions").await;
    browser
        .type_into("input[name=m0_name]", "Readmissions within 7 days")
        .await;
    browser.type_into("input[name=m0_value]", "3").await;
    browser.click("button[value=add_rows]").await;
    browser.wait_for_text("Add more measure rows").await;
    browser.type_into("input[name=m5_name]", "Check-ins missed").await;
    browser.type_into("input[name=m5_value]", "4").await;
    browser.type_into("#decision", "Adapt").await;
    browser.click("button[value=save]").await;
    browser.wait_for_text("Saved.").await;

    let rec = entity::cycle_record::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("record saved");
    assert_eq!(
        rec.change.as_deref(),
        Some("Daily video check-ins for patients on the virtual ward")
    );
    assert_eq!(rec.decision.as_deref(), Some("adapt"));
    let view = labloop::cycles::records::for_cycle(&app.ctx.db, rec.cycle_id)
        .await
        .unwrap()
        .unwrap();
    let names: Vec<&str> = view.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Readmissions within 7 days", "Check-ins missed"]);
    browser.quit().await;
}

/// An editor asks for a sign-in link, opens it from the email, edits the
/// introduction and approves: the issue goes out.
#[actix_web::test]
async fn an_editor_signs_in_by_magic_link_edits_and_approves_in_a_browser() {
    let Some(app) = spawn_app_with(Backend::Sqlite, |_| {}).await else {
        return;
    };
    let Some(browser) = Browser::start().await else { return };
    crate::newsletter::november_records(&app).await;
    crate::newsletter::audience(&app, 3).await;
    labloop::newsletter::editors::add(
        &app.ctx.db,
        &EmailAddress::parse("ed@lab.example.org").unwrap(),
        Some("Ed"),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    labloop::newsletter::assemble::draft(&app.ctx, crate::newsletter::december_2nd())
        .await
        .unwrap();

    browser.goto(&app.url("/admin")).await;
    browser.wait_for_text("Send me a sign-in link").await;
    browser.type_into("#email", "ed@lab.example.org").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_text("Check your inbox").await;
    app.deliver().await;
    let mail = app
        .sent_to("ed@lab.example.org")
        .into_iter()
        .rev()
        .find(|m| String::from_utf8_lossy(&m.bytes).contains("sign-in"))
        .expect("sign-in email");
    let link = crate::helpers::link_in(&mail.bytes, &app.url("/admin/login/")).expect("sign-in link");

    browser.goto(&link).await;
    browser.wait_for_text("Sign in as ed@lab.example.org").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_text("Newsletter issues").await;
    browser.click("a[href^='/admin/issues/']").await;
    browser.wait_for_text("Preview").await;
    browser.clear("#introduction").await;
    browser
        .type_into("#introduction", "A month of small, brave tests.")
        .await;
    browser.click("form[action$='/edit'] button[type=submit]").await;
    browser.wait_for_text("Saved.").await;
    browser.click("#approve").await;
    browser.wait_for_text("Sending to 3 subscribers").await;

    let issue = entity::newsletter_issue::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(issue.introduction, "A month of small, brave tests.");
    assert_eq!(issue.status, entity::newsletter_issue::Status::Sending);
    // The link worked once: a second visit is refused.
    let (status, _) = app.post_form(&link, &[]).await;
    assert_eq!(status, 410);
    browser.quit().await;
}
