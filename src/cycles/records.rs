//! Cycle records: saving a new version (keeping every earlier one) and reading them.
use chrono::{DateTime, Utc};
use entity::{cycle_record, record_measure, record_version};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;

use crate::inbound::reply::{Decision, Fields, Measure, MeasureValue};

/// Where a record's answers came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Email,
    Form,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Email => "email",
            Source::Form => "form",
        }
    }
}

/// One submission: the answers and what is known about them.
#[derive(Debug, Clone)]
pub struct Submission {
    pub fields: Fields,
    pub reply_text: Option<String>,
    pub source: Source,
    pub submitted_by: i64,
    pub inbound_message_id: Option<i64>,
    pub needs_review: bool,
    pub warnings: Vec<String>,
}

/// A record with its measures, as the rest of labloop reads it.
#[derive(Debug, Clone)]
pub struct RecordView {
    pub record: cycle_record::Model,
    pub measures: Vec<record_measure::Model>,
    pub needs_review: bool,
}

impl RecordView {
    /// The answers in the shape `labloop parse-reply` prints.
    pub fn fields(&self) -> Fields {
        let r = &self.record;
        Fields {
            change: r.change.clone(),
            prediction: r.prediction.clone(),
            what_happened: r.what_happened.clone(),
            measures: self.measures.iter().map(to_measure).collect(),
            learning: r.learning.clone(),
            decision: r.decision.as_deref().and_then(decision_from),
            next_steps: r.next_steps.clone(),
        }
    }

    /// Each field as lines of text, in question order (empty when unanswered).
    pub fn field_lines(&self) -> Vec<Vec<String>> {
        Self::lines_of(&self.fields())
    }

    /// The answers of `f` as lines of text, in question order.
    pub fn lines_of(f: &Fields) -> Vec<Vec<String>> {
        let text = |v: &Option<String>| {
            v.as_deref()
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        };
        vec![
            text(&f.change),
            text(&f.prediction),
            text(&f.what_happened),
            f.measures.iter().map(measure_line).collect(),
            text(&f.learning),
            f.decision
                .map(|d| vec![decision_str(d).to_string()])
                .unwrap_or_default(),
            text(&f.next_steps),
        ]
    }
}

/// One measure as a line: "Patients offered the group: 14", "Waiting time: 3 weeks".
pub fn measure_line(m: &Measure) -> String {
    let value = match &m.value {
        MeasureValue::Number(n) => format_number(*n),
        MeasureValue::Text(t) => t.clone(),
    };
    let unit = m.unit.as_deref().unwrap_or("");
    match (value.is_empty(), unit) {
        (true, _) => m.name.clone(),
        (false, "") => format!("{}: {value}", m.name),
        (false, u) if u.starts_with(['£', '$', '€']) => format!("{}: {u}{value}", m.name),
        (false, "%") => format!("{}: {value}%", m.name),
        (false, u) => format!("{}: {value} {u}", m.name),
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// "adopt", "adapt" or "abandon".
pub fn decision_str(d: Decision) -> &'static str {
    match d {
        Decision::Adopt => "adopt",
        Decision::Adapt => "adapt",
        Decision::Abandon => "abandon",
    }
}

/// The decision named by "adopt", "adapt" or "abandon".
pub fn decision_from(s: &str) -> Option<Decision> {
    match s.trim().to_ascii_lowercase().as_str() {
        "adopt" => Some(Decision::Adopt),
        "adapt" => Some(Decision::Adapt),
        "abandon" => Some(Decision::Abandon),
        _ => None,
    }
}

fn to_measure(m: &record_measure::Model) -> Measure {
    let value = match (m.value_number, &m.value_text) {
        (Some(n), _) => MeasureValue::Number(n),
        (None, Some(t)) => MeasureValue::Text(t.clone()),
        (None, None) => MeasureValue::Text(String::new()),
    };
    Measure {
        name: m.name.clone(),
        value,
        unit: m.unit.clone(),
        raw: m.raw.clone(),
    }
}

/// The snapshot kept for each version.
#[derive(Serialize)]
struct Snapshot<'a> {
    fields: &'a Fields,
    reply_text: &'a Option<String>,
    needs_review: bool,
    warnings: &'a [String],
}

/// Saves a submission as the cycle's record: the first version, or a new version
/// that replaces the current one while every earlier version is kept.
pub async fn save(
    db: &impl TransactionTrait,
    cycle_id: i64,
    s: &Submission,
    now: DateTime<Utc>,
) -> Result<RecordView, DbErr> {
    let txn = db.begin().await?;
    let existing = cycle_record::Entity::find()
        .filter(cycle_record::Column::CycleId.eq(cycle_id))
        .one(&txn)
        .await?;
    let f = &s.fields;
    let warnings = serde_json::to_string(&s.warnings).unwrap_or_else(|_| "[]".into());
    let mut row = cycle_record::ActiveModel {
        cycle_id: Set(cycle_id),
        change: Set(f.change.clone()),
        prediction: Set(f.prediction.clone()),
        what_happened: Set(f.what_happened.clone()),
        learning: Set(f.learning.clone()),
        decision: Set(f.decision.map(|d| decision_str(d).to_string())),
        next_steps: Set(f.next_steps.clone()),
        reply_text: Set(s.reply_text.clone()),
        source: Set(s.source.as_str().to_string()),
        submitted_by: Set(Some(s.submitted_by)),
        inbound_message_id: Set(s.inbound_message_id),
        needs_review: Set(s.needs_review),
        warnings: Set(warnings),
        updated_at: Set(now),
        ..Default::default()
    };
    let record = match &existing {
        Some(old) => {
            row.id = Set(old.id);
            row.version = Set(old.version + 1);
            row.update(&txn).await?
        }
        None => {
            row.version = Set(1);
            row.created_at = Set(now);
            row.insert(&txn).await?
        }
    };
    record_measure::Entity::delete_many()
        .filter(record_measure::Column::RecordId.eq(record.id))
        .exec(&txn)
        .await?;
    let rows: Vec<record_measure::ActiveModel> = f
        .measures
        .iter()
        .enumerate()
        .map(|(i, m)| record_measure::ActiveModel {
            record_id: Set(record.id),
            position: Set(i as i32),
            name: Set(m.name.clone()),
            value_number: Set(match m.value {
                MeasureValue::Number(n) => Some(n),
                MeasureValue::Text(_) => None,
            }),
            value_text: Set(match &m.value {
                MeasureValue::Text(t) => Some(t.clone()),
                MeasureValue::Number(_) => None,
            }),
            unit: Set(m.unit.clone()),
            raw: Set(if m.raw.is_empty() {
                measure_line(m)
            } else {
                m.raw.clone()
            }),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        record_measure::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    let snapshot = Snapshot {
        fields: f,
        reply_text: &s.reply_text,
        needs_review: s.needs_review,
        warnings: &s.warnings,
    };
    record_version::ActiveModel {
        record_id: Set(record.id),
        version: Set(record.version),
        snapshot: Set(serde_json::to_string(&snapshot).unwrap_or_default()),
        source: Set(s.source.as_str().to_string()),
        submitted_by: Set(Some(s.submitted_by)),
        inbound_message_id: Set(s.inbound_message_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let view = load_measures(&txn, record).await?;
    txn.commit().await?;
    Ok(view)
}

async fn load_measures(db: &impl ConnectionTrait, record: cycle_record::Model) -> Result<RecordView, DbErr> {
    let measures = record_measure::Entity::find()
        .filter(record_measure::Column::RecordId.eq(record.id))
        .order_by_asc(record_measure::Column::Position)
        .all(db)
        .await?;
    Ok(RecordView {
        needs_review: record.needs_review,
        record,
        measures,
    })
}

/// The current record of a cycle, if any.
pub async fn for_cycle(db: &impl ConnectionTrait, cycle_id: i64) -> Result<Option<RecordView>, DbErr> {
    match cycle_record::Entity::find()
        .filter(cycle_record::Column::CycleId.eq(cycle_id))
        .one(db)
        .await?
    {
        Some(r) => Ok(Some(load_measures(db, r).await?)),
        None => Ok(None),
    }
}

/// Every saved version of a record, oldest first.
pub async fn versions(db: &impl ConnectionTrait, record_id: i64) -> Result<Vec<record_version::Model>, DbErr> {
    record_version::Entity::find()
        .filter(record_version::Column::RecordId.eq(record_id))
        .order_by_asc(record_version::Column::Version)
        .all(db)
        .await
}
