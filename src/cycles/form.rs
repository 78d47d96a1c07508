//! The cycle form: the link in every reminder (a signed token, no login) shows the
//! seven questions prefilled with what is recorded; saving makes a new version.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use entity::cycle::State;
use entity::{cycle, person, team};
use sea_orm::EntityTrait;
use serde::Deserialize;
use serde_json::json;

use super::records::{RecordView, Source, Submission, decision_from, for_cycle, save};
use super::teams::member;
use super::{Period, QUESTIONS};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::inbound::reply::{Fields, Measure, MeasureValue};
use crate::tokens::Purpose;
use crate::web::{Page, PageError, check_same_site, form_guard, render_page, verify_form_guard};

/// Blank measure rows offered below the filled ones.
const SPARE_ROWS: usize = 3;
/// The most measure rows a form takes.
const MAX_ROWS: usize = 40;
/// The longest answer accepted in one field.
const MAX_ANSWER: usize = 10_000;

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(submit);
}

struct Context {
    team: team::Model,
    cycle: cycle::Model,
    person: person::Model,
}

async fn load(ctx: &AppContext, token: &str) -> Result<Context, PageError> {
    let values = ctx.signer.verify(Purpose::CycleForm, token, Utc::now()).map_err(|e| {
        tracing::warn!(reason = %e, "cycle form link refused");
        PageError::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            "This form link is not valid. Use the link in your team's latest reminder email.",
        )
    })?;
    let [cycle_id, person_id] = values[..] else {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "This link is not valid",
            "This form link is not valid.",
        ));
    };
    let gone = || PageError::new(StatusCode::NOT_FOUND, "Not found", "This cycle no longer exists.");
    let cycle = cycle::Entity::find_by_id(cycle_id as i64)
        .one(&ctx.db)
        .await?
        .ok_or_else(gone)?;
    let team = team::Entity::find_by_id(cycle.team_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(gone)?;
    let person = person::Entity::find_by_id(person_id as i64)
        .one(&ctx.db)
        .await?
        .ok_or_else(gone)?;
    let address = EmailAddress::parse(&person.email).map_err(anyhow::Error::from)?;
    if member(&ctx.db, team.id, &address).await?.is_none() {
        tracing::warn!(person = %person.email, team = %team.name, "cycle form opened by someone no longer on the team");
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "Not on this team",
            "You are no longer on this team, so you cannot change its record.",
        ));
    }
    Ok(Context { team, cycle, person })
}

/// What the form shows: from the record, or from what was just posted.
#[derive(Default)]
struct Values {
    text: [String; 5],
    decision: String,
    measures: Vec<[String; 3]>,
}

const TEXT_FIELDS: [&str; 5] = ["change", "prediction", "what_happened", "learning", "next_steps"];

impl Values {
    fn from_record(r: &RecordView) -> Self {
        let f = r.fields();
        let measures = f
            .measures
            .iter()
            .map(|m| {
                let value = match &m.value {
                    MeasureValue::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
                    MeasureValue::Number(n) => n.to_string(),
                    MeasureValue::Text(t) => t.clone(),
                };
                [m.name.clone(), value, m.unit.clone().unwrap_or_default()]
            })
            .collect();
        let t = |v: Option<String>| v.unwrap_or_default();
        Values {
            text: [
                t(f.change),
                t(f.prediction),
                t(f.what_happened),
                t(f.learning),
                t(f.next_steps),
            ],
            decision: f
                .decision
                .map(|d| super::records::decision_str(d).to_string())
                .unwrap_or_default(),
            measures,
        }
    }

    fn from_post(pairs: &[(String, String)], rows: usize) -> Self {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.replace("\r\n", "\n"))
                .unwrap_or_default()
        };
        let measures = (0..rows.min(MAX_ROWS))
            .map(|i| {
                [
                    get(&format!("m{i}_name")),
                    get(&format!("m{i}_value")),
                    get(&format!("m{i}_unit")),
                ]
            })
            .collect();
        Values {
            text: TEXT_FIELDS.map(get),
            decision: get("decision"),
            measures,
        }
    }

    /// The answers, or what must be corrected first.
    fn to_fields(&self) -> Result<Fields, Vec<String>> {
        let mut errors = Vec::new();
        for (i, v) in self.text.iter().enumerate() {
            if v.chars().count() > MAX_ANSWER {
                errors.push(format!(
                    "The answer to “{}” is too long (at most {MAX_ANSWER} characters).",
                    TEXT_FIELDS[i].replace('_', " ")
                ));
            }
        }
        let decision = match self.decision.trim() {
            "" => None,
            d => match decision_from(d) {
                Some(d) => Some(d),
                None => {
                    errors.push("Choose adopt, adapt or abandon (or “not decided yet”).".to_string());
                    None
                }
            },
        };
        let mut measures = Vec::new();
        for (i, [name, value, unit]) in self.measures.iter().enumerate() {
            let (name, value, unit) = (name.trim(), value.trim(), unit.trim());
            if name.is_empty() && value.is_empty() && unit.is_empty() {
                continue;
            }
            if name.is_empty() {
                errors.push(format!("Measure {} has a value but no name.", i + 1));
                continue;
            }
            if value.is_empty() {
                errors.push(format!("Measure {} ({name}) has no value.", i + 1));
                continue;
            }
            if name.chars().count() > 200 || value.chars().count() > 200 || unit.chars().count() > 50 {
                errors.push(format!("Measure {} is too long.", i + 1));
                continue;
            }
            let number = value.replace(',', "").parse::<f64>().ok().filter(|n| n.is_finite());
            measures.push(Measure {
                name: name.to_string(),
                value: number
                    .map(MeasureValue::Number)
                    .unwrap_or_else(|| MeasureValue::Text(value.to_string())),
                unit: (!unit.is_empty()).then(|| unit.to_string()),
                raw: if unit.is_empty() {
                    format!("{name}: {value}")
                } else {
                    format!("{name}: {value} {unit}")
                },
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let t = |i: usize| Some(self.text[i].trim().to_string()).filter(|s| !s.is_empty());
        Ok(Fields {
            change: t(0),
            prediction: t(1),
            what_happened: t(2),
            measures,
            learning: t(3),
            decision,
            next_steps: t(4),
        })
    }
}

fn page(
    ctx: &AppContext,
    c: &Context,
    token: &str,
    v: &Values,
    rows: usize,
    note: (bool, bool),
    errors: &[String],
) -> Page {
    let (saved, needs_review) = note;
    let mut measures: Vec<serde_json::Value> = v
        .measures
        .iter()
        .map(|[n, val, u]| json!({ "name": n, "value": val, "unit": u }))
        .collect();
    while measures.len() < rows {
        measures.push(json!({ "name": "", "value": "", "unit": "" }));
    }
    for (i, m) in measures.iter_mut().enumerate() {
        m["n"] = json!(i + 1);
    }
    let answers: Vec<serde_json::Value> = {
        let f = v.to_fields().unwrap_or_default();
        let view = RecordView::lines_of(&f);
        view.into_iter()
            .enumerate()
            .map(|(i, lines)| json!({ "n": i + 1, "question": QUESTIONS[i], "lines": lines }))
            .collect()
    };
    Page {
        template: "cycle_form",
        title: "Your team's cycle record".into(),
        data: json!({
            "team": c.team.name,
            "number": c.cycle.number,
            "period": Period { start: c.cycle.period_start, end: c.cycle.period_end }.label(ctx.config.cadence),
            "questions": QUESTIONS,
            "action": format!("/cycles/form/{token}"),
            "guard": form_guard(ctx, Utc::now()),
            "rows": rows,
            "change": v.text[0], "prediction": v.text[1], "what_happened": v.text[2], "learning": v.text[3], "next_steps": v.text[4],
            "decision": v.decision,
            "measures": measures,
            "closed": c.cycle.state != State::Open,
            "answers": answers,
            "saved": saved,
            "needs_review": needs_review,
            "errors": errors,
        }),
    }
}

#[derive(Deserialize)]
struct ShowQuery {
    saved: Option<String>,
}

#[get("/cycles/form/{token}")]
async fn show(
    ctx: web::Data<AppContext>,
    token: web::Path<String>,
    q: web::Query<ShowQuery>,
) -> Result<HttpResponse, PageError> {
    let c = load(&ctx, &token).await?;
    let record = for_cycle(&ctx.db, c.cycle.id).await?;
    let values = record.as_ref().map(Values::from_record).unwrap_or_default();
    let review = record
        .as_ref()
        .is_some_and(|r| r.needs_review && r.record.source == "email");
    let rows = values.measures.len() + SPARE_ROWS;
    Ok(render_page(
        StatusCode::OK,
        &page(&ctx, &c, &token, &values, rows, (q.saved.is_some(), review), &[]),
    ))
}

#[post("/cycles/form/{token}")]
async fn submit(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    check_same_site(&ctx, &req)?;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let field = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    verify_form_guard(&ctx, field("guard"), Utc::now())
        .inspect_err(|_| tracing::warn!("cycle form posted without a valid form guard"))?;
    let c = load(&ctx, &token).await?;
    if c.cycle.state != State::Open {
        tracing::info!(cycle_id = c.cycle.id, "change to a closed cycle refused");
        return Err(PageError::new(
            StatusCode::CONFLICT,
            "This cycle is closed",
            "This cycle is closed, so its record can no longer be changed.",
        ));
    }
    let rows = field("rows")
        .and_then(|r| r.parse::<usize>().ok())
        .unwrap_or(SPARE_ROWS)
        .clamp(1, MAX_ROWS);
    let values = Values::from_post(&pairs, rows);
    if field("action") == Some("add_rows") {
        let rows = (rows + SPARE_ROWS).min(MAX_ROWS);
        return Ok(render_page(
            StatusCode::OK,
            &page(&ctx, &c, &token, &values, rows, (false, false), &[]),
        ));
    }
    let fields = match values.to_fields() {
        Ok(f) => f,
        Err(errors) => {
            tracing::info!(cycle_id = c.cycle.id, problems = errors.len(), "cycle form refused");
            return Ok(render_page(
                StatusCode::BAD_REQUEST,
                &page(&ctx, &c, &token, &values, rows, (false, false), &errors),
            ));
        }
    };
    let submission = Submission {
        fields,
        reply_text: None,
        source: Source::Form,
        submitted_by: c.person.id,
        inbound_message_id: None,
        needs_review: false,
        warnings: Vec::new(),
    };
    let saved = save(&ctx.db, c.cycle.id, &submission, Utc::now()).await?;
    tracing::info!(team = %c.team.name, cycle = c.cycle.number, version = saved.record.version, by = %c.person.email, "cycle record saved from the form");
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", format!("/cycles/form/{token}?saved=1")))
        .finish())
}
