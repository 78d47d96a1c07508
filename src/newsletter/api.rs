//! `/api/editors` (bearer `LABLOOP_API_KEY`).
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::editors;
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::web::{ApiError, require_bearer};

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list).service(add);
}

#[derive(Serialize)]
struct EditorView {
    id: i64,
    email: String,
    name: Option<String>,
}

#[get("/api/editors")]
async fn list(req: HttpRequest, ctx: web::Data<AppContext>) -> Result<HttpResponse, ApiError> {
    require_bearer(&req, ctx.config.api_key.as_deref(), "LABLOOP_API_KEY")?;
    let all: Vec<EditorView> = editors::all(&ctx.db)
        .await?
        .into_iter()
        .map(|e| EditorView {
            id: e.id,
            email: e.email,
            name: e.name,
        })
        .collect();
    Ok(HttpResponse::Ok().json(all))
}

#[derive(Deserialize)]
struct NewEditor {
    email: String,
    name: Option<String>,
}

#[post("/api/editors")]
async fn add(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    body: web::Json<NewEditor>,
) -> Result<HttpResponse, ApiError> {
    require_bearer(&req, ctx.config.api_key.as_deref(), "LABLOOP_API_KEY")?;
    let email =
        EmailAddress::parse(&body.email).map_err(|e| ApiError::bad_request(format!("{:?}: {e}", body.email)))?;
    let name = body.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().any(char::is_control) || n.chars().count() > 100) {
        return Err(ApiError::bad_request(
            "a name must be one line of at most 100 characters",
        ));
    }
    let e = editors::add(&ctx.db, &email, name, Utc::now()).await?;
    Ok(HttpResponse::Created().json(EditorView {
        id: e.id,
        email: e.email,
        name: e.name,
    }))
}
