//! The cycle jobs the scheduler runs: open cycles and remind, follow up, close.
//! Each is idempotent: the unique key on (cycle, person, kind) in `cycle_notices` is
//! what stops a second reminder, whoever runs the job and however often.
use chrono::{DateTime, Utc};
use entity::cycle::{self, State};
use entity::{cycle_notice, cycle_record, person, team};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait, TryInsertResult,
};

use super::Period;
use super::emails::{Notice, notice};
use super::teams::members;
use crate::context::AppContext;

/// What a job did, for logs and `labloop jobs run`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JobReport {
    pub cycles_opened: usize,
    pub emails_queued: usize,
    pub already_sent: usize,
    pub skipped_bouncing: usize,
    pub closed: usize,
    pub missed: usize,
}

impl std::fmt::Display for JobReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} cycles opened, {} emails queued, {} already sent, {} bouncing addresses skipped, {} cycles closed, {} missed",
            self.cycles_opened, self.emails_queued, self.already_sent, self.skipped_bouncing, self.closed, self.missed
        )
    }
}

/// `cycle-reminders`: opens this period's cycle for every team and sends each member
/// a reminder.
pub async fn remind(ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<JobReport> {
    let period = Period::containing(now, ctx.config.timezone, ctx.config.cadence);
    let mut report = JobReport::default();
    for t in team::Entity::find().order_by_asc(team::Column::Id).all(&ctx.db).await? {
        let people = members(&ctx.db, t.id).await?;
        if people.is_empty() {
            continue;
        }
        let (c, opened) = open_cycle(&ctx.db, &t, period, now).await?;
        report.cycles_opened += usize::from(opened);
        if c.state != State::Open {
            continue;
        }
        send_notices(ctx, Notice::Reminder, &t, &c, &people, now, &mut report).await?;
    }
    ctx.wake_delivery();
    Ok(report)
}

/// `cycle-followups`: one follow-up to the members of teams that have not answered
/// in this period.
pub async fn follow_up(ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<JobReport> {
    let period = Period::containing(now, ctx.config.timezone, ctx.config.cadence);
    let mut report = JobReport::default();
    let open = cycle::Entity::find()
        .filter(cycle::Column::PeriodStart.eq(period.start))
        .filter(cycle::Column::State.eq(State::Open))
        .all(&ctx.db)
        .await?;
    for c in open {
        if has_record(&ctx.db, c.id).await? {
            continue;
        }
        let Some(t) = team::Entity::find_by_id(c.team_id).one(&ctx.db).await? else {
            continue;
        };
        let people = members(&ctx.db, t.id).await?;
        send_notices(ctx, Notice::FollowUp, &t, &c, &people, now, &mut report).await?;
    }
    ctx.wake_delivery();
    Ok(report)
}

/// `cycle-close`: closes every open cycle whose period has ended by `now` (in the
/// programme's timezone): answered ones as closed, the others as missed.
pub async fn close(ctx: &AppContext, now: DateTime<Utc>) -> anyhow::Result<JobReport> {
    let today = now.with_timezone(&ctx.config.timezone).date_naive();
    let mut report = JobReport::default();
    let ending = cycle::Entity::find()
        .filter(cycle::Column::State.eq(State::Open))
        .filter(cycle::Column::PeriodEnd.lte(today))
        .all(&ctx.db)
        .await?;
    for c in ending {
        let state = if has_record(&ctx.db, c.id).await? {
            State::Closed
        } else {
            State::Missed
        };
        // Only an open cycle changes, so two instances closing at once agree.
        cycle::Entity::update_many()
            .col_expr(cycle::Column::State, Expr::value(state))
            .col_expr(cycle::Column::ClosedAt, Expr::value(Some(now)))
            .filter(cycle::Column::Id.eq(c.id))
            .filter(cycle::Column::State.eq(State::Open))
            .exec(&ctx.db)
            .await?;
        match state {
            State::Missed => report.missed += 1,
            _ => report.closed += 1,
        }
        tracing::info!(cycle_id = c.id, team_id = c.team_id, state = ?state, "cycle closed");
    }
    Ok(report)
}

async fn has_record(db: &impl ConnectionTrait, cycle_id: i64) -> Result<bool, DbErr> {
    Ok(cycle_record::Entity::find()
        .filter(cycle_record::Column::CycleId.eq(cycle_id))
        .one(db)
        .await?
        .is_some())
}

/// The team's cycle for `period`, created (with the next number) if new.
pub async fn open_cycle(
    db: &impl ConnectionTrait,
    t: &team::Model,
    period: Period,
    now: DateTime<Utc>,
) -> Result<(cycle::Model, bool), DbErr> {
    let find = || {
        cycle::Entity::find()
            .filter(cycle::Column::TeamId.eq(t.id))
            .filter(cycle::Column::PeriodStart.eq(period.start))
    };
    if let Some(c) = find().one(db).await? {
        return Ok((c, false));
    }
    let last: Option<i32> = cycle::Entity::find()
        .select_only()
        .column_as(cycle::Column::Number.max(), "n")
        .filter(cycle::Column::TeamId.eq(t.id))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    let inserted = cycle::Entity::insert(cycle::ActiveModel {
        team_id: Set(t.id),
        number: Set(last.unwrap_or(0) + 1),
        period_start: Set(period.start),
        period_end: Set(period.end),
        state: Set(State::Open),
        opened_at: Set(now),
        closed_at: Set(None),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([cycle::Column::TeamId, cycle::Column::PeriodStart])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    let c = find()
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("cycle just opened".into()))?;
    let opened = matches!(inserted, TryInsertResult::Inserted(_));
    if opened {
        tracing::info!(team = %t.name, cycle = c.number, period_start = %period.start, "cycle opened");
    }
    Ok((c, opened))
}

async fn send_notices(
    ctx: &AppContext,
    kind: Notice,
    t: &team::Model,
    c: &cycle::Model,
    people: &[person::Model],
    now: DateTime<Utc>,
    report: &mut JobReport,
) -> anyhow::Result<()> {
    for p in people {
        if p.bouncing {
            tracing::warn!(team = %t.name, person = %p.email, "address is bouncing: no {} sent", kind.as_str());
            report.skipped_bouncing += 1;
            continue;
        }
        let sent = cycle_notice::Entity::find()
            .filter(cycle_notice::Column::CycleId.eq(c.id))
            .filter(cycle_notice::Column::PersonId.eq(p.id))
            .filter(cycle_notice::Column::Kind.eq(kind.as_str()))
            .one(&ctx.db)
            .await?;
        if sent.is_some() {
            report.already_sent += 1;
            continue;
        }
        let composed = ctx.compose(notice(ctx, kind, t, c, p)?)?;
        let txn = ctx.db.begin().await?;
        // The unique (cycle, person, kind) key decides: if another run got here first,
        // nothing is inserted and no email is queued.
        let inserted = cycle_notice::Entity::insert(cycle_notice::ActiveModel {
            cycle_id: Set(c.id),
            person_id: Set(p.id),
            kind: Set(kind.as_str().to_string()),
            message_id: Set(composed.message_id.clone()),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                cycle_notice::Column::CycleId,
                cycle_notice::Column::PersonId,
                cycle_notice::Column::Kind,
            ])
            .do_nothing()
            .to_owned(),
        )
        .do_nothing()
        .exec(&txn)
        .await?;
        if matches!(inserted, TryInsertResult::Inserted(_)) {
            crate::outbox::enqueue(&txn, &composed, now).await?;
            report.emails_queued += 1;
        } else {
            report.already_sent += 1;
        }
        txn.commit().await?;
    }
    Ok(())
}
