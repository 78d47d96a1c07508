//! Scheduled jobs: cron strings from the configuration, read in the programme's
//! timezone (so 09:00 stays 09:00 across daylight saving).
//!
//! tokio-cron-scheduler is the clock: it ticks once a minute, and each tick runs
//! every job whose latest scheduled time has no run yet. The `job_runs` table (unique
//! on job and scheduled time) decides who runs a time, so two instances never run
//! the same one, and a time that passed while labloop was down runs once when it
//! starts again. The jobs themselves are plain functions that take "now".
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use entity::job_run;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TryInsertResult};

use crate::context::AppContext;

/// Parses a cron expression (seconds optional) as the scheduler will read it.
pub fn parse_schedule(expr: &str) -> anyhow::Result<croner::Cron> {
    croner::Cron::new(expr)
        .with_seconds_optional()
        .parse()
        .map_err(|e| anyhow::anyhow!("not a valid cron expression: {e}"))
}

/// The scheduled jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    CycleReminders,
    CycleFollowups,
    CycleClose,
    NewsletterDraft,
}

impl Job {
    /// Every job, in the order they are listed.
    pub const ALL: [Job; 4] = [
        Job::CycleReminders,
        Job::CycleFollowups,
        Job::CycleClose,
        Job::NewsletterDraft,
    ];

    /// The job's name (`labloop jobs run NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Job::CycleReminders => "cycle-reminders",
            Job::CycleFollowups => "cycle-followups",
            Job::CycleClose => "cycle-close",
            Job::NewsletterDraft => "newsletter-draft",
        }
    }

    /// The job called `name`.
    pub fn named(name: &str) -> Option<Job> {
        Job::ALL.into_iter().find(|j| j.name() == name)
    }

    /// Its cron expression, or None when switched off.
    pub fn schedule(self, ctx: &AppContext) -> Option<&str> {
        let jobs = &ctx.config.jobs;
        match self {
            Job::CycleReminders => jobs.cycle_reminders.as_deref(),
            Job::CycleFollowups => jobs.cycle_followups.as_deref(),
            Job::CycleClose => jobs.cycle_close.as_deref(),
            Job::NewsletterDraft => jobs.newsletter_draft.as_deref(),
        }
    }

    /// Runs the job as of `now`; returns what it did.
    pub async fn run(self, ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<String> {
        Ok(match self {
            Job::CycleReminders => crate::cycles::jobs::remind(ctx, now).await?.to_string(),
            Job::CycleFollowups => crate::cycles::jobs::follow_up(ctx, now).await?.to_string(),
            Job::CycleClose => crate::cycles::jobs::close(ctx, now).await?.to_string(),
            Job::NewsletterDraft => crate::newsletter::assemble::draft(ctx, now).await?.to_string(),
        })
    }
}

/// The first scheduled time after `after`.
pub fn next_time(cron: &str, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let c = parse_schedule(cron).ok()?;
    c.find_next_occurrence(&after.with_timezone(&tz), false)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The latest scheduled time at or before `now` (looking back at most a year).
pub fn previous_time(cron: &str, tz: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let c = parse_schedule(cron).ok()?;
    // croner only searches forwards: start a little before now, and further back
    // until a time is found.
    for back in [
        Duration::hours(1),
        Duration::days(2),
        Duration::days(40),
        Duration::days(370),
    ] {
        let mut t = (now - back).with_timezone(&tz);
        let mut last = None;
        while let Ok(next) = c.find_next_occurrence(&t, false) {
            if next.with_timezone(&Utc) > now {
                break;
            }
            last = Some(next.with_timezone(&Utc));
            t = next;
        }
        if last.is_some() {
            return last;
        }
    }
    None
}

/// What happened to a job at one tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TickOutcome {
    /// Ran for this scheduled time, with this summary.
    Ran(DateTime<Utc>, String),
    /// Nothing due (off, already run, or run by another instance).
    NothingDue,
    /// First start: the latest time predates this installation and is not run.
    Baseline(DateTime<Utc>),
}

/// Runs every job whose latest scheduled time (as of `now`) has not run yet.
pub async fn tick(ctx: &AppContext, now: DateTime<Utc>) -> Vec<(Job, anyhow::Result<TickOutcome>)> {
    let mut out = Vec::new();
    for job in Job::ALL {
        out.push((job, tick_job(ctx, job, now).await));
    }
    out
}

async fn tick_job(ctx: &AppContext, job: Job, now: DateTime<Utc>) -> anyhow::Result<TickOutcome> {
    let Some(cron) = job.schedule(ctx) else {
        return Ok(TickOutcome::NothingDue);
    };
    let Some(slot) = previous_time(cron, ctx.config.timezone, now) else {
        return Ok(TickOutcome::NothingDue);
    };
    let ever_ran = job_run::Entity::find()
        .filter(job_run::Column::Job.eq(job.name()))
        .one(&ctx.db)
        .await?
        .is_some();
    if !ever_ran {
        // A fresh installation does not run what was due before it existed.
        claim(ctx, job, slot, now, "skipped").await?;
        return Ok(TickOutcome::Baseline(slot));
    }
    if !claim(ctx, job, slot, now, "running").await? {
        return Ok(TickOutcome::NothingDue);
    }
    Ok(TickOutcome::Ran(slot, execute(ctx, job, slot, now).await?))
}

/// Runs a job now, whatever its schedule (`labloop jobs run`); recorded like any run.
pub async fn run_now(ctx: &AppContext, job: Job, now: DateTime<Utc>) -> anyhow::Result<String> {
    claim(ctx, job, now, now, "running").await?;
    execute(ctx, job, now, now).await
}

async fn execute(ctx: &AppContext, job: Job, slot: DateTime<Utc>, started: DateTime<Utc>) -> anyhow::Result<String> {
    tracing::info!(job = job.name(), slot = %slot, "job started");
    let result = job.run(ctx, slot).await;
    let (status, detail) = match &result {
        Ok(summary) => ("ok", summary.clone()),
        Err(e) => ("failed", format!("{e:#}")),
    };
    job_run::Entity::update_many()
        .col_expr(job_run::Column::Status, Expr::value(status))
        .col_expr(job_run::Column::Detail, Expr::value(Some(detail.clone())))
        .col_expr(job_run::Column::FinishedAt, Expr::value(Some(Utc::now())))
        .filter(job_run::Column::Job.eq(job.name()))
        .filter(job_run::Column::Slot.eq(slot))
        .exec(&ctx.db)
        .await?;
    match &result {
        Ok(_) => {
            tracing::info!(job = job.name(), slot = %slot, ms = (Utc::now() - started).num_milliseconds(), %detail, "job finished")
        }
        Err(_) => tracing::error!(job = job.name(), slot = %slot, error = %detail, "job failed"),
    }
    result
}

/// How long a run may go without finishing before another instance takes it over.
const STALE_AFTER: Duration = Duration::hours(1);

/// Claims (job, slot) for this instance. A run left unfinished by a crash is taken
/// over once it is stale (the jobs are idempotent, so a second run is safe).
async fn claim(
    ctx: &AppContext,
    job: Job,
    slot: DateTime<Utc>,
    now: DateTime<Utc>,
    status: &str,
) -> anyhow::Result<bool> {
    let inserted = job_run::Entity::insert(job_run::ActiveModel {
        job: Set(job.name().to_string()),
        slot: Set(slot),
        started_at: Set(now),
        finished_at: Set((status == "skipped").then_some(now)),
        status: Set(status.to_string()),
        detail: Set((status == "skipped").then(|| "labloop was installed after this time".to_string())),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([job_run::Column::Job, job_run::Column::Slot])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(&ctx.db)
    .await?;
    if matches!(inserted, TryInsertResult::Inserted(_)) {
        return Ok(true);
    }
    let taken_over = job_run::Entity::update_many()
        .col_expr(job_run::Column::StartedAt, Expr::value(now))
        .filter(job_run::Column::Job.eq(job.name()))
        .filter(job_run::Column::Slot.eq(slot))
        .filter(job_run::Column::Status.eq("running"))
        .filter(job_run::Column::StartedAt.lt(now - STALE_AFTER))
        .exec(&ctx.db)
        .await?;
    Ok(taken_over.rows_affected == 1)
}

/// A job as `labloop jobs list` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JobStatus {
    pub name: &'static str,
    pub schedule: Option<String>,
    pub next_run: Option<DateTime<Tz>>,
    pub last_run: Option<(DateTime<Tz>, String)>,
}

/// Every job with its schedule, next time and last run.
pub async fn status(ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<Vec<JobStatus>> {
    let tz = ctx.config.timezone;
    let mut out = Vec::new();
    for job in Job::ALL {
        let schedule = job.schedule(ctx).map(str::to_string);
        let last = job_run::Entity::find()
            .filter(job_run::Column::Job.eq(job.name()))
            .order_by_desc(job_run::Column::Slot)
            .one(&ctx.db)
            .await?;
        out.push(JobStatus {
            name: job.name(),
            next_run: schedule
                .as_deref()
                .and_then(|c| next_time(c, tz, now))
                .map(|t| t.with_timezone(&tz)),
            last_run: last.map(|r| (r.slot.with_timezone(&tz), r.status)),
            schedule,
        });
    }
    Ok(out)
}

/// Starts the clock: a tick now (catching up anything missed while down), then one
/// every minute until `shutdown`.
pub async fn start(ctx: AppContext, mut shutdown: tokio::sync::watch::Receiver<bool>) -> anyhow::Result<()> {
    log_tick(tick(&ctx, Utc::now()).await);
    let mut scheduler = tokio_cron_scheduler::JobScheduler::new().await?;
    let c = ctx.clone();
    let every_minute = tokio_cron_scheduler::Job::new_async("0 * * * * *", move |_id, _sched| {
        let ctx = c.clone();
        Box::pin(async move { log_tick(tick(&ctx, Utc::now()).await) })
    })?;
    scheduler.add(every_minute).await?;
    scheduler.start().await?;
    let _ = shutdown.changed().await;
    scheduler.shutdown().await?;
    Ok(())
}

fn log_tick(results: Vec<(Job, anyhow::Result<TickOutcome>)>) {
    for (job, r) in results {
        match r {
            Ok(TickOutcome::Baseline(slot)) => {
                tracing::info!(job = job.name(), slot = %slot, "first start: not running a time from before installation")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(
                job = job.name(),
                error = format!("{e:#}"),
                "scheduled job could not run"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_are_read_in_the_programme_timezone_across_daylight_saving() {
        let tz: Tz = "Europe/London".parse().unwrap();
        // 09:00 London on 1 July is 08:00 UTC; on 1 December it is 09:00 UTC.
        let july = next_time("0 0 9 1 * *", tz, Utc.with_ymd_and_hms(2026, 6, 20, 0, 0, 0).unwrap()).unwrap();
        assert_eq!(july, Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap());
        let december = next_time("0 0 9 1 * *", tz, Utc.with_ymd_and_hms(2026, 11, 20, 0, 0, 0).unwrap()).unwrap();
        assert_eq!(december, Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
    }

    #[test]
    fn the_previous_time_is_the_latest_at_or_before_now() {
        let tz: Tz = "Europe/London".parse().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        assert_eq!(
            previous_time("0 0 9 1 * *", tz, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap())
        );
        assert_eq!(
            previous_time("0 0 9 15 * *", tz, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 15, 9, 0, 0).unwrap())
        );
        // The last day of the month: 31 October 23:55 London (GMT again by then).
        assert_eq!(
            previous_time("0 55 23 L * *", tz, now),
            Some(Utc.with_ymd_and_hms(2026, 10, 31, 23, 55, 0).unwrap())
        );
        let exactly = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        assert_eq!(previous_time("0 0 9 1 * *", tz, exactly), Some(exactly));
    }
}
