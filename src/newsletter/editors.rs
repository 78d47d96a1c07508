//! Editors, their magic sign-in links and their sessions.
use chrono::{DateTime, Duration, Utc};
use entity::{editor, editor_login, editor_session};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use serde_json::json;

use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::mail::Email;
use crate::tokens::{Purpose, random_nonce, sha256_hex};

/// How long a sign-in link works.
pub const LOGIN_VALID_FOR: Duration = Duration::minutes(20);
/// How long a session lasts.
pub const SESSION_LASTS: Duration = Duration::days(14);

/// Adds an editor (or updates the name of an existing one); returns it.
pub async fn add(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<editor::Model, DbErr> {
    editor::Entity::insert(editor::ActiveModel {
        email: Set(email.as_str().to_string()),
        name: Set(name.map(str::to_string)),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(editor::Column::Email).do_nothing().to_owned())
    .do_nothing()
    .exec(db)
    .await?;
    let e = by_email(db, email)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(email.to_string()))?;
    if name.is_some() && e.name.as_deref() != name {
        return editor::ActiveModel {
            id: Set(e.id),
            name: Set(name.map(str::to_string)),
            ..Default::default()
        }
        .update(db)
        .await;
    }
    Ok(e)
}

/// The editor with this address, if any.
pub async fn by_email(db: &impl ConnectionTrait, email: &EmailAddress) -> Result<Option<editor::Model>, DbErr> {
    editor::Entity::find()
        .filter(editor::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// Every editor.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<editor::Model>, DbErr> {
    editor::Entity::find().order_by_asc(editor::Column::Email).all(db).await
}

/// Queues a sign-in link for `email` if it belongs to an editor. Returns whether
/// one was sent; the page says the same either way.
pub async fn send_login_link(ctx: &AppContext, email: &EmailAddress, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let Some(e) = by_email(&ctx.db, email).await? else {
        tracing::info!("sign-in link asked for an address that is not an editor's");
        return Ok(false);
    };
    let nonce = random_nonce() as i64;
    editor_login::ActiveModel {
        editor_id: Set(e.id),
        nonce: Set(nonce),
        expires_at: Set(now + LOGIN_VALID_FOR),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await?;
    let token = ctx.signer.sign(
        Purpose::Login,
        &[e.id as u64, nonce as u64],
        Some(now + LOGIN_VALID_FOR),
    );
    let mut mail = Email::new(
        email.clone(),
        "editor_login",
        "editor_login",
        json!({ "name": e.name, "login_url": ctx.config.url(&format!("/admin/login/{token}")) }),
    );
    mail.to_name = e.name.clone();
    ctx.queue_email(&ctx.db, mail, now).await?;
    ctx.wake_delivery();
    tracing::info!(editor = %e.email, "sign-in link sent");
    Ok(true)
}

/// Why a sign-in link was refused.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error(transparent)]
    Token(#[from] crate::tokens::TokenError),
    #[error("this sign-in link has already been used")]
    Used,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Checks a sign-in link without using it (the GET behind the link).
pub async fn check_login(ctx: &AppContext, token: &str, now: DateTime<Utc>) -> Result<editor::Model, LoginError> {
    let (editor_id, nonce) = login_values(ctx, token, now)?;
    let login = editor_login::Entity::find()
        .filter(editor_login::Column::Nonce.eq(nonce))
        .one(&ctx.db)
        .await?;
    match login {
        Some(l) if l.editor_id == editor_id && l.used_at.is_none() && l.expires_at > now => {}
        _ => return Err(LoginError::Used),
    }
    editor::Entity::find_by_id(editor_id)
        .one(&ctx.db)
        .await?
        .ok_or(LoginError::Used)
}

fn login_values(ctx: &AppContext, token: &str, now: DateTime<Utc>) -> Result<(i64, i64), LoginError> {
    let values = ctx.signer.verify(Purpose::Login, token, now)?;
    match values[..] {
        [editor_id, nonce] => Ok((editor_id as i64, nonce as i64)),
        _ => Err(crate::tokens::TokenError::Malformed.into()),
    }
}

/// Uses a sign-in link (once) and opens a session; returns the cookie value.
pub async fn sign_in(ctx: &AppContext, token: &str, now: DateTime<Utc>) -> Result<(editor::Model, String), LoginError> {
    let (editor_id, nonce) = login_values(ctx, token, now)?;
    // Marking it used only if unused makes a second use fail, even at the same moment.
    let used = editor_login::Entity::update_many()
        .col_expr(editor_login::Column::UsedAt, Expr::value(Some(now)))
        .filter(editor_login::Column::Nonce.eq(nonce))
        .filter(editor_login::Column::EditorId.eq(editor_id))
        .filter(editor_login::Column::UsedAt.is_null())
        .filter(editor_login::Column::ExpiresAt.gt(now))
        .exec(&ctx.db)
        .await?;
    if used.rows_affected != 1 {
        return Err(LoginError::Used);
    }
    let e = editor::Entity::find_by_id(editor_id)
        .one(&ctx.db)
        .await?
        .ok_or(LoginError::Used)?;
    let secret = format!("{:016x}{:016x}{:016x}", random_nonce(), random_nonce(), random_nonce());
    editor_session::ActiveModel {
        token_hash: Set(sha256_hex(&secret)),
        editor_id: Set(e.id),
        created_at: Set(now),
        expires_at: Set(now + SESSION_LASTS),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await?;
    tracing::info!(editor = %e.email, "editor signed in");
    Ok((e, secret))
}

/// The editor a session cookie belongs to, if it is valid.
pub async fn session_editor(
    db: &impl ConnectionTrait,
    cookie: &str,
    now: DateTime<Utc>,
) -> Result<Option<editor::Model>, DbErr> {
    let Some(s) = editor_session::Entity::find()
        .filter(editor_session::Column::TokenHash.eq(sha256_hex(cookie)))
        .filter(editor_session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    editor::Entity::find_by_id(s.editor_id).one(db).await
}

/// Ends a session.
pub async fn sign_out(db: &impl ConnectionTrait, cookie: &str) -> Result<(), DbErr> {
    editor_session::Entity::delete_many()
        .filter(editor_session::Column::TokenHash.eq(sha256_hex(cookie)))
        .exec(db)
        .await?;
    Ok(())
}
