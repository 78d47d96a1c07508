//! Deciding what an inbound message is, before any workflow sees it.
use serde::Serialize;

use super::address::{Route, route_for};
use super::commands::{Command, asks_to_leave_cycles, command_in, command_in_sentences, is_approval};
use super::machine::{self, MachineMail};
use super::message::InboundMessage;
use super::reply::{self, Extraction, Fields};
use crate::domain::EmailAddress;

/// The kinds of inbound message (the `kind` of `labloop parse-reply`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    CycleReply,
    AutoReply,
    Bounce,
    UnsubscribeRequest,
    SubscribeRequest,
    Approval,
    Other,
}

impl Kind {
    /// The name used in JSON, the database and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::CycleReply => "cycle_reply",
            Kind::AutoReply => "auto_reply",
            Kind::Bounce => "bounce",
            Kind::UnsubscribeRequest => "unsubscribe_request",
            Kind::SubscribeRequest => "subscribe_request",
            Kind::Approval => "approval",
            Kind::Other => "other",
        }
    }
}

/// A classified message: its kind, the address route it came by, machine-mail details,
/// and what the person wrote.
pub struct Classified {
    pub kind: Kind,
    pub route: Option<Route>,
    pub machine: Option<MachineMail>,
    pub extraction: Extraction,
}

/// Classifies `msg`. `base` is the configured inbound address (None for `parse-reply`).
pub fn classify(msg: &InboundMessage<'_>, base: Option<&EmailAddress>) -> Classified {
    let route = route_for(&msg.recipients, base);
    let machine = machine::classify(&msg.parsed);
    let sender = msg.parsed.from().and_then(|a| a.first()).and_then(|a| a.name());
    // Machine mail never carries a record: only its text is kept.
    let mut extraction = if machine.is_some() {
        reply::reply_text_only(msg.text.as_deref(), msg.html.as_deref())
    } else {
        reply::extract_message(msg.text.as_deref(), msg.html.as_deref(), sender, Some(&msg.subject))
    };
    extraction.warnings.extend(msg.warnings.iter().cloned());

    let kind = match (&machine, &route) {
        // Outlook asking to take back a message it sent: nothing to record, a person looks.
        (None, _) if is_recall_request(&msg.subject, &extraction.reply_text) => Kind::Other,
        (Some(MachineMail::Bounce(_) | MachineMail::Complaint { .. }), _) => Kind::Bounce,
        (Some(MachineMail::AutoReply { .. }), _) => Kind::AutoReply,
        (None, Some(Route::Bounce(_))) => Kind::Bounce,
        (None, Some(Route::Join | Route::Confirm(_))) => Kind::SubscribeRequest,
        (None, Some(Route::Leave)) => Kind::UnsubscribeRequest,
        // "Please take me off these emails, I've left the team": a request to leave,
        // though it came to a cycle address (the cycle workflow holds it for a person).
        (None, Some(Route::Cycle(_)))
            if extraction.fields.is_empty() && asks_to_leave_cycles(&extraction.reply_text) =>
        {
            Kind::UnsubscribeRequest
        }
        (None, Some(Route::Cycle(_))) => Kind::CycleReply,
        (None, Some(Route::Review(_))) if is_approval(&extraction.reply_text) => Kind::Approval,
        (None, Some(Route::Review(_))) => Kind::Other,
        (None, Some(Route::Base) | None) => {
            // "Hello," above the request is a greeting, not its first line.
            let first_line = extraction
                .reply_text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !reply::is_greeting(l))
                .unwrap_or("");
            match command_in(&msg.subject, first_line) {
                Some(Command::Subscribe) => Kind::SubscribeRequest,
                Some(Command::Unsubscribe) => Kind::UnsubscribeRequest,
                // Without a token, a reply that answers the cycle questions is still one.
                None if !extraction.fields.is_empty() => Kind::CycleReply,
                // A request further in: "I've just started … Please could you add me to
                // the mailing list?"
                None => match command_in_sentences(&extraction.reply_text) {
                    Some(Command::Subscribe) => Kind::SubscribeRequest,
                    Some(Command::Unsubscribe) => Kind::UnsubscribeRequest,
                    None => Kind::Other,
                },
            }
        }
    };
    if kind != Kind::CycleReply {
        // Only cycle replies carry a record; anything else is not a person's answer.
        extraction.fields = Fields::default();
        extraction.needs_review = kind == Kind::Other;
        if kind != Kind::Other {
            extraction.warnings.retain(|w| w.starts_with("unknown charset"));
        }
    }
    Classified {
        kind,
        route,
        machine,
        extraction,
    }
}

/// Outlook's "Recall: …" message: "Jo Bloggs would like to recall the message, "…"."
fn is_recall_request(subject: &str, text: &str) -> bool {
    subject.get(..7).is_some_and(|p| p.eq_ignore_ascii_case("recall:"))
        && text.to_lowercase().contains("would like to recall the message")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(raw: &str) -> Kind {
        let msg = InboundMessage::parse(raw.as_bytes()).expect("an email");
        classify(&msg, None).kind
    }

    #[test]
    fn an_outlook_recall_is_for_a_person_not_a_reply() {
        let recall = "From: Gareth Hughes <gareth@example.org>\r\nTo: lab+c.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@lab.example.org\r\n\
                      Subject: Recall: RE: Cycle 10 (May 2027): what did you test?\r\nMessage-ID: <r1@example.org>\r\n\r\n\
                      Hughes, Gareth would like to recall the message, \"RE: Cycle 10 (May 2027): what did you test?\".\r\n";
        assert_eq!(kind_of(recall), Kind::Other);
        // A reply that talks about a recall is still a reply.
        let reply = recall.replace("Subject: Recall: RE:", "Subject: RE:").replace(
            "Hughes, Gareth would like to recall the message",
            "Change: a recall system for overdue bloods",
        );
        assert_eq!(kind_of(&reply), Kind::CycleReply);
    }

    #[test]
    fn a_request_to_leave_sent_to_a_cycle_address_is_one() {
        let raw = |body: &str| {
            format!(
                "From: Rachel Osei <rachel@example.org>\r\nTo: lab+c.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@lab.example.org\r\n\
                 Subject: RE: Cycle 6 (March 2031): what did you test?\r\nMessage-ID: <u1@example.org>\r\n\r\n{body}\r\n"
            )
        };
        for leave in [
            "Hi can you take me off these emails please I've moved to the community team from March so no longer on ward 7.",
            "Please unsubscribe me, I have left the ward.\r\n\r\nThanks\r\nRachel",
            "Could you remove me from the reminders? Sarah Mills leads the work now.",
            "Hello, I'd like to unsubscribe from these emails as I have retired.",
        ] {
            assert_eq!(kind_of(&raw(leave)), Kind::UnsubscribeRequest, "{leave:?}");
        }
        for not_leave in [
            "We'll send our answers on Friday, sorry for the delay.",
            "Please don't take me off the list, I'll be back from leave in May.",
            "Change: take me off the rota for huddles\r\nPrediction: more time on the ward",
            "We let patients opt out of the video call and most stayed on it. It went well, we think.",
        ] {
            assert_eq!(kind_of(&raw(not_leave)), Kind::CycleReply, "{not_leave:?}");
        }
    }

    #[test]
    fn a_request_to_leave_under_a_greeting_is_an_unsubscribe_request() {
        let raw = "From: Bernadette Quinn <bq@example.org>\r\nTo: lab@lab.example.org\r\n\
                   Subject: RE: Improvement Lab News - February 2027\r\nMessage-ID: <u1@example.org>\r\n\r\n\
                   Hello,\r\n\r\nCould you please take me off the Improvement Lab newsletter mailing list? \
                   I've moved to a non-clinical role and don't need it any more.\r\n\r\nThank you\r\n\r\nBernadette\r\n";
        assert_eq!(kind_of(raw), Kind::UnsubscribeRequest);
        // The same words to a team's reply address are a request to leave too (the cycle
        // workflow holds it for a person rather than touching the newsletter).
        let to_cycle = raw.replace("To: lab@", "To: lab+c.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@");
        assert_eq!(kind_of(&to_cycle), Kind::UnsubscribeRequest);
    }
}

#[cfg(test)]
mod machine_mail_tests {
    use super::*;

    #[test]
    fn machine_mail_keeps_its_text_and_no_record() {
        let ooo = "From: Jo Bloggs <jo@example.org>\r\nTo: lab+c.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@lab.example.org\r\n\
                   Subject: Automatic reply: Cycle 10\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <o1@example.org>\r\n\r\n\
                   I am on leave until 14 June.\r\nChange: nothing to report\r\nDecision: Adopt\r\n";
        let msg = InboundMessage::parse(ooo.as_bytes()).expect("an email");
        let c = classify(&msg, None);
        assert_eq!(c.kind, Kind::AutoReply);
        assert!(c.extraction.reply_text.contains("I am on leave until 14 June."));
        assert!(c.extraction.fields.is_empty());
        assert!(!c.extraction.needs_review);
    }
}
