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
    let token = ctx.signer.sign(Purpose::Unsubscribe, &[subscriber_id as u64], None);
    ListUnsubscribe {
        https: ctx.config.url(&format!("/unsubscribe/{token}")),
        mailto: format!(
            "mailto:{}?subject=unsubscribe",
            ctx.config.inbound_address.with_tag("leave")
        ),
    }
}

/// The confirmation email: a signed link, and a reply address carrying the same token.
/// The token names only the sign-up's nonce, so it can be made before the row exists.
pub fn confirmation(ctx: &AppContext, to: &EmailAddress, name: Option<&str>, nonce: i64, now: DateTime<Utc>) -> Email {
    let token = ctx
        .signer
        .sign(Purpose::Confirm, &[nonce as u64], Some(now + CONFIRM_VALID_FOR));
    let mut email = Email::new(
        to.clone(),
        "confirmation",
        "confirmation",
        json!({ "name": name, "confirm_url": ctx.config.url(&format!("/subscriptions/confirm/{token}")) }),
    );
    email.to_name = name.map(str::to_string);
    email.reply_to = Some(ctx.config.inbound_address.with_tag(&format!("s.{token}")));
    email
}

/// The welcome email sent once a subscription is confirmed.
pub fn welcome(ctx: &AppContext, s: &subscriber::Model) -> anyhow::Result<Email> {
    let mut email = Email::new(
        EmailAddress::parse(&s.email)?,
        "welcome",
        "welcome",
        json!({ "name": s.name, "archive_url": ctx.config.url("/newsletters") }),
    );
    email.to_name = s.name.clone();
    email.list_unsubscribe = Some(unsubscribe_headers(ctx, s.id));
    Ok(email)
}
