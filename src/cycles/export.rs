//! Cycle records for analysts: `labloop records export --format json|csv` and `/api/records`.
use std::io::Write;

use chrono::{DateTime, NaiveDate, Utc};
use entity::{cycle, cycle_record, person, team};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryOrder};
use serde::Serialize;

use super::records::{for_cycle, measure_line};
use crate::inbound::reply::Fields;

/// One record as exported: team, cycle, period, the fields as `parse-reply` prints them.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedRecord {
    pub team: String,
    pub cycle: i32,
    pub period: PeriodView,
    pub fields: Fields,
    pub source: String,
    pub needs_review: bool,
    pub submitted_by: Option<String>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A period as exported.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Every current record, by team and cycle.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<ExportedRecord>, DbErr> {
    let teams = team::Entity::find().all(db).await?;
    let people = person::Entity::find().all(db).await?;
    let cycles = cycle::Entity::find()
        .order_by_asc(cycle::Column::TeamId)
        .order_by_asc(cycle::Column::Number)
        .all(db)
        .await?;
    let with_records: Vec<i64> = cycle_record::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.cycle_id)
        .collect();
    let mut out = Vec::new();
    for c in cycles.into_iter().filter(|c| with_records.contains(&c.id)) {
        let Some(view) = for_cycle(db, c.id).await? else {
            continue;
        };
        let r = &view.record;
        out.push(ExportedRecord {
            team: teams
                .iter()
                .find(|t| t.id == c.team_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            cycle: c.number,
            period: PeriodView {
                start: c.period_start,
                end: c.period_end,
            },
            fields: view.fields(),
            source: r.source.clone(),
            needs_review: r.needs_review,
            submitted_by: r
                .submitted_by
                .and_then(|id| people.iter().find(|p| p.id == id))
                .map(|p| p.email.clone()),
            version: r.version,
            updated_at: r.updated_at,
        });
    }
    out.sort_by(|a, b| a.team.cmp(&b.team).then(a.cycle.cmp(&b.cycle)));
    Ok(out)
}

/// Writes records as CSV, one row per record, measures joined with "; ".
pub fn write_csv(records: &[ExportedRecord], out: impl Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "team",
        "cycle",
        "period_start",
        "period_end",
        "change",
        "prediction",
        "what_happened",
        "measures",
        "learning",
        "decision",
        "next_steps",
        "source",
        "needs_review",
        "submitted_by",
        "version",
        "updated_at",
    ])?;
    for r in records {
        let f = &r.fields;
        let measures: Vec<String> = f.measures.iter().map(measure_line).collect();
        w.write_record([
            r.team.clone(),
            r.cycle.to_string(),
            r.period.start.to_string(),
            r.period.end.to_string(),
            f.change.clone().unwrap_or_default(),
            f.prediction.clone().unwrap_or_default(),
            f.what_happened.clone().unwrap_or_default(),
            measures.join("; "),
            f.learning.clone().unwrap_or_default(),
            f.decision
                .map(super::records::decision_str)
                .unwrap_or_default()
                .to_string(),
            f.next_steps.clone().unwrap_or_default(),
            r.source.clone(),
            r.needs_review.to_string(),
            r.submitted_by.clone().unwrap_or_default(),
            r.version.to_string(),
            r.updated_at.to_rfc3339(),
        ])?;
    }
    w.flush()?;
    Ok(())
}
