//! What a hard bounce changes, whichever workflow the address belongs to.
use chrono::Utc;
use entity::{delivery, outbox};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::context::AppContext;
use crate::domain::EmailAddress;

/// Records that mail to `address` bounced for good: a subscriber stops receiving
/// mail, and a team member's address is marked bouncing (reminders skip it).
/// Returns whether anything changed.
pub async fn record_hard_bounce(db: &impl ConnectionTrait, address: &str, why: &str) -> anyhow::Result<bool> {
    let Ok(addr) = EmailAddress::parse(address) else {
        return Ok(false);
    };
    let now = Utc::now();
    let subscriber = crate::subscriptions::mark_bounced(db, &addr, now).await?;
    let member = crate::cycles::teams::mark_bouncing(db, &addr, now).await?;
    if subscriber || member {
        tracing::warn!(address = %addr, why, subscriber, member, "address bounced");
    }
    Ok(subscriber || member)
}

/// The recipient of the outgoing message a bounce-address token names: an outbox
/// message (`[key]`) or a newsletter delivery (`[issue, subscriber]`, whose
/// delivery is then marked bounced).
pub async fn recipient_of(ctx: &AppContext, values: &[u64]) -> anyhow::Result<Option<String>> {
    match values[..] {
        [key] => {
            let message_id = ctx.mailer.message_id_for(key);
            Ok(outbox::Entity::find()
                .filter(outbox::Column::MessageId.eq(message_id))
                .one(&ctx.db)
                .await?
                .map(|r| r.recipient))
        }
        [issue_id, subscriber_id] => {
            let found = delivery::Entity::find()
                .filter(delivery::Column::IssueId.eq(issue_id as i64))
                .filter(delivery::Column::SubscriberId.eq(subscriber_id as i64))
                .one(&ctx.db)
                .await?;
            if let Some(d) = &found {
                delivery::Entity::update_many()
                    .col_expr(delivery::Column::Status, sea_orm::sea_query::Expr::value("bounced"))
                    .filter(delivery::Column::Id.eq(d.id))
                    .exec(&ctx.db)
                    .await?;
            }
            Ok(found.map(|d| d.email))
        }
        _ => Ok(None),
    }
}
