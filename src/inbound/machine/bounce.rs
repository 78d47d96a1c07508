//! Delivery status notifications (RFC 3464): `multipart/report;
//! report-type=delivery-status` with a `message/delivery-status` part.
//!
//! The status part is a set of header-like field blocks separated by blank
//! lines: one block about the message, then one per recipient with
//! `Final-Recipient`, `Original-Recipient`, `Action`, `Status` and
//! `Diagnostic-Code`. The same field syntax is also recognised when an MTA
//! pastes it into a plain-text body (see [`parse_fields`]).

use std::sync::LazyLock;

use regex::Regex;

use super::FailedRecipient;
use super::addresses::{first_address, push_unique};
use super::view::MailView;

/// An enhanced status code (RFC 3463) such as `5.1.1`.
static STATUS_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b").expect("status regex"));

/// A basic SMTP reply code at the start of a diagnostic (`550 …`, `550-…`).
static SMTP_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s;:(])([245])\d\d[\s\-]").expect("smtp code regex"));

/// One per-recipient block of a delivery status report.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct DsnRecord {
    /// Address from `Final-Recipient`.
    pub final_recipient: Option<String>,
    /// Address from `Original-Recipient`.
    pub original_recipient: Option<String>,
    /// `Action`, lowercased (`failed`, `delayed`, `delivered`, …).
    pub action: Option<String>,
    /// `Status` as written.
    pub status: Option<String>,
    /// `Diagnostic-Code` without its type prefix (`smtp;`).
    pub diagnostic: Option<String>,
}

/// What the delivery-status part(s) of a message said.
#[derive(Debug, Default)]
pub(super) struct DsnOutcome {
    /// The message has a delivery-status part.
    pub has_status_part: bool,
    /// Recipients that failed or were delayed.
    pub failures: Vec<FailedRecipient>,
    /// How many recipients were reported delivered, relayed or expanded.
    pub successes: usize,
}

/// Reads the `message/delivery-status` parts of a message.
pub(super) fn read_status_parts(view: &MailView) -> DsnOutcome {
    let mut outcome = DsnOutcome::default();
    for part in &view.report_parts {
        if part.mime == "message/delivery-status" || part.mime == "message/global-delivery-status" {
            outcome.has_status_part = true;
            let records = parse_fields(&part.text);
            add_records(&mut outcome, &records);
        }
    }
    outcome
}

/// Adds parsed records to an outcome, splitting failures from successes.
pub(super) fn add_records(outcome: &mut DsnOutcome, records: &[DsnRecord]) {
    for record in records {
        match failure_of(record) {
            Some(failed) => {
                for f in failed {
                    merge_recipient(&mut outcome.failures, f);
                }
            }
            None => outcome.successes += 1,
        }
    }
}

/// Adds a recipient, or fills in the gaps of an existing entry for it.
pub(super) fn merge_recipient(list: &mut Vec<FailedRecipient>, r: FailedRecipient) {
    if let Some(existing) = list.iter_mut().find(|e| e.address == r.address) {
        // A stated status decides permanence; otherwise either source
        // saying "permanent" is enough.
        if existing.status.is_none() {
            existing.permanent |= r.permanent;
            existing.status = r.status;
        }
        if existing.diagnostic.is_none() {
            existing.diagnostic = r.diagnostic;
        }
    } else {
        list.push(r);
    }
}

/// Turns one record into failed recipients, or `None` when the record
/// reports a success (delivered, relayed, expanded, or a 2.x.x status).
/// Both the final and (when different) the original recipient are listed,
/// so a caller can match either against its own records.
fn failure_of(record: &DsnRecord) -> Option<Vec<FailedRecipient>> {
    let status = record
        .status
        .as_deref()
        .and_then(status_code)
        .or_else(|| record.diagnostic.as_deref().and_then(status_code));
    let action = record.action.as_deref().unwrap_or_default();
    let class = status
        .as_deref()
        .and_then(|s| s.chars().next())
        .or_else(|| record.diagnostic.as_deref().and_then(smtp_class));
    let permanent = match action {
        "delivered" | "relayed" | "expanded" => return None,
        "failed" => class.is_none_or(|c| c == '5'),
        "delayed" => false,
        _ => match class {
            Some('2') => return None,
            Some(c) => c == '5',
            None => false,
        },
    };
    let mut addresses = Vec::new();
    for a in [&record.final_recipient, &record.original_recipient]
        .into_iter()
        .flatten()
    {
        push_unique(&mut addresses, a.clone());
    }
    Some(
        addresses
            .into_iter()
            .map(|address| FailedRecipient {
                address,
                status: status.clone(),
                permanent,
                diagnostic: record.diagnostic.clone(),
            })
            .collect(),
    )
}

/// The enhanced status code (`5.1.1`) in some text.
pub(super) fn status_code(text: &str) -> Option<String> {
    STATUS_CODE.captures(text).map(|c| {
        format!(
            "{}.{}.{}",
            c.get(1).map_or("", |m| m.as_str()),
            c.get(2).map_or("", |m| m.as_str()),
            c.get(3).map_or("", |m| m.as_str())
        )
    })
}

/// The class digit (`'5'`, `'4'`) of the first SMTP reply code in some text.
pub(super) fn smtp_class(text: &str) -> Option<char> {
    SMTP_CODE
        .captures(text)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().chars().next())
}

/// Parses delivery-status fields from text into per-recipient records.
///
/// Tolerant of what real MTAs produce: folded lines, CRLF, missing blank
/// lines between recipients, extra non-field lines, and fields written in
/// any case. Records without a recipient address are dropped.
pub(super) fn parse_fields(text: &str) -> Vec<DsnRecord> {
    let mut records = Vec::new();
    let mut current = DsnRecord::default();
    // The field whose value may continue on folded lines.
    let mut last: Option<(String, String)> = None;

    let flush_field = |current: &mut DsnRecord, records: &mut Vec<DsnRecord>, field: Option<(String, String)>| {
        if let Some((name, value)) = field {
            apply_field(current, records, &name, value.trim());
        }
    };

    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush_field(&mut current, &mut records, last.take());
            if has_recipient(&current) {
                records.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = last.as_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        flush_field(&mut current, &mut records, last.take());
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && name.len() < 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                last = Some((name.to_ascii_lowercase(), value.to_string()));
            }
        }
    }
    flush_field(&mut current, &mut records, last.take());
    if has_recipient(&current) {
        records.push(current);
    }
    records
}

/// Parses header-like `Name: value` fields (folded lines joined) from text,
/// ignoring blank lines and lines that are not fields. Names are lowercased.
pub(super) fn parse_fields_raw(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut can_continue = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            can_continue = false;
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if can_continue && let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        can_continue = false;
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim();
            if !name.is_empty() && name.len() < 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                fields.push((name.to_ascii_lowercase(), value.trim().to_string()));
                can_continue = true;
            }
        }
    }
    fields
}

/// Whether a record names a recipient.
fn has_recipient(r: &DsnRecord) -> bool {
    r.final_recipient.is_some() || r.original_recipient.is_some()
}

/// Stores one field, starting a new record when a recipient field repeats.
fn apply_field(current: &mut DsnRecord, records: &mut Vec<DsnRecord>, name: &str, value: &str) {
    // A recipient field that repeats, or that follows a record already
    // carrying its Action, starts the next recipient (some MTAs leave out
    // the blank line between recipients; either field may come first).
    let start_new = match name {
        "original-recipient" => {
            current.original_recipient.is_some() || (current.final_recipient.is_some() && current.action.is_some())
        }
        "final-recipient" => {
            current.final_recipient.is_some() || (current.original_recipient.is_some() && current.action.is_some())
        }
        _ => false,
    };
    if start_new {
        records.push(std::mem::take(current));
    }
    match name {
        "final-recipient" => current.final_recipient = recipient_address(value),
        "original-recipient" => current.original_recipient = recipient_address(value),
        "action" => {
            let action = value
                .split(|c: char| c.is_whitespace() || c == '(' || c == ';')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !action.is_empty() {
                current.action = Some(action);
            }
        }
        "status" if !value.is_empty() => current.status = Some(value.to_string()),
        "diagnostic-code" => {
            let diag = match value.split_once(';') {
                Some((kind, rest)) if kind.trim().len() <= 12 && !kind.contains(' ') => rest,
                _ => value,
            }
            .trim();
            if !diag.is_empty() {
                current.diagnostic = Some(diag.to_string());
            }
        }
        _ => {}
    }
}

/// The address in a `Final-Recipient`/`Original-Recipient` value
/// (`rfc822; user@example.com`, possibly in angle brackets or without the
/// address type).
fn recipient_address(value: &str) -> Option<String> {
    let after_type = match value.split_once(';') {
        Some((_, rest)) => rest,
        None => value,
    };
    first_address(after_type).or_else(|| first_address(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_two_recipients_without_blank_line() {
        let text = "Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; A@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <a@example.com>:\n  user unknown\nFinal-Recipient: rfc822;b@example.com\nAction: delayed\nStatus: 4.4.1\n";
        let records = parse_fields(text);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].final_recipient.as_deref(), Some("a@example.com"));
        assert_eq!(
            records[0].diagnostic.as_deref(),
            Some("550 5.1.1 <a@example.com>: user unknown")
        );
        assert_eq!(records[1].action.as_deref(), Some("delayed"));
    }

    #[test]
    fn original_recipient_after_final_stays_in_its_record() {
        let text = "Final-Recipient: rfc822; a@example.com\nOriginal-Recipient: rfc822; alias@example.com\nAction: failed\nStatus: 5.1.1\nOriginal-Recipient: rfc822; b@example.com\nFinal-Recipient: rfc822; b@example.com\nAction: delivered\n";
        let records = parse_fields(text);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].original_recipient.as_deref(), Some("alias@example.com"));
        assert_eq!(records[1].action.as_deref(), Some("delivered"));
    }

    #[test]
    fn failure_rules() {
        let mut outcome = DsnOutcome::default();
        let records = vec![
            DsnRecord {
                final_recipient: Some("a@x.org".into()),
                action: Some("failed".into()),
                status: Some("5.1.1".into()),
                ..DsnRecord::default()
            },
            DsnRecord {
                final_recipient: Some("b@x.org".into()),
                action: Some("delayed".into()),
                status: Some("4.4.7".into()),
                ..DsnRecord::default()
            },
            DsnRecord {
                final_recipient: Some("c@x.org".into()),
                action: Some("delivered".into()),
                status: Some("2.0.0".into()),
                ..DsnRecord::default()
            },
            DsnRecord {
                final_recipient: Some("d@x.org".into()),
                action: Some("failed".into()),
                status: Some("4.4.7".into()),
                ..DsnRecord::default()
            },
        ];
        add_records(&mut outcome, &records);
        assert_eq!(outcome.successes, 1);
        let by = |a: &str| outcome.failures.iter().find(|f| f.address == a).cloned();
        assert!(by("a@x.org").is_some_and(|f| f.permanent));
        assert!(by("b@x.org").is_some_and(|f| !f.permanent));
        assert!(by("c@x.org").is_none());
        assert!(by("d@x.org").is_some_and(|f| !f.permanent));
    }

    #[test]
    fn status_and_smtp_codes() {
        assert_eq!(status_code("smtp; 550 5.7.1 denied").as_deref(), Some("5.7.1"));
        assert_eq!(smtp_class("smtp; 421 try later"), Some('4'));
        assert_eq!(smtp_class("no code"), None);
    }
}
