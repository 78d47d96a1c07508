//! `POST /inbound`: a mail provider (or our own relay) posts one raw message.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::Utc;
use futures_util::StreamExt;

use super::{InboundError, MAX_MESSAGE_BYTES, Via, receive};
use crate::context::AppContext;
use crate::web::{ApiError, require_bearer};

/// Registers this module's routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(inbound).service(held);
}

/// `GET /api/held`: messages waiting for a person (bearer `LABLOOP_API_KEY`).
#[actix_web::get("/api/held")]
async fn held(req: HttpRequest, ctx: web::Data<AppContext>) -> Result<HttpResponse, ApiError> {
    require_bearer(&req, ctx.config.api_key.as_deref(), "LABLOOP_API_KEY")?;
    Ok(HttpResponse::Ok().json(super::held::list(&ctx.db).await?))
}

/// Takes the raw message as the request body. The key is checked before the body is
/// read, and the body is read only up to the size limit.
#[post("/inbound")]
async fn inbound(
    req: HttpRequest,
    ctx: web::Data<AppContext>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    require_bearer(&req, ctx.config.inbound_key.as_deref(), "LABLOOP_INBOUND_KEY")?;
    let too_large = |n: usize| {
        tracing::warn!(bytes = n, "inbound message refused: too large");
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("message too large: the limit is {MAX_MESSAGE_BYTES} bytes (25 MiB)"),
        )
    };
    let declared = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(n) = declared.filter(|n| *n > MAX_MESSAGE_BYTES) {
        return Err(too_large(n));
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0).min(MAX_MESSAGE_BYTES));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request(format!("could not read the request body: {e}")))?;
        if body.len() + chunk.len() > MAX_MESSAGE_BYTES {
            return Err(too_large(body.len() + chunk.len()));
        }
        body.extend_from_slice(&chunk);
    }
    match receive(&ctx, &body, Via::Http, Utc::now()).await {
        Ok(receipt) => Ok(HttpResponse::Ok().json(receipt)),
        Err(e @ InboundError::NotAnEmail { .. }) => Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
        Err(e @ InboundError::TooLarge(_)) => Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, e.to_string())),
        Err(InboundError::Internal(e)) => {
            tracing::error!(error = format!("{e:#}"), "inbound message could not be processed");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "could not process the message now; try again later",
            ))
        }
    }
}
