//! Automatic replies (RFC 3834): out-of-office and vacation responders and
//! other mail generated automatically in response to a message.
//!
//! Only header signals and the subject count. A person who writes "I'm out
//! of the office next week" in the body of a reply is a person, not a
//! responder; a subject such as "Automatic reply: …" or a header such as
//! `Auto-Submitted: auto-replied` is what marks the machine.

use std::sync::LazyLock;

use mail_parser::Message;
use regex::Regex;

use super::MachineMail;
use super::view::{MailView, header_values};

/// Subjects that start with an unambiguous automatic-reply marker, in
/// English, Welsh, French, German, Spanish, Dutch and a few more.
static AUTO_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:\[[^\]]{0,40}\]\s*)?(
            automatic\s+reply | automatic\s+response | auto[-\s]?reply | auto[-\s]?respons(?:e|der)? |
            autoresponder | out\s+of\s+(?:the\s+)?office\s+(?:auto[-\s]?)?reply |
            vacation\s+(?:reply|message|notice|response) | away\s+message |
            ateb\s+awtomatig | ymateb\s+awtomatig |
            r[ée]ponse\s+automatique | message\s+d['’]absence |
            automatische\s+antwort | abwesenheitsnotiz | abwesenheitsnachricht |
            respuesta\s+autom[áa]tica | mensaje\s+de\s+ausencia |
            automatisch\s+antwoord | automatisch\s+bericht | afwezigheidsbericht |
            risposta\s+automatica | resposta\s+autom[áa]tica | automatisk\s+svar |
            odpowied[źz]\s+automatyczna
        )",
    )
    .expect("auto subject regex")
});

/// Subjects that mean "away" (or Lotus Notes' read receipt, `Return Receipt`) but
/// could start a human sentence; they count
/// only when they are the whole subject or are followed by a delimiter
/// (`Out of Office: …`, `Abwesend - …`, `Absence (jusqu'au 5)`).
static AWAY_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:\[[^\]]{0,40}\]\s*)?(
            out\s+of\s+(?:the\s+)?office | away\s+from\s+(?:the\s+|my\s+)?office |
            on\s+vacation | on\s+holiday | on\s+annual\s+leave |
            allan\s+o['’]r\s+swyddfa | i\s+ffwrdd\s+o['’]r\s+swyddfa |
            hors\s+du\s+bureau | absent\s+du\s+bureau | absence\s+du\s+bureau |
            abwesend | nicht\s+im\s+b[üu]ro | au[ßs]er\s+haus |
            fuera\s+de\s+(?:la\s+)?oficina | afwezig | niet\s+aanwezig | niet\s+op\s+kantoor |
            fuori\s+ufficio |
            return\s+receipt
        )\s*(?:[:\-–—(\[]|$)",
    )
    .expect("away subject regex")
});

/// Single words that mean "absent" (or Lotus Notes' `Auto:` prefix); they
/// count only as the whole subject or before a colon or bracket, never
/// before a dash (`Absence - sickness data` is a person writing).
static ABSENT_WORD_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:\[[^\]]{0,40}\]\s*)?(
            absence | absente? | abwesenheit | ausente | afwezigheid | ooo | auto
        )\s*(?:[:(\[]|$)",
    )
    .expect("absent word subject regex")
});

/// A bracketed automatic-reply tag anywhere in the subject, e.g.
/// `Re: Cycle 3 reminder [Auto-Reply]`.
static TAGGED_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)[\[(]\s*(
            auto[-\s]?reply | automatic\s+reply | auto[-\s]?response | out\s+of\s+(?:the\s+)?office |
            vacation | abwesend | absence | afwezig | ateb\s+awtomatig
        )\s*[\])]",
    )
    .expect("tagged subject regex")
});

/// The subject phrase that marks an automatic reply, if any.
pub(super) fn subject_signal(subject: &str) -> Option<String> {
    AUTO_SUBJECT
        .captures(subject)
        .or_else(|| AWAY_SUBJECT.captures(subject))
        .or_else(|| ABSENT_WORD_SUBJECT.captures(subject))
        .or_else(|| TAGGED_SUBJECT.captures(subject))
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Recognises an automatic reply from its headers and subject.
pub(super) fn detect(msg: &Message<'_>, view: &MailView) -> Option<MachineMail> {
    let reason = header_signal(msg).or_else(|| {
        subject_signal(&view.subject).map(|phrase| {
            if header_values(msg, "X-Auto-Response-Suppress").is_empty() {
                format!("subject: {phrase}")
            } else {
                format!("X-Auto-Response-Suppress with subject: {phrase}")
            }
        })
    });
    let reason = reason.or_else(|| bulk_reply_signal(msg, view))?;
    Some(MachineMail::AutoReply { reason })
}

/// A header that marks the message as generated automatically.
fn header_signal(msg: &Message<'_>) -> Option<String> {
    let first = |name: &str| header_values(msg, name).into_iter().next();
    let token = |v: &str| {
        v.split(|c: char| c == ';' || c == '(' || c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };

    if let Some(v) = first("Auto-Submitted") {
        let t = token(&v);
        if !t.is_empty() && t != "no" {
            return Some(format!("Auto-Submitted: {t}"));
        }
    }
    for name in [
        "X-Autoreply",
        "X-Autorespond",
        "X-Autoresponder",
        "X-AutoReply-From",
        "X-Mail-Autoreply",
        "X-Vacation",
    ] {
        if let Some(v) = first(name) {
            let t = token(&v);
            if !matches!(t.as_str(), "no" | "false" | "0") {
                return Some(format!("{name}: {}", v.trim()));
            }
        }
    }
    if let Some(v) = first("X-Autogenerated")
        && token(&v) == "reply"
    {
        return Some("X-Autogenerated: Reply".to_string());
    }
    if let Some(v) = first("Precedence")
        && token(&v) == "auto_reply"
    {
        return Some("Precedence: auto_reply".to_string());
    }
    if let Some(v) = first("X-Apple-Action")
        && token(&v) == "vacation"
    {
        return Some("X-Apple-Action: VACATION".to_string());
    }
    if let Some(v) = first("X-POST-MessageClass")
        && v.to_ascii_lowercase().contains("autoresponder")
    {
        return Some(format!("X-POST-MessageClass: {v}"));
    }
    for name in ["X-Mailer", "User-Agent"] {
        if let Some(v) = first(name) {
            let lower = v.to_ascii_lowercase();
            if [
                "vacation",
                "autorespond",
                "auto-respond",
                "autoreply",
                "auto-reply",
                "out of office",
            ]
            .iter()
            .any(|k| lower.contains(k))
            {
                return Some(format!("{name}: {v}"));
            }
        }
    }
    None
}

/// `Precedence: bulk` or `junk` on a message that answers another one: the
/// classic vacation(1) responder.
fn bulk_reply_signal(msg: &Message<'_>, view: &MailView) -> Option<String> {
    let precedence = header_values(msg, "Precedence")
        .into_iter()
        .next()?
        .trim()
        .to_ascii_lowercase();
    if precedence != "bulk" && precedence != "junk" {
        return None;
    }
    let is_reply =
        !header_values(msg, "In-Reply-To").is_empty() || view.subject.to_ascii_lowercase().starts_with("re:");
    is_reply.then(|| format!("Precedence: {precedence} on a reply"))
}

#[cfg(test)]
mod tests {
    use super::super::{MachineMail, classify};
    use super::subject_signal;

    fn parse(raw: &str) -> Option<MachineMail> {
        mail_parser::MessageParser::default()
            .parse(raw.as_bytes())
            .and_then(|m| classify(&m))
    }

    fn reason(raw: &str) -> String {
        match parse(raw) {
            Some(MachineMail::AutoReply { reason }) => reason,
            other => panic!("expected an auto-reply, got {other:?}"),
        }
    }

    #[test]
    fn subjects_in_several_languages() {
        for s in [
            "Out of Office: Cycle 3 reminder",
            "Automatic reply: Cycle 3 reminder",
            "Auto-reply: Cycle 3 reminder",
            "AutoReply",
            "Abwesend",
            "Abwesenheitsnotiz: Zyklus 3",
            "Réponse automatique : Cycle 3",
            "Absence",
            "Respuesta automática: Ciclo 3",
            "Fuera de la oficina",
            "Afwezig",
            "Automatisch antwoord: Cyclus 3",
            "Ateb awtomatig: Cylch 3",
            "Allan o'r swyddfa",
            "Allan o’r swyddfa: Cylch 3",
            "Re: Cycle 3 reminder [Auto-Reply]",
            "Return Receipt",
        ] {
            assert!(subject_signal(s).is_some(), "{s}");
        }
        for s in [
            "Re: Cycle 3 reminder",
            "Re: Out of office rota",
            "Absences on ward 7 went down",
            "Automation results",
            "Auto-enrolment figures",
            "Absence - sickness data for cycle 3",
            "Delivery of the new clinic",
            "Return receipts for the pharmacy audit",
        ] {
            assert!(subject_signal(s).is_none(), "{s}");
        }
    }

    #[test]
    fn out_of_office_subject() {
        let raw = "From: Ann <ann@trust.example.nhs.uk>\nTo: lab+cycle.tok@lab.example.org\nSubject: Out of Office: Cycle 3 reminder\nDate: Mon, 3 Mar 2025 09:00:00 +0000\n\nI am away until Monday 10 March.\n";
        assert_eq!(reason(raw), "subject: Out of Office");
    }

    #[test]
    fn auto_submitted_header() {
        let raw = "From: ann@trust.example.nhs.uk\nTo: lab@lab.example.org\nSubject: Re: Cycle 3 reminder\nAuto-Submitted: auto-replied (vacation)\n\nAway.\n";
        assert_eq!(reason(raw), "Auto-Submitted: auto-replied");
        let no = raw.replace("auto-replied (vacation)", "no");
        assert_eq!(parse(&no), None);
    }

    #[test]
    fn exchange_automatic_reply_with_suppress() {
        let raw = "From: Bob <bob@example.org>\nTo: lab@lab.example.org\nSubject: Automatic reply: Cycle 3 reminder\nX-Auto-Response-Suppress: All\n\nI'm away.\n";
        assert_eq!(reason(raw), "X-Auto-Response-Suppress with subject: Automatic reply");
    }

    #[test]
    fn other_headers() {
        let base = "From: c@example.org\nTo: lab@lab.example.org\nSubject: Re: Cycle 3 reminder\n";
        for (h, want) in [
            ("X-Autoreply: yes\n", "X-Autoreply: yes"),
            ("X-Autorespond: Cycle 3\n", "X-Autorespond: Cycle 3"),
            ("X-Autogenerated: Reply\n", "X-Autogenerated: Reply"),
            ("Precedence: auto_reply\n", "Precedence: auto_reply"),
            ("Precedence: bulk\n", "Precedence: bulk on a reply"),
            ("X-Mailer: Vacation 1.2\n", "X-Mailer: Vacation 1.2"),
        ] {
            let raw = format!("{base}{h}\nAway.\n");
            assert_eq!(reason(&raw), want);
        }
    }

    #[test]
    fn bulk_newsletter_that_is_not_a_reply_is_not_an_auto_reply() {
        let raw =
            "From: news@example.org\nTo: lab@lab.example.org\nSubject: Our monthly digest\nPrecedence: bulk\n\nNews.\n";
        assert_eq!(parse(raw), None);
    }

    #[test]
    fn human_reply_mentioning_out_of_office_stays_human() {
        let raw = "From: Ann Jones <ann@trust.example.nhs.uk>\r\nTo: lab+cycle.abc@lab.example.org\r\nSubject: Re: Cycle 3 reminder\r\nIn-Reply-To: <rem-3@lab.example.org>\r\nReturn-Path: <ann@trust.example.nhs.uk>\r\nDate: Mon, 3 Mar 2025 09:00:00 +0000\r\n\r\nHi, I'm out of the office next week, so here are our answers now.\r\n\r\n1. Change: a daily huddle.\r\n2. We predicted fewer delays in delivery of discharge letters.\r\n\r\nAutomatic reply messages from our system may follow, sorry!\r\n\r\nOn Mon, 3 Mar 2025, Lab wrote:\r\n> Subject: Cycle 3 reminder\r\n> Delivery Status Notification (Failure) is what you get if the address is wrong.\r\n";
        assert_eq!(parse(raw), None);
    }
}
