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

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use mail_parser::{Message, PartType};
use regex::Regex;

use super::bounce::{DsnOutcome, add_records, merge_recipient, parse_fields, status_code};
use super::view::{MailView, address_spans, all_addresses, header_values, original_marker, push_unique};
use super::{Bounce, FailedRecipient, MachineMail, autoreply};

/// At most this many recipients are read from one notice's text.
const MAX_RECIPIENTS: usize = 1000;

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

/// Where a recipient is stated explicitly; capture group 1 holds the address.
/// These are trusted even when the address is the bounce's own recipient
/// (someone who mailed themselves).
static STATED_RECIPIENT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    compile_with_address(&[
        // `<user@example.com>: host … said: 550 …` (Postfix, qmail, Yahoo),
        // `"user@example.com":` (GMX), `user@example.com:` alone (1&1)
        r#"(?m)^[ \t]*(?:<(ADDR)>|"(ADDR)")[ \t]*:"#,
        r"(?m)^[ \t]*(ADDR)[ \t]*:[ \t]*\r?$",
        // `>>> user@example.com` (Sendmail)
        r"(?m)^[ \t]*>>>[ \t]*<?(ADDR)",
        // `delivering your mail to <user@…>`, `Your message to user@… couldn't be delivered`
        r#"(?i)\b(?:deliver(?:ing|ed|y)?|sent|sending|send|message|mail)[ \t]+to[ \t]*:?[ \t]*[\[<("]?(ADDR)"#,
        // `was not delivered to:` / `the following recipient(s):` and the
        // address on one of the next lines
        r"(?i)(?:delivered\s+to|following\s+(?:recipients?|recipient\(s\)|address(?:es|\(es\))?|destinations?)[^\n:]{0,60}):?[ \t]*\r?\n(?:[ \t]*\r?\n){0,2}[ \t]*<?(ADDR)",
        // SMTP transcripts: `RCPT TO:<user@…>`
        r"(?i)\brcpt(?:\s+to)?\s*:\s*<?(ADDR)",
    ])
});

/// Weaker recipient positions; the address must not be one of the
/// sending side's own.
static LISTED_RECIPIENT: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    compile_with_address(&[
        // an address alone on its line (Exim, Domino, 1&1, Biglobe, …)
        r"(?m)^[ \t]*<?(ADDR)>?[ \t]*:?[ \t]*\r?$",
        // an address opening a line of explanation (Zoho, Exchange 2003)
        r#"(?m)^[ \t]*["<]?(ADDR)[">]?[ \t]*[:,(]?[ \t]+\S"#,
        // `user@example.com... User unknown` (Sendmail)
        r"<?(ADDR)>?\.\.\.[ \t]",
        // `Recipient: user@…`, `recipient address: <user@…>`
        r"(?i)\b(?:recipients?|recipient\s+address(?:es)?|addressee|destinataire)\s*:\s*<?(ADDR)",
        // `user@… (unknown user)`, `<user@…>: User unknown`
        r"(?i)<?(ADDR)>?\s*[:(]?\s*(?:user\s+unknown|unknown\s+user|no\s+such\s+user|does\s+not\s+exist|mailbox\s+unavailable|not\s+listed)",
        // `User unknown: user@…`, `unknown user <user@…>`
        r"(?i)(?:user\s+unknown|unknown\s+user|no\s+such\s+user|invalid\s+(?:recipient|address|mailbox))\s*[:-]?\s*<?(ADDR)",
    ])
});

/// Compiles patterns in which `ADDR` stands for an e-mail address.
fn compile_with_address(patterns: &[&str]) -> Vec<Regex> {
    const ADDR: &str = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}";
    patterns
        .iter()
        .map(|p| Regex::new(&p.replace("ADDR", ADDR)).expect("recipient pattern"))
        .collect()
}

/// Text just before an address that marks it as the sender, not a
/// recipient (`MAIL FROM:<…>`, `envelope-from <…>`, `From: …`).
static SENDER_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:mail\s+from|envelope-from|envelope\s+sender|\bfrom|sender|return-path|reply-to|message-id|in-reply-to|references|mailfrom|header\.from|\bby|\bid|helo|ehlo)\s*[:=]?\s*[<(\x22]?\s*$",
    )
    .expect("sender context regex")
});

/// Wording that shows a notice is only a delay warning.
static DELAY_WORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\bdelay(?:ed)?\b|will\s+(?:continue\s+to\s+)?(?:retry|try)|still\s+(?:being\s+)?(?:retried|trying)|temporar(?:y|ily)\s+(?:failure|error|problem)|warning)",
    )
    .expect("delay regex")
});

/// Wording that shows a failure is final.
static PERMANENT_WORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(permanent|fatal|user\s+unknown|unknown\s+user|no\s+such\s+(?:user|mailbox|address)|does\s+not\s+exist|doesn't\s+exist|not\s+listed|invalid\s+(?:recipient|address|mailbox)|mailbox\s+(?:unavailable|full|is\s+full|quota)|quota|rejected|denied|refused|blocked|not\s+found|unknown\s+(?:address|recipient|mailbox)|given\s+up|failed)",
    )
    .expect("permanent regex")
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
    if let Some(found) = amazon_ses_notification(view) {
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

/// Failed recipients stated by a non-standard bounce, best source first:
/// `X-Failed-Recipients`, DSN fields pasted into the text, addresses in a
/// recipient position of the notice, any other address in the notice, and
/// finally the single recipient of the attached original message. The flag
/// tells whether the notice itself stated them (`false` for the last
/// resort, or when nobody was found).
pub(super) fn recipients_from_text(msg: &Message<'_>, view: &MailView) -> (Vec<FailedRecipient>, bool) {
    let notice = explanation(&view.text);
    let excluded = view.excluded_addresses();
    let delay = DELAY_WORDING.is_match(&view.subject)
        || (DELAY_WORDING.is_match(notice) && !PERMANENT_WORDING.is_match(notice));

    let mut out: Vec<FailedRecipient> = Vec::new();

    // DSN fields pasted into the body (Amazon WorkMail, some gateways) are
    // the most precise statement there is: when present, use only them.
    let mut pasted = DsnOutcome::default();
    add_records(&mut pasted, &parse_fields(&view.text));
    let from_fields = !pasted.failures.is_empty();
    for r in pasted.failures {
        merge_recipient(&mut out, r);
    }

    let mut header_listed = Vec::new();
    for value in header_values(msg, "X-Failed-Recipients") {
        for a in all_addresses(&value) {
            push_unique(&mut header_listed, a);
        }
    }

    let mut spans = stated_addresses(notice, &excluded);
    if spans.is_empty() && header_listed.is_empty() {
        spans = any_addresses(notice, &excluded);
    }
    let lower = notice.to_ascii_lowercase();
    for a in header_listed {
        if !spans.iter().any(|(_, s)| *s == a) {
            let at = lower.find(&a).unwrap_or(notice.len());
            spans.push((at, a));
        }
    }
    if from_fields {
        // Only fill in what the fields left out (usually the diagnostic).
        spans.retain(|(_, a)| out.iter().any(|r| r.address == *a));
    }
    spans.sort_by_key(|(at, _)| *at);
    spans.truncate(MAX_RECIPIENTS);
    let single = spans.len() == 1;
    let starts: Vec<usize> = spans.iter().map(|(at, _)| *at).collect();
    for (i, (at, address)) in spans.iter().enumerate() {
        let end = starts
            .iter()
            .skip(i + 1)
            .copied()
            .find(|s| *s > *at)
            .unwrap_or(notice.len());
        let context = Context::new(notice, *at, end, address);
        let mut r = recipient_with_context(address, &context, delay);
        if single && r.status.is_none() {
            // The only recipient: a code anywhere in the notice is its own.
            r.status = failure_status(notice);
            if let Some(class) = r
                .status
                .as_deref()
                .and_then(|s| s.chars().next())
                .or_else(|| failure_smtp_class(notice))
            {
                r.permanent = class == '5';
            }
        }
        merge_recipient(&mut out, r);
    }

    if !out.is_empty() {
        return (out, true);
    }
    {
        let originals: Vec<&String> = view
            .originals
            .iter()
            .flat_map(|o| o.recipients.iter())
            .filter(|a| !excluded.contains(a))
            .collect();
        if let [only] = originals.as_slice() {
            out.push(FailedRecipient {
                address: (*only).clone(),
                status: status_code(notice),
                permanent: !delay,
                diagnostic: None,
            });
        }
    }
    (out, false)
}

/// Addresses in a recipient position of the notice, with their offsets.
fn stated_addresses(notice: &str, excluded: &[String]) -> Vec<(usize, String)> {
    // Address -> earliest offset where it is stated.
    let mut found: HashMap<String, usize> = HashMap::new();
    let patterns = STATED_RECIPIENT
        .iter()
        .map(|re| (re, false))
        .chain(LISTED_RECIPIENT.iter().map(|re| (re, true)));
    for (re, check_excluded) in patterns {
        for c in re.captures_iter(notice) {
            if let Some(m) = c.iter().skip(1).flatten().next() {
                let a = super::view::normalise_address(m.as_str());
                if !a.contains('@')
                    || (check_excluded && excluded.contains(&a))
                    || is_daemon_address(&a)
                    || sender_context(notice, m.start())
                {
                    continue;
                }
                let at = found.entry(a).or_insert(m.start());
                *at = (*at).min(m.start());
            }
        }
    }
    found.into_iter().map(|(a, at)| (at, a)).collect()
}

/// Every address in the notice that is not excluded, with its offset.
fn any_addresses(notice: &str, excluded: &[String]) -> Vec<(usize, String)> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut found: Vec<(usize, String)> = Vec::new();
    for (start, _, a) in address_spans(notice) {
        if !excluded.contains(&a) && !is_daemon_address(&a) && !sender_context(notice, start) && seen.insert(a.clone())
        {
            found.push((start, a));
        }
    }
    found
}

/// Whether an address belongs to a mail system rather than a person.
fn is_daemon_address(a: &str) -> bool {
    let local = a.split('@').next().unwrap_or_default();
    matches!(local, "mailer-daemon" | "mailer_daemon" | "mailerdaemon")
}

/// Whether the text just before `at` on the same line names a sender.
fn sender_context(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or_default();
    // Only the last 40 characters of the line matter.
    let tail: String = before
        .chars()
        .rev()
        .take_while(|c| *c != '\n')
        .take(40)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    SENDER_CONTEXT.is_match(&tail)
}

/// The notice text that belongs to the recipient found at `at`: its whole
/// line and what follows, up to the next recipient (at most about 600
/// bytes), and the part of that after the address itself.
struct Context<'t> {
    /// From the start of the recipient's line.
    whole: &'t str,
    /// From just after the address (or `whole` if it was not found).
    after: &'t str,
}

impl<'t> Context<'t> {
    fn new(notice: &'t str, at: usize, end: usize, address: &str) -> Self {
        let at = at.min(notice.len());
        // The start of the recipient's line, looking back at most 300 bytes.
        let mut floor = at.saturating_sub(300);
        while floor > 0 && !notice.is_char_boundary(floor) {
            floor -= 1;
        }
        let line_start = notice
            .get(floor..at)
            .and_then(|b| b.rfind('\n'))
            .map_or(floor, |i| floor + i + 1);
        let mut stop = end.min(at.saturating_add(600)).min(notice.len());
        while stop > at && !notice.is_char_boundary(stop) {
            stop -= 1;
        }
        let whole = notice.get(line_start..stop).unwrap_or_default();
        let after = match whole.to_ascii_lowercase().find(address) {
            Some(i) => whole.get(i + address.len()..).unwrap_or(whole),
            None => whole,
        };
        Context { whole, after }
    }
}

/// The first enhanced status code of a failure (4.x.x or 5.x.x) in text.
fn failure_status(text: &str) -> Option<String> {
    static FAILURE_STATUS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b[45]\.\d{1,3}\.\d{1,3}\b").expect("failure status regex"));
    FAILURE_STATUS.find(text).and_then(|m| status_code(m.as_str()))
}

/// The class (`'4'` or `'5'`) of the first failure SMTP reply code in text.
fn failure_smtp_class(text: &str) -> Option<char> {
    static FAILURE_CODE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s;:(\[\x22'])([45])[0-5]\d(?:[\s\-:\],;)]|$)").expect("failure code regex")
    });
    FAILURE_CODE
        .captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().chars().next())
}

/// A failed recipient with the status and diagnostic read from its context.
fn recipient_with_context(address: &str, context: &Context<'_>, delay: bool) -> FailedRecipient {
    let diagnostic = diagnostic_of(context.after);
    let scope = diagnostic.as_deref().unwrap_or(context.after);
    let status = failure_status(scope).or_else(|| failure_status(context.whole));
    let class = status
        .as_deref()
        .and_then(|s| s.chars().next())
        .or_else(|| failure_smtp_class(scope))
        .or_else(|| failure_smtp_class(context.whole));
    let permanent = match class {
        Some('5') => true,
        Some(_) => false,
        None => !delay,
    };
    FailedRecipient {
        address: address.to_string(),
        status,
        permanent,
        diagnostic,
    }
}

/// The reason given next to a recipient: the rest of its line and the
/// lines that follow up to a blank line, skipping a bare label such as
/// "For the following reason:". Capped at 300 characters.
fn diagnostic_of(context: &str) -> Option<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in context.lines() {
        let line = line
            .trim()
            .trim_start_matches([':', '>', '.', '"', ',', ')', ']'])
            .trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            if paragraphs.len() >= 3 {
                break;
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let chosen = paragraphs
        .iter()
        .find(|p| {
            let t = p.trim_end();
            !(t.ends_with(':') && t.len() < 60) && t.chars().any(char::is_alphanumeric)
        })?
        .trim();
    let mut out: String = chosen.chars().take(300).collect();
    if out.len() < chosen.len() {
        out.push('…');
    }
    Some(out)
}

/// Amazon SES notifications delivered by e-mail (through SNS): JSON with a
/// `notificationType` of `Bounce`, `Complaint` or `Delivery`.
fn amazon_ses_notification(view: &MailView) -> Option<MachineMail> {
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
            entries.push((super::view::normalise_address(address.as_str()), status, diagnostic));
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
