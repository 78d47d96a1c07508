//! `/api/teams`, `/api/cycles`, `/api/records`: JSON for operators (bearer key).
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::Utc;
use entity::cycle;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use super::export::PeriodView;
use super::teams::{self, TeamError};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::web::{ApiError, require_bearer};

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_teams)
        .service(create_team)
        .service(add_member)
        .service(remove_member)
        .service(list_cycles)
        .service(list_records);
}

fn auth(req: &HttpRequest, ctx: &AppContext) -> Result<(), ApiError> {
    require_bearer(req, ctx.config.api_key.as_deref(), "LABLOOP_API_KEY")
}

impl From<TeamError> for ApiError {
    fn from(e: TeamError) -> Self {
        match e {
            TeamError::BadName => ApiError::bad_request(e.to_string()),
            TeamError::Exists(_) => ApiError::new(StatusCode::CONFLICT, e.to_string()),
            TeamError::NoSuchTeam(_) => ApiError::not_found(e.to_string()),
            TeamError::Db(e) => ApiError::internal(e),
        }
    }
}

fn address(s: &str) -> Result<EmailAddress, ApiError> {
    EmailAddress::parse(s).map_err(|e| ApiError::bad_request(format!("{s:?}: {e}")))
}

#[get("/api/teams")]
async fn list_teams(req: HttpRequest, ctx: web::Data<AppContext>) -> Result<HttpResponse, ApiError> {
    auth(&req, &ctx)?;
    Ok(HttpResponse::Ok().json(teams::list(&ctx.db).await?))
}

#[derive(Deserialize)]
struct NewTeam {
    name: String,
    #[serde(default)]
    members: Vec<String>,
}

#[post("/api/teams")]
async fn create_team(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    body: web::Json<NewTeam>,
) -> Result<HttpResponse, ApiError> {
    auth(&req, &ctx)?;
    let members = body.members.iter().map(|m| address(m)).collect::<Result<Vec<_>, _>>()?;
    let team = teams::add_team(&ctx.db, &body.name, &members, Utc::now()).await?;
    let view = teams::list(&ctx.db).await?.into_iter().find(|t| t.id == team.id);
    Ok(HttpResponse::Created().json(view))
}

#[derive(Deserialize)]
struct NewMember {
    email: String,
    name: Option<String>,
}

#[post("/api/teams/{team}/members")]
async fn add_member(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    path: web::Path<String>,
    body: web::Json<NewMember>,
) -> Result<HttpResponse, ApiError> {
    auth(&req, &ctx)?;
    let team = teams::team_named(&ctx.db, &path).await?;
    let email = address(&body.email)?;
    let name = body.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().any(char::is_control) || n.chars().count() > 100) {
        return Err(ApiError::bad_request(
            "a name must be one line of at most 100 characters",
        ));
    }
    let added = teams::add_member(&ctx.db, &team, &email, name, Utc::now()).await?;
    Ok(
        HttpResponse::build(if added { StatusCode::CREATED } else { StatusCode::OK })
            .json(serde_json::json!({ "team": team.name, "email": email.as_str(), "added": added })),
    )
}

#[delete("/api/teams/{team}/members/{email}")]
async fn remove_member(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    auth(&req, &ctx)?;
    let (team, email) = path.into_inner();
    let team = teams::team_named(&ctx.db, &team).await?;
    let email = address(&email)?;
    if teams::remove_member(&ctx.db, &team, &email).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found(format!("{email} is not on {}", team.name)))
    }
}

#[derive(Deserialize)]
struct CycleQuery {
    team: Option<String>,
    state: Option<String>,
}

/// A cycle as the API shows it.
#[derive(Serialize)]
struct CycleView {
    id: i64,
    team: String,
    number: i32,
    period: PeriodView,
    state: cycle::State,
    answered: bool,
}

#[get("/api/cycles")]
async fn list_cycles(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    q: web::Query<CycleQuery>,
) -> Result<HttpResponse, ApiError> {
    auth(&req, &ctx)?;
    let mut find = cycle::Entity::find()
        .order_by_asc(cycle::Column::PeriodStart)
        .order_by_asc(cycle::Column::TeamId);
    if let Some(name) = &q.team {
        find = find.filter(cycle::Column::TeamId.eq(teams::team_named(&ctx.db, name).await?.id));
    }
    if let Some(state) = &q.state {
        let state = match state.as_str() {
            "open" => cycle::State::Open,
            "closed" => cycle::State::Closed,
            "missed" => cycle::State::Missed,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown state {other:?}: use open, closed or missed"
                )));
            }
        };
        find = find.filter(cycle::Column::State.eq(state));
    }
    let all_teams = entity::team::Entity::find().all(&ctx.db).await?;
    let answered: Vec<i64> = entity::cycle_record::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| r.cycle_id)
        .collect();
    let views: Vec<CycleView> = find
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|c| CycleView {
            id: c.id,
            team: all_teams
                .iter()
                .find(|t| t.id == c.team_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            number: c.number,
            period: PeriodView {
                start: c.period_start,
                end: c.period_end,
            },
            state: c.state,
            answered: answered.contains(&c.id),
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}

#[get("/api/records")]
async fn list_records(req: HttpRequest, ctx: web::Data<AppContext>) -> Result<HttpResponse, ApiError> {
    auth(&req, &ctx)?;
    Ok(HttpResponse::Ok().json(super::export::all(&ctx.db).await?))
}
