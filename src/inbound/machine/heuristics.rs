//! Bounces that are not RFC 3464 reports: the plain-text notices of qmail,
//! Exim, Postfix without DSN, Sendmail V5, Exchange/Office 365, Lotus
//! Domino, Gmail, Yahoo, Outlook.com, Amazon SES notifications and many
//! smaller MTAs.
//!
//! A message is taken for a bounce when
//! * its subject is one only mail systems use ("Undelivered Mail Returned
//!   to Sender", "failure notice", "Undeliverable: …"), or it carries
//!   `X-Failed-Recipients`;
//! * its subject is one a person might also write ("Delivery failure",
//!   "Returned mail") *and* something else shows a mail system wrote it;
//! * its sender is a mail system (`MAILER-DAEMON`, `postmaster`, "Mail
//!   Delivery System"), unless it is marked `Auto-Submitted` or has an
//!   out-of-office subject and says nothing of a failure (then it is an
//!   auto-reply);
//! * its text reads like a bounce ("could not be delivered to one or more
//!   recipients") *and* it came from the null sender, is marked
//!   `Auto-Submitted`, or has the returned message attached.
//!
//! Mailing-list servers refusing a posting and Amazon SES notifications
//! are recognised too. The failed recipients are then read from the text
//! where the notice states them; an inline or attached copy of the original
//! message gives the original Message-ID (and, when the notice names
//! nobody, its single To address as the recipient).

use std::sync::LazyLock;

use mail_parser::{Message, PartType};
use regex::Regex;

use super::notice_recipients::{Context, any_addresses, recipient_with_context, recipients_from_text};
use super::original::original_marker;
use super::view::{MailView, header_values};
use super::{Bounce, MachineMail, autoreply, ses};

/// Local parts used by mail systems when they send notices.
const DAEMON_LOCAL_PARTS: &[&str] = &[
    "mailer-daemon",
    "mailer_daemon",
    "mailerdaemon",
    "mailer-daemons",
    "postmaster",
    "post_master",
    "mail.delivery.system",
    "mail-delivery-system",
    "maildelivery",
    "mail-daemon",
    "mdaemon",
];

/// Display names used by mail systems when they send notices.
static DAEMON_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(mail\s+deliver(?:y)?\s+(?:system|subsystem|service)|mailer[-\s]?daemon|postmaster|ndr\s+administrator|mail\s+administrator|interscan\s+(?:mss|notification))\b",
    )
    .expect("daemon name regex")
});

/// What may stand before a bounce subject: forwarding prefixes, then a
/// bracketed tag (`[Postmaster]`) or a host name (`mx.example.net Mail
/// delivery failed`). Never `Re:` — a person answering is a person.
const SUBJECT_LEAD: &str =
    r"^\s*(?:(?:fwd?|tr|wg|rv|doorst)\s*:\s*)*(?:\[[^\]]{0,40}\]\s*|[a-z0-9-]+(?:\.[a-z0-9-]+)+\s+)?";

/// Subjects only mail systems use for bounce notices, in English and a
/// few other languages: enough on their own.
static BOUNCE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix){SUBJECT_LEAD}(
            undeliver(?:ed|able)\b(?:\s+mail\s+returned\s+to\s+sender|\s+mail|\s+message)? |
            (?:mail\s+)?delivery\s+status\s+notification |
            delivery\s+notification\s*:\s*delivery\s+has\s+failed |
            mail\s+delivery\s+(?:has\s+)?fail(?:ed|ure) | message\s+delivery\s+has\s+failed |
            (?:permanent|e-?mail)\s+delivery\s+failure |
            failure\s+notice | returned\s+mail\s*: | returning\s+message\s+to\s+sender |
            mail\s+failure\s*- | mail\s+failed,\s+returning | mail\s+system\s+error |
            (?:mail|message|e-?mail)\s+(?:could\s+not|couldn't|cannot|can't)\s+be\s+delivered |
            non[-\s]?deliver(?:y|able)\s+(?:report|notification|message) |
            delayed\s+mail\s+\(still\s+being\s+retried\) | delivery\s+status\s+(?:warning|delay) |
            warning:\s+message\s+\S+\s+delayed | warning\s*-+\s*could\s+not\s+send |
            there\s+was\s+an\s+error\s+sending\s+your\s+mail |
            unzustellbar | nicht\s+zustellbar | non\s+remis | onbestelbaar | no\s+se\s+puede\s+entregar |
            non\s+recapitabile | не\s+доставлено | 配信できませんでした | 配送エラー | メールエラー |
            postfix\s+smtp\s+server:\s+errors\s+from
        )"
    ))
    .expect("bounce subject regex")
});

/// Subjects that mail systems use but a person might too ("Delivery
/// failure", "Returned mail", "Delayed mail"): they count only together
/// with another sign of a mail system.
static WEAK_BOUNCE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix){SUBJECT_LEAD}(
            (?:mail\s+)?delivery\s+(?:has\s+)?fail(?:ed|ure) | failed\s+delivery | failure\s+delivery |
            returned\s+mail | mail\s+failed | mail\s+failure | delayed\s+mail | delivery\s+delayed |
            (?:could\s+not|couldn't|cannot|can't)\s+(?:be\s+)?deliver(?:ed)? | could\s+not\s+send
        )\b"
    ))
    .expect("weak bounce subject regex")
});

/// Sentences that open bounce notices. Only trusted together with another
/// sign of automation (null sender, mail-system sender, Auto-Submitted).
static BOUNCE_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(
            this\s+message\s+was\s+created\s+automatically\s+by\s+mail\s+delivery\s+software |
            i'm\s+afraid\s+i\s+wasn't\s+able\s+to\s+deliver\s+your\s+message |
            could\s+not\s+be\s+delivered\s+to\s+one\s+or\s+more\s+(?:of\s+its\s+)?recipients |
            the\s+following\s+address(?:\(es\)|es)?\s+(?:failed|had\s+(?:permanent\s+fatal\s+errors|delivery\s+problems)) |
            delivery\s+to\s+the\s+following\s+recipients?\s+(?:failed|has\s+been\s+delayed) |
            delivery\s+has\s+failed\s+to\s+these\s+recipients |
            your\s+message\s+did\s+not\s+reach\s+some\s+or\s+all\s+of\s+the\s+intended\s+recipients |
            (?:your\s+)?message\s+(?:to\s+\S+\s+)?(?:couldn't|could\s+not|wasn't|was\s+not)\s+(?:be\s+)?delivered |
            there\s+was\s+an\s+error\s+delivering\s+your\s+mail |
            (?:unable|not\s+able)\s+to\s+deliver\s+(?:your\s+)?(?:message|mail) |
            transcript\s+of\s+session\s+follows |
            this\s+is\s+the\s+(?:mail\s+system\s+at\s+host|qmail-send\s+program) |
            an\s+error\s+occurred\s+while\s+trying\s+to\s+deliver |
            undeliverable\s+message | message\s+could\s+not\s+be\s+delivered |
            could\s+not\s+be\s+delivered\s+to\s*: |
            permanent\s+error.{0,20}given\s+up | delivery\s+(?:failed|failure)\s+for\s+the\s+following
        )",
    )
    .expect("bounce body regex")
});

/// True for a subject only mail systems use for bounce notices.
pub(super) fn bounce_subject(subject: &str) -> bool {
    BOUNCE_SUBJECT.is_match(subject)
}

/// True for a bounce-like subject a person might also write.
pub(super) fn weak_bounce_subject(subject: &str) -> bool {
    WEAK_BOUNCE_SUBJECT.is_match(subject)
}

/// Recognises a bounce that has no machine-readable delivery report, or
/// fills in the recipients of one whose report could not be read.
pub(super) fn detect(msg: &Message<'_>, view: &MailView, depth: u8) -> Option<MachineMail> {
    if let Some(found) = ses::notification(view) {
        return Some(found);
    }
    if let Some(reason) = list_rejection(msg, view) {
        // A list server names the list it refused the message for, and
        // then its own command addresses: only the first one counts.
        let excluded = view.excluded_addresses();
        let notice = explanation(&view.text);
        let recipients = any_addresses(notice, &excluded)
            .into_iter()
            .take(1)
            .map(|(at, address)| {
                let context = Context::new(notice, at, notice.len(), &address);
                recipient_with_context(&address, &context, false)
            })
            .collect();
        return Some(MachineMail::Bounce(Bounce {
            recipients,
            original_message_id: view.original_message_id(),
            reason,
        }));
    }
    let reason = bounce_reason(msg, view)?;
    Some(MachineMail::Bounce(bounce_from_text(msg, view, reason, depth)))
}

/// A mailing-list server (fml, ezmlm, Mailman, …) refusing a posting:
/// "You are not a member", "Loop Alert".
fn list_rejection(msg: &Message<'_>, view: &MailView) -> Option<String> {
    static REFUSAL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(not\s+(?:a\s+)?member|loop\s+alert|members?\s+only|posting\s+(?:is\s+)?(?:restricted|rejected|refused)|post\s+by\s+non-member)",
        )
        .expect("list refusal regex")
    });
    let list_server = [
        "X-MLServer",
        "X-ML-Server",
        "X-ML-Name",
        "Mailing-List",
        "X-Mailman-Version",
    ]
    .iter()
    .any(|h| !header_values(msg, h).is_empty());
    if !list_server {
        return None;
    }
    let local = view.from_address.split('@').next().unwrap_or_default();
    let admin = local.ends_with("-admin")
        || local.ends_with("-owner")
        || local.starts_with("owner-")
        || local.ends_with("-bounces");
    let subject = REFUSAL.captures(&view.subject).and_then(|c| c.get(1));
    let body = REFUSAL
        .captures(explanation(&view.text))
        .and_then(|c| c.get(1))
        .filter(|_| admin);
    subject
        .or(body)
        .map(|m| format!("mailing-list server refusal: {}", m.as_str()))
}

/// Why this message looks like a bounce, or `None`.
fn bounce_reason(msg: &Message<'_>, view: &MailView) -> Option<String> {
    let phrase = |m: regex::Match<'_>| m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(m) = BOUNCE_SUBJECT.captures(&view.subject).and_then(|c| c.get(1)) {
        return Some(format!("subject: {}", phrase(m)));
    }
    if !header_values(msg, "X-Failed-Recipients").is_empty() {
        return Some("X-Failed-Recipients header".to_string());
    }
    let sender = daemon_sender(view);
    let body = BOUNCE_BODY
        .captures(explanation(&view.text))
        .and_then(|c| c.get(1))
        .map(phrase);
    let auto_submitted = !header_values(msg, "Auto-Submitted").is_empty();
    // Signs that no person wrote this, short of a bounce subject.
    let automatic = view.null_sender || auto_submitted || !view.from_address.contains('@');
    let attached = view.has_attached_original;
    if let Some(m) = WEAK_BOUNCE_SUBJECT.captures(&view.subject).and_then(|c| c.get(1))
        && (sender.is_some() || body.is_some() || automatic || attached)
    {
        return Some(format!("subject: {}", phrase(m)));
    }
    match (sender, body) {
        (Some(s), Some(b)) => Some(format!("{s}; body: {b}")),
        (None, Some(b)) if automatic || attached => Some(format!("body: {b}")),
        // A mail system writing with an out-of-office subject, or one that
        // marks its notice `Auto-Submitted` without any bounce wording, is
        // an automatic reply; let the auto-reply detector have it.
        (Some(s), None) if autoreply::subject_signal(&view.subject).is_none() && !auto_submitted => Some(s),
        _ => None,
    }
}

/// `From: MAILER-DAEMON` and friends.
fn daemon_sender(view: &MailView) -> Option<String> {
    let local = view.from_address.split('@').next().unwrap_or_default().trim();
    if DAEMON_LOCAL_PARTS.contains(&local) {
        return Some(format!("From: {}", view.from_address));
    }
    let raw_lower = view.from_raw.to_ascii_lowercase();
    if raw_lower.contains("mailer-daemon") {
        return Some("From: MAILER-DAEMON".to_string());
    }
    DAEMON_NAME
        .captures(&view.from_name)
        .or_else(|| DAEMON_NAME.captures(&view.from_raw))
        .and_then(|c| c.get(1))
        .map(|m| format!("From: {}", m.as_str()))
}

/// The notice part of a bounce's text: everything before the inline copy
/// of the original message.
pub(super) fn explanation(text: &str) -> &str {
    match original_marker(text) {
        Some(at) => text.get(..at).unwrap_or(text),
        None => text,
    }
}

/// Builds the bounce record from the message text. When the text names
/// nobody and the attached "original" is itself a bounce (a gateway
/// wrapping the real notice), the wrapped bounce's recipients are used.
pub(super) fn bounce_from_text(msg: &Message<'_>, view: &MailView, reason: String, depth: u8) -> Bounce {
    let (recipients, stated) = recipients_from_text(msg, view);
    if !stated && depth > 0 {
        for part in &msg.parts {
            if let PartType::Message(nested) = &part.body
                && let Some(MachineMail::Bounce(inner)) = super::classify_at(nested, depth - 1)
                && !inner.recipients.is_empty()
            {
                return Bounce {
                    recipients: inner.recipients,
                    original_message_id: inner.original_message_id.or_else(|| view.original_message_id()),
                    reason: format!("{reason}; wrapping {}", inner.reason),
                };
            }
        }
    }
    Bounce {
        recipients,
        original_message_id: view.original_message_id(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Bounce, FailedRecipient, MachineMail, classify};

    fn bounce(raw: &str) -> Bounce {
        let msg = mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .expect("parse");
        match classify(&msg) {
            Some(MachineMail::Bounce(b)) => b,
            other => panic!("expected a bounce, got {other:?}"),
        }
    }

    fn addresses(b: &Bounce) -> Vec<&str> {
        b.recipients.iter().map(|r| r.address.as_str()).collect()
    }

    #[test]
    fn postfix_without_dsn() {
        let raw = "Return-Path: <>\nFrom: MAILER-DAEMON@mx.example.org (Mail Delivery System)\nTo: lab@lab.example.org\nSubject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<Ann.Jones@Trust.example.nhs.uk>: host mail.trust.example.nhs.uk[192.0.2.1] said:\n    550 5.1.1 <ann.jones@trust.example.nhs.uk>: Recipient address rejected:\n    User unknown (in reply to RCPT TO command)\n\n--- Below this line is a copy of the message.\n\nFrom: lab@lab.example.org\nTo: ann.jones@trust.example.nhs.uk\nMessage-ID: <rem-3.ann@lab.example.org>\nSubject: Cycle 3 reminder\n\nHello\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["ann.jones@trust.example.nhs.uk"]);
        assert_eq!(b.recipients[0].status.as_deref(), Some("5.1.1"));
        assert!(b.recipients[0].permanent);
        assert!(
            b.recipients[0]
                .diagnostic
                .as_deref()
                .is_some_and(|d| d.contains("User unknown"))
        );
        assert_eq!(b.original_message_id.as_deref(), Some("rem-3.ann@lab.example.org"));
        assert!(b.reason.starts_with("subject: Undelivered Mail"));
    }

    #[test]
    fn exim_address_failed() {
        let raw = "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: lab@lab.example.org\nSubject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: bob@example.com\nAuto-Submitted: auto-replied\n\nThis message was created automatically by mail delivery software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n  bob@example.com\n    SMTP error from remote mail server after RCPT TO:<bob@example.com>:\n    host mx.example.com [192.0.2.9]: 550 No such user here\n\n------ This is a copy of the message, including all the headers. ------\n\nMessage-Id: <n1@lab.example.org>\nFrom: lab@lab.example.org\nTo: bob@example.com\n\nHi\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["bob@example.com"]);
        assert!(b.recipients[0].permanent);
        assert_eq!(b.original_message_id.as_deref(), Some("n1@lab.example.org"));
    }

    #[test]
    fn qmail_blocks() {
        let raw = "From: MAILER-DAEMON@mx.example.jp\nTo: lab@lab.example.org\nSubject: failure notice\n\nHi. This is the qmail-send program at mx.example.jp.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<a@example.jp>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n<b@example.jp>:\n192.0.2.1 does not like recipient.\nRemote host said: 452 4.2.2 Mailbox full\n\n--- Below this line is a copy of the message.\n\nFrom: lab@lab.example.org\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["a@example.jp", "b@example.jp"]);
        assert_eq!(b.recipients[0].status.as_deref(), Some("5.1.1"));
        assert!(b.recipients[0].permanent);
        assert!(!b.recipients[1].permanent);
    }

    #[test]
    fn exchange_couldnt_be_delivered() {
        let raw = "From: postmaster@outlook.example.com\nTo: lab@lab.example.org\nSubject: Undeliverable: Cycle 3 reminder\n\nYour message to carol@example.org couldn't be delivered.\ncarol wasn't found at example.org.\n\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["carol@example.org"]);
        assert_eq!(b.recipients[0].status.as_deref(), Some("5.1.10"));
    }

    #[test]
    fn delay_warning_is_not_permanent() {
        let raw = "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: lab@lab.example.org\nSubject: Warning: message 1abc-2 delayed 24 hours\n\nThis message was created automatically by mail delivery software.\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue.\n\n  dan@example.net\n    Delay reason: mailbox is temporarily unavailable\n\nNo action is required on your part. Delivery attempts will continue.\n";
        let b = bounce(raw);
        assert_eq!(
            b.recipients,
            vec![FailedRecipient {
                address: "dan@example.net".into(),
                status: None,
                permanent: false,
                diagnostic: Some("Delay reason: mailbox is temporarily unavailable".into()),
            }]
        );
    }

    #[test]
    fn gmail_style_notice_without_report() {
        let raw = "From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>\nTo: lab@lab.example.org\nSubject: Delivery Status Notification (Failure)\nAuto-Submitted: auto-replied\n\nDelivery to the following recipient failed permanently:\n\n     frank@nhs.example.uk\n\nTechnical details of permanent failure:\nThe email account that you tried to reach does not exist. 550-5.1.1\n\n----- Original message -----\n\nMessage-ID: <rem-9@lab.example.org>\nFrom: lab@lab.example.org\nTo: frank@nhs.example.uk\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["frank@nhs.example.uk"]);
        assert_eq!(b.recipients[0].status.as_deref(), Some("5.1.1"));
        assert!(b.recipients[0].permanent);
        assert_eq!(b.original_message_id.as_deref(), Some("rem-9@lab.example.org"));
        assert_eq!(b.reason, "subject: Delivery Status Notification");
    }

    #[test]
    fn wording_alone_needs_a_sign_of_automation() {
        // A person (with a real envelope sender) quoting a bounce, or using
        // bounce-like words about their own work, is not a bounce.
        let human = "Return-Path: <gina@trust.example.nhs.uk>\nFrom: Gina <gina@trust.example.nhs.uk>\nTo: lab+cycle.tok@lab.example.org\nSubject: Re: Delivery failure rates - cycle 3\nIn-Reply-To: <rem-3@lab.example.org>\n\nOur change: the discharge message could not be delivered to the ward\nbefore noon, so we tested a second courier run. Unable to deliver your message\nis what the pharmacy system said.\n\n-----Original Message-----\nFrom: Lab <lab@lab.example.org>\nSubject: Cycle 3 reminder\n";
        let msg = mail_parser::MessageParser::default()
            .parse(human.as_bytes())
            .expect("parse");
        assert_eq!(classify(&msg), None);

        // The same wording from the null sender is a bounce.
        let auto = human.replace("Return-Path: <gina@trust.example.nhs.uk>", "Return-Path: <>");
        let msg = mail_parser::MessageParser::default()
            .parse(auto.as_bytes())
            .expect("parse");
        assert!(matches!(classify(&msg), Some(MachineMail::Bounce(_))));
    }

    #[test]
    fn inferred_recipient_from_returned_copy() {
        let raw = "From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.com>\nTo: lab@lab.example.org\nSubject: Returned mail: Cannot send message for 5 days\n\n   ----- Transcript of session follows -----\n421 example.com (smtp)... Deferred: Connection timed out\n\n   ----- Unsent message follows -----\nFrom: lab@lab.example.org\nTo: hal@example.com\nMessage-ID: <n-3@lab.example.org>\nSubject: Cycle 3\n\nHello\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["hal@example.com"]);
        assert!(!b.recipients[0].permanent);
        assert_eq!(b.original_message_id.as_deref(), Some("n-3@lab.example.org"));
    }

    #[test]
    fn amazon_ses_notification() {
        let raw = "From: SES <no-reply@sns.amazonaws.example>\nTo: ops@lab.example.org\nSubject: AWS Notification Message\n\n{\"notificationType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":\"Ivy@Example.com\",\"action\":\"failed\",\"status\":\"5.1.1\",\"diagnosticCode\":\"smtp; 550 5.1.1 user unknown\"}]},\"mail\":{\"messageId\":\"0100abc\"}}\n";
        let b = bounce(raw);
        assert_eq!(
            b.recipients,
            vec![FailedRecipient {
                address: "ivy@example.com".into(),
                status: Some("5.1.1".into()),
                permanent: true,
                diagnostic: Some("550 5.1.1 user unknown".into()),
            }]
        );
        assert_eq!(b.original_message_id.as_deref(), Some("0100abc"));
    }

    #[test]
    fn sender_in_mail_from_is_not_a_recipient() {
        let raw = "From: MAILER-DAEMON@mx.example.org\nTo: lab@lab.example.org\nSubject: Returned mail: see transcript for details\n\n----- Transcript of session follows -----\n>>> MAIL FROM:<other-sender@lab.example.org>\n<<< 550 rejected\n\n  erin@example.com\n";
        let b = bounce(raw);
        assert_eq!(addresses(&b), vec!["erin@example.com"]);
    }
}
