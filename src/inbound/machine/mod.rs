//! Recognising machine-generated mail so that it never becomes a human
//! record: bounces (delivery failures and delay warnings), automatic
//! replies (out of office, vacation responders) and complaint reports.
//!
//! [`classify`] looks at one parsed message and answers `None` when it looks
//! like a person wrote it, or a [`MachineMail`] saying what kind of machine
//! mail it is. For bounces it also names the failed recipients, so that the
//! caller can mark those addresses as bouncing.
//!
//! The order of the checks matters and is:
//!
//! 1. complaint reports (RFC 5965 ARF, Microsoft JMRP) — see `arf`;
//! 2. delivery status notifications (RFC 3464) — see `bounce`;
//! 3. bounces without a machine-readable report, recognised by sender,
//!    subject and wording — see `heuristics`;
//! 4. automatic replies (RFC 3834 headers, out-of-office subjects) — see
//!    `autoreply`.
//!
//! Bounces come before auto-replies because many mail systems mark their
//! bounces `Auto-Submitted: auto-replied`; a bounce is still a bounce.

mod addresses;
mod arf;
mod autoreply;
mod bounce;
mod heuristics;
mod notice_recipients;
mod original;
mod prefilter;
mod ses;
mod view;

use mail_parser::Message;

use self::view::MailView;

/// What kind of machine-generated mail a message is.
#[derive(Debug, Clone, PartialEq)]
pub enum MachineMail {
    /// A delivery failure or delay notice.
    Bounce(Bounce),
    /// An automatic reply: out of office, vacation, "this inbox is no longer
    /// monitored", and other mail an automaton sends in answer to a message.
    /// Also used for delivery reports that report only successful delivery,
    /// which are machine mail but not failures.
    AutoReply {
        /// Which signal decided, e.g. `"Auto-Submitted: auto-replied"` or
        /// `"subject: Out of Office"`.
        reason: String,
    },
    /// A complaint (abuse or opt-out feedback report) about a message sent.
    Complaint {
        /// Lowercased addresses of the recipients who complained or asked to
        /// be removed. Empty for reports that are not a recipient's
        /// complaint (authentication-failure, fraud and virus reports).
        recipients: Vec<String>,
        /// Message-ID of the message complained about, without angle
        /// brackets.
        original_message_id: Option<String>,
    },
}

/// A delivery failure (or delay) notice.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounce {
    /// Recipients the notice says could not be reached (or were delayed).
    /// When a delivery report gives a `Final-Recipient` and a different
    /// `Original-Recipient`, both addresses are listed. When a notice names
    /// nobody but returns a copy of a message with a single To address,
    /// that address is listed. Empty when no recipient can be told.
    pub recipients: Vec<FailedRecipient>,
    /// Message-ID of the message that bounced, without angle brackets, read
    /// from the attached or quoted original message.
    pub original_message_id: Option<String>,
    /// Which signal decided it is a bounce, e.g.
    /// `"delivery-status report"` or `"subject: failure notice"`.
    pub reason: String,
}

/// One recipient that a bounce reports as failed or delayed.
#[derive(Debug, Clone, PartialEq)]
pub struct FailedRecipient {
    /// The address, lowercased.
    pub address: String,
    /// Enhanced status code (RFC 3463) such as `"5.1.1"`, when stated.
    pub status: Option<String>,
    /// `true` for a permanent failure (status 5.x.x, or a final failure with
    /// no code); `false` for delays and temporary (4.x.x) failures.
    pub permanent: bool,
    /// The reason the receiving system gave, e.g. `"550 5.1.1 User unknown"`.
    pub diagnostic: Option<String>,
}

/// Classifies one parsed message: `None` when it looks human, otherwise the
/// kind of machine-generated mail it is. Never panics, whatever the input.
pub fn classify(msg: &Message<'_>) -> Option<MachineMail> {
    if prefilter::clearly_human(msg) {
        return None;
    }
    classify_at(msg, 2)
}

/// [`classify`] without the cheap first look: every message gets the full view.
/// The answer must be the same; the conformance tests hold the two together.
pub fn classify_thoroughly(msg: &Message<'_>) -> Option<MachineMail> {
    classify_at(msg, 2)
}

/// [`classify`], looking at most `depth` levels into attached messages
/// (for bounces that wrap another bounce).
fn classify_at(msg: &Message<'_>, depth: u8) -> Option<MachineMail> {
    if msg.parts.is_empty() {
        return None;
    }
    let view = MailView::new(msg);

    if let Some(complaint) = arf::detect(msg, &view) {
        return Some(complaint);
    }

    // A read receipt (RFC 8098) is the mail client answering for the person.
    if view.report_type == "disposition-notification" {
        return Some(MachineMail::AutoReply {
            reason: "read receipt (disposition-notification report)".to_string(),
        });
    }

    let dsn = bounce::read_status_parts(&view);
    if dsn.has_status_part || view.report_type == "delivery-status" {
        if !dsn.failures.is_empty() {
            return Some(MachineMail::Bounce(Bounce {
                recipients: dsn.failures,
                original_message_id: view.original_message_id(),
                reason: "delivery-status report".to_string(),
            }));
        }
        if dsn.successes > 0 {
            return Some(MachineMail::AutoReply {
                reason: "delivery-status report without failures (delivered/relayed/expanded)".to_string(),
            });
        }
        // A report whose status part could not be read: fall back to the
        // text for the recipients, but it is a bounce all the same.
        return Some(MachineMail::Bounce(heuristics::bounce_from_text(
            msg,
            &view,
            "delivery-status report (unreadable status part)".to_string(),
            depth,
        )));
    }

    if let Some(found) = heuristics::detect(msg, &view, depth) {
        return Some(found);
    }
    autoreply::detect(msg, &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify_raw(raw: &[u8]) -> Option<MachineMail> {
        mail_parser::MessageParser::default()
            .parse(raw)
            .and_then(|m| classify(&m))
    }

    const DSN: &str = "Return-Path: <>\r\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: lab+cycle.tok@lab.example.org\r\nSubject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--XX\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; Ann@Example.com\r\nOriginal-Recipient: rfc822;ann@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <ann@example.com>: Recipient address\r\n    rejected: User unknown\r\n\r\nFinal-Recipient: rfc822; bob@example.com\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\nFinal-Recipient: rfc822; cat@example.com\r\nAction: delivered\r\nStatus: 2.0.0\r\n--XX\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: lab@lab.example.org\r\nTo: ann@example.com\r\nMessage-ID: <rem-3@lab.example.org>\r\nSubject: Cycle 3 reminder\r\n--XX--\r\n";

    #[test]
    fn rfc3464_report() {
        let Some(MachineMail::Bounce(b)) = classify_raw(DSN.as_bytes()) else {
            panic!("not a bounce");
        };
        assert_eq!(b.reason, "delivery-status report");
        assert_eq!(b.original_message_id.as_deref(), Some("rem-3@lab.example.org"));
        assert_eq!(
            b.recipients,
            vec![
                FailedRecipient {
                    address: "ann@example.com".into(),
                    status: Some("5.1.1".into()),
                    permanent: true,
                    diagnostic: Some("550 5.1.1 <ann@example.com>: Recipient address rejected: User unknown".into()),
                },
                FailedRecipient {
                    address: "bob@example.com".into(),
                    status: Some("4.4.1".into()),
                    permanent: false,
                    diagnostic: None,
                },
            ]
        );
    }

    #[test]
    fn success_only_report_is_not_a_bounce() {
        let raw = DSN
            .replace("Action: failed", "Action: delivered")
            .replace("Status: 5.1.1", "Status: 2.0.0")
            .replace("Action: delayed", "Action: relayed");
        assert!(matches!(
            classify_raw(raw.as_bytes()),
            Some(MachineMail::AutoReply { .. })
        ));
    }

    #[test]
    fn plain_human_reply_is_none() {
        let raw = b"From: Ann <ann@example.com>\r\nTo: lab+cycle.tok@lab.example.org\r\nSubject: Re: Cycle 3 reminder\r\n\r\n1. We tested a huddle.\r\n";
        assert_eq!(classify_raw(raw), None);
    }

    #[test]
    fn empty_message_is_none() {
        assert_eq!(classify(&Message::default()), None);
    }

    #[test]
    fn huge_notice_is_read_in_bounded_time() {
        let mut raw = String::from("From: MAILER-DAEMON@mx.example.org\r\nSubject: failure notice\r\n\r\n");
        for i in 0..40_000 {
            raw.push_str(&format!(
                "<user{i}@example.com>: 550 5.1.1 unknown user{i}@example.com\r\n"
            ));
        }
        let started = std::time::Instant::now();
        let Some(MachineMail::Bounce(b)) = classify_raw(raw.as_bytes()) else {
            panic!("not a bounce");
        };
        assert!(!b.recipients.is_empty() && b.recipients.len() <= 1000);
        assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    }

    #[test]
    fn garbage_never_panics() {
        // A small deterministic generator, so the test needs no dependency.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let pieces: [&[u8]; 16] = [
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n",
            b"--b\r\n",
            b"Content-Type: message/delivery-status\r\n\r\n",
            b"Final-Recipient: rfc822;",
            b"Action: failed\r\nStatus: 5.",
            b"\r\n\r\n",
            b"From: MAILER-DAEMON\r\n",
            b"Subject: Undeliverable: \xff\xfe\r\n",
            b"<a@b.co>:\r\n",
            b"Content-Type: message/rfc822\r\n\r\n",
            b"Content-Transfer-Encoding: base64\r\n\r\n",
            b"\"notificationType\":\"Bounce\",\"bouncedRecipients\":[{\"emailAddress\":\"",
            b"Content-Type: message/feedback-report\r\n\r\nFeedback-Type: abuse\r\n",
            b"=?utf-8?B?w6k=?= \xe2\x80",
            b"   \t\r\n ",
            b"\x00\x01\x02\x80\x81",
        ];
        for _ in 0..3000 {
            let mut raw = Vec::new();
            let n = (next() % 24) as usize;
            for _ in 0..n {
                let r = next();
                if r % 3 == 0 {
                    let len = (r >> 8) % 40;
                    for i in 0..len {
                        raw.push(((r >> (i % 56)) & 0xff) as u8);
                    }
                } else {
                    raw.extend_from_slice(pieces[(r % pieces.len() as u64) as usize]);
                }
            }
            let _ = classify_raw(&raw);
        }
    }
}
