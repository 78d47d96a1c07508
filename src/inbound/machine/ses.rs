//! Amazon SES notifications delivered by e-mail (through SNS).

use std::sync::LazyLock;

use regex::Regex;

use super::bounce::status_code;
use super::view::MailView;
use super::{Bounce, FailedRecipient, MachineMail};

/// Amazon SES notifications delivered by e-mail (through SNS): JSON with a
/// `notificationType` of `Bounce`, `Complaint` or `Delivery`.
pub(super) fn notification(view: &MailView) -> Option<MachineMail> {
    static KIND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""notificationType"\s*:\s*"(Bounce|Complaint|Delivery)""#).expect("ses kind"));
    static ENTRY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"\{[^{}]*"emailAddress"\s*:\s*"([^"]+)"[^{}]*\}"#).expect("ses entry"));
    static FIELD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#""(status|diagnosticCode|action)"\s*:\s*"([^"]*)""#).expect("ses field"));
    static LIST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#""(bouncedRecipients|complainedRecipients)"\s*:\s*\[([^\]]*)\]"#).expect("ses list")
    });
    if !view.text.contains("notificationType") {
        return None;
    }
    // The notification may be a JSON string inside an SNS envelope, with its
    // quotes escaped and its lines wrapped by the mailer.
    let json = view.text.replace("\\\"", "\"").replace("\r\n ", "").replace("\n ", "");
    let kind = KIND.captures(&json)?.get(1)?.as_str().to_string();
    let permanent_type = json.contains(r#""bounceType":"Permanent""#);
    let mut entries: Vec<(String, Option<String>, Option<String>)> = Vec::new();
    for list in LIST.captures_iter(&json) {
        let Some(body) = list.get(2) else { continue };
        for entry in ENTRY.captures_iter(body.as_str()) {
            let Some(address) = entry.get(1) else {
                continue;
            };
            let mut status = None;
            let mut diagnostic = None;
            for f in FIELD.captures_iter(entry.get(0).map_or("", |m| m.as_str())) {
                let value = f.get(2).map(|m| m.as_str().to_string());
                match f.get(1).map(|m| m.as_str()) {
                    Some("status") => status = value,
                    Some("diagnosticCode") => diagnostic = value,
                    _ => {}
                }
            }
            entries.push((
                super::addresses::normalise_address(address.as_str()),
                status,
                diagnostic,
            ));
        }
    }
    let message_id = {
        static MAIL_ID: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r#""mail"\s*:\s*\{[^{}]*?"messageId"\s*:\s*"([^"]+)""#).expect("ses id"));
        MAIL_ID
            .captures(&json)
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string())
    };
    match kind.as_str() {
        "Bounce" => {
            let recipients = entries
                .into_iter()
                .map(|(address, status, diagnostic)| {
                    let class = status.as_deref().and_then(|s| s.chars().next());
                    FailedRecipient {
                        permanent: class.map_or(permanent_type, |c| c == '5') && permanent_type,
                        address,
                        status: status.as_deref().and_then(status_code),
                        diagnostic: diagnostic.map(|d| d.trim_start_matches("smtp;").trim().to_string()),
                    }
                })
                .collect();
            Some(MachineMail::Bounce(Bounce {
                recipients,
                original_message_id: message_id,
                reason: "Amazon SES bounce notification".to_string(),
            }))
        }
        "Complaint" => Some(MachineMail::Complaint {
            recipients: entries.into_iter().map(|(a, _, _)| a).collect(),
            original_message_id: message_id,
        }),
        _ => Some(MachineMail::AutoReply {
            reason: "Amazon SES delivery notification (delivered)".to_string(),
        }),
    }
}
