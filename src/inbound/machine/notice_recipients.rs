//! Who a bounce without a delivery report failed for: the recipients, status codes
//! and reasons a plain-text notice states, read from the notice's wording (see
//! [`recipients_from_text`]).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use mail_parser::Message;
use regex::Regex;

use super::FailedRecipient;
use super::addresses::{address_spans, all_addresses, push_unique};
use super::bounce::{DsnOutcome, add_records, merge_recipient, parse_fields, status_code};
use super::heuristics::explanation;
use super::view::{MailView, header_values};

/// At most this many recipients are read from one notice's text.
const MAX_RECIPIENTS: usize = 1000;

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
                let a = super::addresses::normalise_address(m.as_str());
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
pub(super) fn any_addresses(notice: &str, excluded: &[String]) -> Vec<(usize, String)> {
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
pub(super) struct Context<'t> {
    /// From the start of the recipient's line.
    whole: &'t str,
    /// From just after the address (or `whole` if it was not found).
    after: &'t str,
}

impl<'t> Context<'t> {
    pub(super) fn new(notice: &'t str, at: usize, end: usize, address: &str) -> Self {
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
pub(super) fn recipient_with_context(address: &str, context: &Context<'_>, delay: bool) -> FailedRecipient {
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
