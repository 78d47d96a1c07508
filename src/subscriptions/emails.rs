use chrono::{DateTime, Duration, Utc};
use entity::subscriber;
use serde_json::json;

use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::mail::{Email, ListUnsubscribe};
use crate::tokens::Purpose;

/// How long a confirmation link works.
pub const CONFIRM_VALID_FOR: Duration = Duration::days(7);

/// The RFC 8058 headers for mail to a subscriber: a personal one-click link and the
/// `+leave` address.
pub fn unsubscribe_headers(ctx: &AppContext, subscriber_id: i64) -> ListUnsubscribe {
    let token = ctx
        .signer
        .sign(Purpose::Unsubscribe, &[subscriber_id as u64], None);
    ListUnsubscribe {
        https: ctx.config.url(&format!("/unsubscribe/{token}")),
        mailto: format!(
            "mailto:{}?subject=unsubscribe",
            ctx.config.inbound_address.with_tag("leave")
        ),
    }
}

/// The confirmation email: a signed link, and a reply address carrying the same token.
pub fn confirmation(
    ctx: &AppContext,
    s: &subscriber::Model,
    nonce: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Email> {
    let token = ctx.signer.sign(
        Purpose::Confirm,
        &[s.id as u64, nonce as u64],
        Some(now + CONFIRM_VALID_FOR),
    );
    let mut email = Email::new(
        EmailAddress::parse(&s.email)?,
        "confirmation",
        "confirmation",
        json!({ "name": s.name, "confirm_url": ctx.config.url(&format!("/subscriptions/confirm/{token}")) }),
    );
    email.to_name = s.name.clone();
    email.reply_to = Some(ctx.config.inbound_address.with_tag(&format!("s.{token}")));
    Ok(email)
}

/// The welcome email sent once a subscription is confirmed.
pub fn welcome(ctx: &AppContext, s: &subscriber::Model) -> anyhow::Result<Email> {
    let mut email = Email::new(
        EmailAddress::parse(&s.email)?,
        "welcome",
        "welcome",
        json!({ "name": s.name }),
    );
    email.to_name = s.name.clone();
    email.list_unsubscribe = Some(unsubscribe_headers(ctx, s.id));
    Ok(email)
}
