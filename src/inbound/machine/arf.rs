//! Complaint and feedback reports: the Abuse Reporting Format (RFC 5965,
//! `multipart/report; report-type=feedback-report`), Microsoft's older
//! "complaint about message from" format, and Amazon SES complaint
//! notifications.
//!
//! Mailbox providers' one-click unsubscribe mails (Apple Mail's
//! `X-Apple-Unsubscribe: true`) are complaints by their sender: someone
//! who no longer wants the mail, asking through their mail program.
//!
//! A complaint lists the recipients who complained (or asked to be removed)
//! so the caller can stop mailing them. Reports that are not complaints by a
//! recipient — authentication-failure (DMARC forensic), fraud and virus
//! reports — are still recognised as machine mail but list no recipients,
//! because the people named in them did not ask for anything.

use std::sync::LazyLock;

use mail_parser::Message;
use regex::Regex;

use super::MachineMail;
use super::addresses::{all_addresses, push_unique};
use super::bounce::parse_fields_raw;
use super::view::{MailView, header_values};

/// Subject of Microsoft's (Hotmail/Outlook.com JMRP) complaint mails.
static HOTMAIL_COMPLAINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*complaint about message from\b").expect("hotmail complaint regex"));

/// Recognises a complaint or feedback report.
pub(super) fn detect(msg: &Message<'_>, view: &MailView) -> Option<MachineMail> {
    if header_values(msg, "X-Apple-Unsubscribe")
        .iter()
        .any(|v| v.trim().eq_ignore_ascii_case("true"))
        && view.from_address.contains('@')
    {
        return Some(MachineMail::Complaint {
            recipients: vec![view.from_address.clone()],
            original_message_id: None,
        });
    }
    let feedback = view.report_parts.iter().find(|p| p.mime == "message/feedback-report");
    if let Some(part) = feedback {
        return Some(from_feedback_fields(view, &part.text));
    }
    if view.report_type == "feedback-report" {
        // Declared as ARF but the report part is missing or mislabelled:
        // look for the fields in the text instead.
        return Some(from_feedback_fields(view, &view.text));
    }
    let hotmail_recipients: Vec<String> = view
        .originals
        .iter()
        .flat_map(|o| o.hotmail_recipients.iter().cloned())
        .collect();
    if HOTMAIL_COMPLAINT.is_match(&view.subject) && view.has_attached_original {
        let mut recipients = hotmail_recipients;
        if recipients.is_empty() {
            recipients = original_recipients(view);
        }
        return Some(MachineMail::Complaint {
            recipients,
            original_message_id: view.original_message_id(),
        });
    }
    None
}

/// Builds a complaint from the fields of a `message/feedback-report` part.
fn from_feedback_fields(view: &MailView, fields_text: &str) -> MachineMail {
    let fields = parse_fields_raw(fields_text);
    let feedback_type = fields
        .iter()
        .find(|(n, _)| n == "feedback-type")
        .map(|(_, v)| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let is_complaint = matches!(
        feedback_type.as_str(),
        "" | "abuse" | "opt-out" | "optout" | "complaint" | "unsubscribe"
    );
    let mut recipients = Vec::new();
    if is_complaint {
        for (name, value) in &fields {
            if name == "original-rcpt-to" || name == "removal-recipient" {
                for a in all_addresses(value) {
                    push_unique(&mut recipients, a);
                }
            }
        }
        if recipients.is_empty() {
            recipients = original_recipients(view);
        }
    }
    let original_message_id = view.original_message_id().or_else(|| {
        fields
            .iter()
            .find(|(n, _)| n == "original-message-id")
            .map(|(_, v)| v.trim().trim_matches(|c| c == '<' || c == '>').to_string())
            .filter(|v| !v.is_empty())
    });
    MachineMail::Complaint {
        recipients,
        original_message_id,
    }
}

/// Recipients of the attached original message (To and Cc), skipping the
/// sending side's own addresses.
fn original_recipients(view: &MailView) -> Vec<String> {
    let mut out = Vec::new();
    for o in &view.originals {
        for a in o.hotmail_recipients.iter().chain(&o.recipients) {
            push_unique(&mut out, a.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{MachineMail, classify};

    fn parse(raw: &str) -> Option<MachineMail> {
        mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .and_then(|m| classify(&m))
    }

    const ARF: &str = "From: fbl@isp.example\r\nTo: abuse@lab.example.org\r\nSubject: FW: Cycle news\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThis is an abuse report.\r\n--b\r\nContent-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\nUser-Agent: ExampleFBL/1.0\r\nVersion: 1\r\nOriginal-Rcpt-To: <Reader@Example.NET>\r\n--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: lab@lab.example.org\r\nTo: reader@example.net\r\nSubject: Cycle news\r\nMessage-ID: <issue-7@lab.example.org>\r\n\r\nHello\r\n--b--\r\n";

    #[test]
    fn arf_abuse_report() {
        assert_eq!(
            parse(ARF),
            Some(MachineMail::Complaint {
                recipients: vec!["reader@example.net".into()],
                original_message_id: Some("issue-7@lab.example.org".into()),
            })
        );
    }

    #[test]
    fn arf_without_original_rcpt_uses_original_to() {
        let raw = ARF.replace("Original-Rcpt-To: <Reader@Example.NET>\r\n", "");
        assert_eq!(
            parse(&raw),
            Some(MachineMail::Complaint {
                recipients: vec!["reader@example.net".into()],
                original_message_id: Some("issue-7@lab.example.org".into()),
            })
        );
    }

    #[test]
    fn apple_mail_unsubscribe_is_a_complaint_by_its_sender() {
        let raw = "From: reader@icloud.example\r\nTo: lab+leave@lab.example.org\r\nSubject: unsubscribe\r\nAuto-Submitted: auto-replied\r\nX-Apple-Unsubscribe: true\r\n\r\nApple Mail sent this email to unsubscribe.\r\n";
        assert_eq!(
            parse(raw),
            Some(MachineMail::Complaint {
                recipients: vec!["reader@icloud.example".into()],
                original_message_id: None,
            })
        );
    }

    #[test]
    fn hotmail_complaint() {
        let raw = "From: staff@hotmail.example\r\nTo: abuse@lab.example.org\r\nSubject: complaint about message from 192.0.2.1\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: message/rfc822\r\n\r\nX-HmXmrOriginalRecipient: Reader@Outlook.example\r\nFrom: lab@lab.example.org\r\nTo: reader@outlook.example\r\nMessage-ID: <n-5@lab.example.org>\r\n\r\nNews\r\n--m--\r\n";
        assert_eq!(
            parse(raw),
            Some(MachineMail::Complaint {
                recipients: vec!["reader@outlook.example".into()],
                original_message_id: Some("n-5@lab.example.org".into()),
            })
        );
    }

    #[test]
    fn auth_failure_report_names_nobody() {
        let raw = ARF.replace("Feedback-Type: abuse", "Feedback-Type: auth-failure");
        assert!(matches!(
            parse(&raw),
            Some(MachineMail::Complaint { recipients, .. }) if recipients.is_empty()
        ));
    }
}
