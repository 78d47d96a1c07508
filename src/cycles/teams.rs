//! Teams and their members (people, by address; one person may be on several teams).
use chrono::{DateTime, Utc};
use entity::{membership, person, team};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;

use crate::domain::EmailAddress;

/// Why a team change was refused.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    #[error("a team name must be one line of 1 to 100 characters")]
    BadName,
    #[error("there is already a team called {0:?}")]
    Exists(String),
    #[error("no team called {0:?} (see `labloop team list`)")]
    NoSuchTeam(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// A team as the CLI and API show it.
#[derive(Debug, Clone, Serialize)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub members: Vec<MemberView>,
}

/// A member as the CLI and API show it.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub email: String,
    pub name: Option<String>,
    pub bouncing: bool,
}

fn check_name(name: &str) -> Result<&str, TeamError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(TeamError::BadName);
    }
    Ok(name)
}

/// Creates a team with its first members.
pub async fn add_team(
    db: &impl TransactionTrait,
    name: &str,
    members: &[EmailAddress],
    now: DateTime<Utc>,
) -> Result<team::Model, TeamError> {
    let name = check_name(name)?;
    let txn = db.begin().await?;
    if find_team(&txn, name).await?.is_some() {
        return Err(TeamError::Exists(name.to_string()));
    }
    let team = team::ActiveModel {
        name: Set(name.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for email in members {
        add_member(&txn, &team, email, None, now).await?;
    }
    txn.commit().await?;
    tracing::info!(team = %team.name, members = members.len(), "team added");
    Ok(team)
}

/// The team with this name (case-insensitive) or numeric id.
pub async fn find_team(db: &impl ConnectionTrait, name_or_id: &str) -> Result<Option<team::Model>, DbErr> {
    let wanted = name_or_id.trim();
    if let Ok(id) = wanted.parse::<i64>()
        && let Some(t) = team::Entity::find_by_id(id).one(db).await?
    {
        return Ok(Some(t));
    }
    // Few teams: comparing in Rust is simpler than case-folding SQL on two databases.
    Ok(team::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .find(|t| t.name.to_lowercase() == wanted.to_lowercase()))
}

/// The team named `name_or_id`, or a clear error.
pub async fn team_named(db: &impl ConnectionTrait, name_or_id: &str) -> Result<team::Model, TeamError> {
    find_team(db, name_or_id)
        .await?
        .ok_or_else(|| TeamError::NoSuchTeam(name_or_id.to_string()))
}

/// The person with this address, created if new (a given name fills a missing one).
pub async fn person(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<person::Model, DbErr> {
    person::Entity::insert(person::ActiveModel {
        email: Set(email.as_str().to_string()),
        name: Set(name.map(str::to_string)),
        bouncing: Set(false),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(OnConflict::column(person::Column::Email).do_nothing().to_owned())
    .do_nothing()
    .exec(db)
    .await?;
    let p = person_by_email(db, email)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(email.to_string()))?;
    if p.name.is_none() && name.is_some() {
        return person::ActiveModel {
            id: Set(p.id),
            name: Set(name.map(str::to_string)),
            ..Default::default()
        }
        .update(db)
        .await;
    }
    Ok(p)
}

/// The person with this address, if any.
pub async fn person_by_email(db: &impl ConnectionTrait, email: &EmailAddress) -> Result<Option<person::Model>, DbErr> {
    person::Entity::find()
        .filter(person::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

/// Puts a person on a team; false when they already were.
pub async fn add_member(
    db: &impl ConnectionTrait,
    team: &team::Model,
    email: &EmailAddress,
    name: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let p = person(db, email, name, now).await?;
    let inserted = membership::Entity::insert(membership::ActiveModel {
        team_id: Set(team.id),
        person_id: Set(p.id),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([membership::Column::TeamId, membership::Column::PersonId])
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(_)))
}

/// Takes a person off a team; false when they were not on it. Their past records stay.
pub async fn remove_member(db: &impl ConnectionTrait, team: &team::Model, email: &EmailAddress) -> Result<bool, DbErr> {
    let Some(p) = person_by_email(db, email).await? else {
        return Ok(false);
    };
    let r = membership::Entity::delete_many()
        .filter(membership::Column::TeamId.eq(team.id))
        .filter(membership::Column::PersonId.eq(p.id))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

/// The members of a team.
pub async fn members(db: &impl ConnectionTrait, team_id: i64) -> Result<Vec<person::Model>, DbErr> {
    let ids: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::TeamId.eq(team_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.person_id)
        .collect();
    person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .order_by_asc(person::Column::Email)
        .all(db)
        .await
}

/// The member of `team_id` with this address, if they are one.
pub async fn member(
    db: &impl ConnectionTrait,
    team_id: i64,
    email: &EmailAddress,
) -> Result<Option<person::Model>, DbErr> {
    let Some(p) = person_by_email(db, email).await? else {
        return Ok(None);
    };
    let on_team = membership::Entity::find()
        .filter(membership::Column::TeamId.eq(team_id))
        .filter(membership::Column::PersonId.eq(p.id))
        .one(db)
        .await?
        .is_some();
    Ok(on_team.then_some(p))
}

/// Every team with its members, by name.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<TeamView>, DbErr> {
    let mut out = Vec::new();
    for t in team::Entity::find().order_by_asc(team::Column::Name).all(db).await? {
        let members = members(db, t.id)
            .await?
            .into_iter()
            .map(|p| MemberView {
                email: p.email,
                name: p.name,
                bouncing: p.bouncing,
            })
            .collect();
        out.push(TeamView {
            id: t.id,
            name: t.name,
            members,
        });
    }
    Ok(out)
}

/// Marks an address as bouncing (reminders skip it). Returns whether anyone changed.
pub async fn mark_bouncing(db: &impl ConnectionTrait, email: &EmailAddress, now: DateTime<Utc>) -> Result<bool, DbErr> {
    let r = person::Entity::update_many()
        .col_expr(person::Column::Bouncing, sea_orm::sea_query::Expr::value(true))
        .col_expr(person::Column::BouncedAt, sea_orm::sea_query::Expr::value(Some(now)))
        .filter(person::Column::Email.eq(email.as_str()))
        .filter(person::Column::Bouncing.eq(false))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}
