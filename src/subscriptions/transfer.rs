//! Operators' bulk operations: import and export as CSV, erasure, counts.
use std::io::{Read, Write};

use anyhow::Context;
use chrono::{DateTime, Utc};
use entity::subscriber::{self, Status};
use entity::{consent, inbound_message, outbox, suppression};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::emails::confirmation;
use super::signup::{Channel, record_consent};
use super::store::{find_by_email, is_suppressed, latest_consent};
use crate::context::AppContext;
use crate::domain::{EmailAddress, PersonName};
use crate::tokens::{random_nonce, sha256_hex};

/// Subscribers per status.
pub async fn counts(db: &impl ConnectionTrait) -> Result<Vec<(String, i64)>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        status: String,
        n: i64,
    }
    let rows = subscriber::Entity::find()
        .select_only()
        .column(subscriber::Column::Status)
        .column_as(subscriber::Column::Id.count(), "n")
        .group_by(subscriber::Column::Status)
        .into_model::<Row>()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.status, r.n)).collect())
}

/// Writes every subscriber as CSV: email, name, status, dates and their latest consent.
/// Reads in pages so memory stays flat however many there are.
pub async fn export(db: &impl ConnectionTrait, out: impl Write) -> anyhow::Result<u64> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "email",
        "name",
        "status",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "bounced_at",
        "consent_channel",
        "consent_requested_at",
        "consent_source_ip",
        "consent_source_message_id",
        "consent_confirmed_at",
        "consent_confirmed_via",
    ])?;
    let ts = |t: Option<DateTime<Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    let mut after = 0i64;
    let mut n = 0;
    loop {
        let page = subscriber::Entity::find()
            .filter(subscriber::Column::Id.gt(after))
            .order_by_asc(subscriber::Column::Id)
            .limit(500)
            .all(db)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for s in page {
            let c = latest_consent(db, s.id).await?;
            let status = match s.status {
                Status::Pending => "pending",
                Status::Confirmed => "confirmed",
                Status::Unsubscribed => "unsubscribed",
                Status::Bounced => "bounced",
            };
            w.write_record([
                s.email.clone(),
                s.name.clone().unwrap_or_default(),
                status.to_string(),
                s.created_at.to_rfc3339(),
                ts(s.confirmed_at),
                ts(s.unsubscribed_at),
                ts(s.bounced_at),
                c.as_ref().map(|c| c.channel.clone()).unwrap_or_default(),
                ts(c.as_ref().map(|c| c.requested_at)),
                c.as_ref().and_then(|c| c.source_ip.clone()).unwrap_or_default(),
                c.as_ref().and_then(|c| c.source_message_id.clone()).unwrap_or_default(),
                ts(c.as_ref().and_then(|c| c.confirmed_at)),
                c.as_ref().and_then(|c| c.confirmed_via.clone()).unwrap_or_default(),
            ])?;
            n += 1;
        }
    }
    w.flush()?;
    Ok(n)
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// New subscribers (pending with a confirmation queued, or confirmed).
    pub added: u64,
    /// Existing pending subscribers confirmed by a `--confirmed` import.
    pub upgraded: u64,
    /// Already present in the state the import asks for: nothing changed.
    pub unchanged: u64,
    /// Not imported on purpose: erased, unsubscribed or bounced addresses.
    pub skipped: Vec<(u64, String)>,
    /// Rows that could not be read: line number and reason.
    pub errors: Vec<(u64, String)>,
}

/// Imports subscribers from CSV with an `email` column and an optional `name` column.
/// Without `confirmed`, each new address gets a confirmation email (double opt-in);
/// with it, consent was collected elsewhere and they are confirmed at once. Bad rows are
/// reported by line and the rest go on; importing the same file again changes nothing.
/// `progress` is called after each row with the number of bytes read so far.
pub async fn import(
    ctx: &AppContext,
    input: impl Read,
    confirmed: bool,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> anyhow::Result<ImportReport> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input);
    let headers = reader.headers().context("the CSV file has no header row")?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let email_col = col("email")
        .or_else(|| col("email address"))
        .or_else(|| col("e-mail"))
        .context("the CSV file has no `email` column")?;
    let name_col = col("name");
    let mut report = ImportReport::default();
    let mut record = csv::StringRecord::new();
    // Rows are written in chunks, one transaction each: a commit per row would wait for
    // the disk 100,000 times on a large file. A run stopped midway keeps whole chunks,
    // and importing the file again picks up the rest.
    let mut txn = ctx.db.begin().await?;
    let mut in_txn = 0;
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                report.errors.push((line, format!("unreadable row: {e}")));
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(line);
        progress(reader.position().byte());
        let email = match EmailAddress::parse(record.get(email_col).unwrap_or("")) {
            Ok(e) => e,
            Err(e) => {
                report
                    .errors
                    .push((line, format!("{}: {e}", record.get(email_col).unwrap_or(""))));
                continue;
            }
        };
        let name = match PersonName::parse(name_col.and_then(|i| record.get(i)).unwrap_or("")) {
            Ok(n) => n,
            Err(e) => {
                report.errors.push((line, format!("{email}: {e}")));
                continue;
            }
        };
        match import_one(ctx, &txn, &email, name, confirmed, now).await? {
            RowOutcome::Added => report.added += 1,
            RowOutcome::Upgraded => report.upgraded += 1,
            RowOutcome::Unchanged => report.unchanged += 1,
            RowOutcome::Skipped(why) => report.skipped.push((line, format!("{email}: {why}"))),
        }
        in_txn += 1;
        if in_txn == IMPORT_CHUNK {
            txn.commit().await?;
            ctx.wake_delivery();
            txn = ctx.db.begin().await?;
            in_txn = 0;
        }
    }
    txn.commit().await?;
    ctx.wake_delivery();
    Ok(report)
}

enum RowOutcome {
    Added,
    Upgraded,
    Unchanged,
    Skipped(&'static str),
}

/// Rows written per transaction by an import.
const IMPORT_CHUNK: usize = 500;

async fn import_one(
    ctx: &AppContext,
    txn: &DatabaseTransaction,
    email: &EmailAddress,
    name: Option<PersonName>,
    confirmed: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<RowOutcome> {
    if is_suppressed(txn, email).await? {
        return Ok(RowOutcome::Skipped("erased on request; not re-imported"));
    }
    let name = name.map(|n| n.as_str().to_string());
    let outcome = match find_by_email(txn, email).await? {
        Some(s) if s.status == Status::Unsubscribed => RowOutcome::Skipped("unsubscribed; only they can sign up again"),
        Some(s) if s.status == Status::Bounced => RowOutcome::Skipped("bounced; not imported"),
        Some(s) if s.status == Status::Confirmed => RowOutcome::Unchanged,
        Some(s) if !confirmed => {
            let _ = s;
            RowOutcome::Unchanged
        }
        Some(s) => {
            subscriber::ActiveModel {
                id: Set(s.id),
                status: Set(Status::Confirmed),
                confirm_nonce: Set(None),
                confirmed_at: Set(Some(now)),
                updated_at: Set(now),
                ..Default::default()
            }
            .update(txn)
            .await?;
            record_consent(txn, s.id, &Channel::Import, now, Some("import")).await?;
            RowOutcome::Upgraded
        }
        None => {
            let nonce = random_nonce() as i64;
            let s = subscriber::ActiveModel {
                email: Set(email.as_str().to_string()),
                name: Set(name),
                status: Set(if confirmed { Status::Confirmed } else { Status::Pending }),
                confirm_nonce: Set((!confirmed).then_some(nonce)),
                confirmation_sent_at: Set((!confirmed).then_some(now)),
                confirmed_at: Set(confirmed.then_some(now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            record_consent(txn, s.id, &Channel::Import, now, confirmed.then_some("import")).await?;
            if !confirmed {
                let email = confirmation(ctx, email, s.name.as_deref(), nonce, now);
                ctx.queue_email(txn, email, now).await?;
            }
            RowOutcome::Added
        }
    };
    Ok(outcome)
}

/// What an erasure removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    pub subscriber: bool,
    pub emails: u64,
    pub inbound: u64,
}

/// Erases an address: the subscriber and their consent records, the emails we sent
/// them and the messages they sent us. A hash stays on the suppression list so the
/// address is never re-imported.
pub async fn erase(db: &impl TransactionTrait, email: &EmailAddress, now: DateTime<Utc>) -> anyhow::Result<Erased> {
    let txn = db.begin().await?;
    let found = find_by_email(&txn, email).await?;
    if let Some(s) = &found {
        consent::Entity::delete_many()
            .filter(consent::Column::SubscriberId.eq(s.id))
            .exec(&txn)
            .await?;
        subscriber::Entity::delete_by_id(s.id).exec(&txn).await?;
    }
    let emails = outbox::Entity::delete_many()
        .filter(outbox::Column::Recipient.eq(email.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    let inbound = inbound_message::Entity::delete_many()
        .filter(inbound_message::Column::FromAddr.eq(email.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    suppression::Entity::insert(suppression::ActiveModel {
        email_hash: Set(sha256_hex(email.as_str())),
        reason: Set("erased".into()),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(suppression::Column::EmailHash)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(&txn)
    .await?;
    txn.commit().await?;
    tracing::info!(subscriber = found.is_some(), emails, inbound, "address erased");
    Ok(Erased {
        subscriber: found.is_some(),
        emails,
        inbound,
    })
}

/// Number of subscribers with a given status.
pub async fn count_status(db: &impl ConnectionTrait, status: Status) -> Result<u64, DbErr> {
    subscriber::Entity::find()
        .filter(subscriber::Column::Status.eq(status))
        .count(db)
        .await
}
