//! The scheduler: catching up a missed time once, never running a time twice.
use chrono::{TimeZone, Utc};
use entity::{cycle, cycle_notice, job_run};
use labloop::scheduler::{Job, TickOutcome, tick};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::cycles::team_with;
use crate::helpers::{Backend, TestApp, spawn_app, spawn_app_with};
use crate::on_both_databases;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

async fn outcome(app: &TestApp, job: Job, now: chrono::DateTime<Utc>) -> TickOutcome {
    let results = tick(&app.ctx, now).await;
    let (_, r) = results.into_iter().find(|(j, _)| *j == job).unwrap();
    r.unwrap()
}

async fn reminders(app: &TestApp) -> u64 {
    cycle_notice::Entity::find()
        .filter(cycle_notice::Column::Kind.eq("reminder"))
        .count(&app.ctx.db)
        .await
        .unwrap()
}

async fn a_fresh_installation_does_not_run_what_was_due_before_it(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    let first = outcome(&app, Job::CycleReminders, at(2026, 11, 25, 12, 0)).await;
    assert_eq!(first, TickOutcome::Baseline(at(2026, 11, 1, 9, 0)));
    assert_eq!(reminders(&app).await, 0);
}

async fn a_due_time_runs_once_however_often_it_ticks(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    outcome(&app, Job::CycleReminders, at(2026, 11, 25, 12, 0)).await;

    let due = at(2026, 12, 1, 9, 0);
    assert!(matches!(outcome(&app, Job::CycleReminders, due).await, TickOutcome::Ran(slot, _) if slot == due));
    assert_eq!(
        outcome(&app, Job::CycleReminders, at(2026, 12, 1, 9, 1)).await,
        TickOutcome::NothingDue
    );
    // Two instances ticking at the same moment for the next time: one runs it.
    let next = at(2027, 1, 1, 9, 0);
    let (a, b) = tokio::join!(tick(&app.ctx, next), tick(&app.ctx, next));
    let ran = a
        .into_iter()
        .chain(b)
        .filter(|(j, r)| *j == Job::CycleReminders && matches!(r, Ok(TickOutcome::Ran(..))))
        .count();
    assert_eq!(ran, 1);
    assert_eq!(reminders(&app).await, 2, "December's and January's reminder, once each");
}

async fn times_missed_while_down_run_once_on_restart(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    outcome(&app, Job::CycleReminders, at(2026, 11, 25, 12, 0)).await;
    // Down from late November until 5 January: the 1 December and 1 January times passed.
    let back = at(2027, 1, 5, 8, 0);
    assert!(
        matches!(outcome(&app, Job::CycleReminders, back).await, TickOutcome::Ran(slot, _) if slot == at(2027, 1, 1, 9, 0))
    );
    assert_eq!(
        outcome(&app, Job::CycleReminders, at(2027, 1, 5, 8, 1)).await,
        TickOutcome::NothingDue
    );
    let periods: Vec<String> = cycle::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.period_start.to_string())
        .collect();
    assert_eq!(periods, ["2027-01-01"], "the latest time runs, once");
}

async fn a_run_left_unfinished_by_a_crash_is_taken_over_later(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    outcome(&app, Job::CycleReminders, at(2026, 11, 25, 12, 0)).await;
    let slot = at(2026, 12, 1, 9, 0);
    // Another instance claimed the time and died.
    job_run::ActiveModel {
        job: Set("cycle-reminders".into()),
        slot: Set(slot),
        started_at: Set(slot),
        status: Set("running".into()),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    assert_eq!(
        outcome(&app, Job::CycleReminders, at(2026, 12, 1, 9, 30)).await,
        TickOutcome::NothingDue,
        "still running elsewhere"
    );
    assert!(
        matches!(
            outcome(&app, Job::CycleReminders, at(2026, 12, 1, 10, 30)).await,
            TickOutcome::Ran(..)
        ),
        "stale after an hour"
    );
    assert_eq!(reminders(&app).await, 1);
    let run = job_run::Entity::find()
        .filter(job_run::Column::Slot.eq(slot))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(run.status, "ok");
    assert!(run.detail.unwrap().contains("1 emails queued"));
}

async fn a_switched_off_job_never_runs(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |c| c.jobs.cycle_reminders = None).await else {
        return;
    };
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    assert_eq!(
        outcome(&app, Job::CycleReminders, at(2026, 11, 25, 12, 0)).await,
        TickOutcome::NothingDue
    );
    assert_eq!(
        outcome(&app, Job::CycleReminders, at(2026, 12, 2, 12, 0)).await,
        TickOutcome::NothingDue
    );
    assert_eq!(reminders(&app).await, 0);
}

on_both_databases!(
    a_fresh_installation_does_not_run_what_was_due_before_it,
    a_due_time_runs_once_however_often_it_ticks,
    times_missed_while_down_run_once_on_restart,
    a_run_left_unfinished_by_a_crash_is_taken_over_later,
    a_switched_off_job_never_runs,
);
