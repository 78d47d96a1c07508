//! The cycle form linked from every reminder.
use entity::cycle_record;
use sea_orm::{EntityTrait, PaginatorTrait};

use crate::cycles::{november, reminder_to, team_with};
use crate::helpers::{Backend, TestApp, spawn_app};
use crate::on_both_databases;
use labloop::cycles::jobs;

/// The form link in the reminder sent to `to` (as a path).
async fn form_path(app: &TestApp, to: &str) -> String {
    let mail = reminder_to(app, to);
    let link = crate::helpers::link_in(&mail.bytes, &app.url("/cycles/form/")).expect("form link");
    link.trim_start_matches(&app.address).to_string()
}

async fn setup(app: &TestApp) -> String {
    team_with(app, "Discharge", &["bev@trust.example.uk", "tom@trust.example.uk"]).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    form_path(app, "bev@trust.example.uk").await
}

fn fields<'a>(guard: &'a str, decision: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("guard", guard),
        ("rows", "3"),
        ("action", "save"),
        ("change", "Expected date of discharge on every whiteboard"),
        ("prediction", "More discharges before midday"),
        ("what_happened", "Most boards had a date by day 2"),
        ("m0_name", "Boards with a date"),
        ("m0_value", "41"),
        ("m0_unit", "of 48"),
        ("m1_name", "Discharges before midday"),
        ("m1_value", "23"),
        ("m1_unit", "%"),
        ("learning", "The date alone is not enough"),
        ("decision", decision),
        ("next_steps", "A daily what's-needed question"),
    ]
}

async fn the_form_saves_a_new_version_and_shows_it_prefilled(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let path = setup(&app).await;
    let (status, page) = app.get(&path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("What change or idea did you test this cycle?"),
        "questions shown"
    );

    let guard = app.form_guard(&path).await;
    let mut r = app
        .client
        .post(app.url(&path))
        .send_form(&fields(&guard, "adapt"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "{:?}", r.body().await);
    let location = r.headers().get("location").unwrap().to_str().unwrap().to_string();
    let (_, page) = app.get(&location).await;
    assert!(page.contains("Saved."), "confirmation shown");
    assert!(
        page.contains("Expected date of discharge on every whiteboard"),
        "prefilled"
    );
    assert!(
        page.contains("value=\"Boards with a date\"") && page.contains("value=\"of 48\""),
        "measures prefilled"
    );
    assert!(page.contains("value=\"adapt\" selected"), "decision prefilled");

    let guard = app.form_guard(&path).await;
    let mut second = fields(&guard, "adopt");
    second.retain(|(k, _)| !k.starts_with("m1"));
    app.client.post(app.url(&path)).send_form(&second).await.unwrap();
    let rec = cycle_record::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    assert_eq!(
        (rec.version, rec.source.as_str(), rec.decision.as_deref()),
        (2, "form", Some("adopt"))
    );
    let view = labloop::cycles::records::for_cycle(&app.ctx.db, rec.cycle_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.measures.len(), 1);
    assert_eq!(
        labloop::cycles::records::versions(&app.ctx.db, rec.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn bad_form_input_is_refused_with_the_reasons_and_nothing_is_saved(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let path = setup(&app).await;
    let guard = app.form_guard(&path).await;
    let mut bad = fields(&guard, "maybe");
    bad.push(("m2_value", "7"));
    let long = "x".repeat(10_001);
    bad.retain(|(k, _)| *k != "learning");
    bad.push(("learning", &long));
    let (status, page) = app.post_form(&path, &bad).await;
    assert_eq!(status, 400);
    for reason in [
        "Choose adopt, adapt or abandon",
        "Measure 3 has a value but no name",
        "too long",
    ] {
        assert!(page.contains(reason), "{reason}");
    }
    assert!(
        page.contains("Expected date of discharge on every whiteboard"),
        "what was typed is kept"
    );
    assert_eq!(cycle_record::Entity::find().count(&app.ctx.db).await.unwrap(), 0);

    // No guard, a foreign origin, a forged link.
    let no_guard: Vec<_> = fields("", "adapt").into_iter().filter(|(k, _)| *k != "guard").collect();
    assert_eq!(app.post_form(&path, &no_guard).await.0, 403);
    let mut r = app
        .client
        .post(app.url(&path))
        .insert_header(("Origin", "https://evil.example"))
        .send_form(&fields(&guard, "adapt"))
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let _ = r.body().await;
    assert_eq!(app.get("/cycles/form/aaaaaaaaaaaaaaaaaaaaaaaaaa").await.0, 400);
    assert_eq!(cycle_record::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
}

async fn more_measure_rows_can_be_added_without_javascript(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let path = setup(&app).await;
    let guard = app.form_guard(&path).await;
    let mut f = fields(&guard, "");
    f.retain(|(k, _)| *k != "action");
    f.push(("action", "add_rows"));
    let (status, page) = app.post_form(&path, &f).await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"m5_name\""), "six rows now");
    assert!(page.contains("value=\"Boards with a date\""), "typed values kept");
    assert_eq!(
        cycle_record::Entity::find().count(&app.ctx.db).await.unwrap(),
        0,
        "adding rows saves nothing"
    );
}

async fn after_the_cycle_closes_the_form_is_read_only(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let path = setup(&app).await;
    let guard = app.form_guard(&path).await;
    app.post_form(&path, &fields(&guard, "adapt")).await;
    jobs::close(
        &app.ctx,
        chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 1, 0, 0, 0).unwrap(),
    )
    .await
    .unwrap();

    let (status, page) = app.get(&path).await;
    assert_eq!(status, 200);
    assert!(page.contains("This cycle is closed"));
    assert!(!page.contains("<textarea"), "no inputs");
    assert!(
        page.contains("Expected date of discharge on every whiteboard"),
        "the record is shown"
    );
    let (status, _) = app.post_form(&path, &fields(&guard, "abandon")).await;
    assert_eq!(status, 409);
    assert_eq!(
        cycle_record::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
}

async fn someone_taken_off_the_team_can_no_longer_use_their_link(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let path = setup(&app).await;
    let team = labloop::cycles::teams::team_named(&app.ctx.db, "Discharge")
        .await
        .unwrap();
    labloop::cycles::teams::remove_member(
        &app.ctx.db,
        &team,
        &labloop::domain::EmailAddress::parse("bev@trust.example.uk").unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(app.get(&path).await.0, 403);
}

on_both_databases!(
    the_form_saves_a_new_version_and_shows_it_prefilled,
    bad_form_input_is_refused_with_the_reasons_and_nothing_is_saved,
    more_measure_rows_can_be_added_without_javascript,
    after_the_cycle_closes_the_form_is_read_only,
    someone_taken_off_the_team_can_no_longer_use_their_link,
);
