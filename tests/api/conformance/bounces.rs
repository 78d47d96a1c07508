//! sisimai's set of real bounces (BSD-2-Clause): every file in `bounce/` is machine
//! mail (`rfc3834-*` auto-replies, `arf-*` complaints, the rest bounces), every address
//! a bounce reports really occurs in the file, a bounce that states its recipient in a
//! delivery-status field reports it, and nothing in `not-bounce/` is a bounce.
//! `MACHINE_VERBOSE=1` prints one line per file.

use labloop::inbound::machine::{MachineMail, classify};
use labloop::inbound::{InboundMessage, Kind};
use mail_parser::MessageParser;

use super::{corpus, files, name};

/// Bounces that state no failed recipient anywhere, and why. Empty today:
/// the two notices that name nobody get their recipient from the returned
/// copy of the original message instead (the library falls back to the
/// original's single To address):
/// * `lhost-postfix-64.eml` — Postfix says "Delivery report unavailable";
/// * `lhost-v5sendmail-01.eml` — the transcript names only the domain
///   ("421 example.com (smtp)... Deferred").
const STATE_NO_RECIPIENT: &[(&str, &str)] = &[];

/// The lowest number of bounces with at least one recipient (a ratchet:
/// raise it when the library improves, never lower it).
const MIN_WITH_RECIPIENT: usize = 602;

/// The raw file plus every decoded part, lowercased: where an extracted
/// address must be found.
fn searchable(raw: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(raw).to_lowercase();
    if let Some(msg) = MessageParser::default().parse(raw) {
        for part in &msg.parts {
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(part.contents()).to_lowercase());
        }
    }
    text
}

/// Addresses a file states in `Final-Recipient:` or `X-Failed-Recipients:`
/// lines, found independently of the library with a plain scan.
fn stated_in_fields(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut out = Vec::new();
    for line in text.lines() {
        let lower = line.to_lowercase();
        let rest = if let Some(r) = lower
            .strip_prefix("final-recipient:")
            .or_else(|| lower.strip_prefix("original-recipient:"))
        {
            r.split_once(';').map_or(r, |(_, a)| a)
        } else if let Some(r) = lower.strip_prefix("x-failed-recipients:") {
            r
        } else {
            continue;
        };
        for token in rest.split([',', ' ', '<', '>']) {
            // Quoted local parts are compared without their quotes;
            // source routes (`@relay:user@host`) and bare domains are skipped.
            let t = token.trim().trim_end_matches('.').replace('"', "");
            if t.contains('@') && t.contains('.') && !t.starts_with('@') {
                out.push(t);
            }
        }
    }
    out
}

/// One line describing a classification, for `MACHINE_VERBOSE=1`.
fn summary(result: Option<&MachineMail>) -> String {
    match result {
        None => "NONE".to_string(),
        Some(MachineMail::AutoReply { reason }) => format!("AUTO\t{reason}"),
        Some(MachineMail::Complaint {
            recipients,
            original_message_id,
        }) => format!("COMPLAINT\t{recipients:?}\t{original_message_id:?}"),
        Some(MachineMail::Bounce(b)) => {
            let rs: Vec<String> = b
                .recipients
                .iter()
                .map(|r| {
                    format!(
                        "{} [{} {}] {}",
                        r.address,
                        r.status.as_deref().unwrap_or("-"),
                        if r.permanent { "perm" } else { "temp" },
                        r.diagnostic
                            .as_deref()
                            .unwrap_or("-")
                            .chars()
                            .take(70)
                            .collect::<String>()
                    )
                })
                .collect();
            format!(
                "BOUNCE\t{}\t{}\tid={}",
                b.reason,
                rs.join(" | "),
                b.original_message_id.as_deref().unwrap_or("-")
            )
        }
    }
}

#[test]
fn every_sisimai_bounce_is_machine_mail_with_its_failed_recipient() {
    let Some(dir) = corpus("bounces-sisimai") else { return };
    let verbose = std::env::var("MACHINE_VERBOSE").is_ok();
    let parser = MessageParser::default();

    let (mut bounces, mut autoreplies, mut complaints) = (0, 0, 0);
    let mut unclassified = Vec::new();
    let mut wrong_kind = Vec::new();
    let mut phantom = Vec::new();
    let mut missed_field_recipient = Vec::new();
    let mut without_recipient = Vec::new();
    let mut with_recipient = 0;

    let all = files(&dir.join("bounce"));
    for path in &all {
        let n = name(path);
        let raw = std::fs::read(path).unwrap_or_default();
        // Robustness: cut files must not panic either.
        for cut in [raw.len() / 3, raw.len() / 2, raw.len() * 9 / 10] {
            if let Some(m) = raw.get(..cut).and_then(|b| parser.parse(b)) {
                let _ = classify(&m);
            }
        }
        let result = parser.parse(&raw).and_then(|m| classify(&m));
        if verbose {
            eprintln!("{n}\t{}", summary(result.as_ref()));
        }
        let Some(kind) = result else {
            unclassified.push(n);
            continue;
        };
        match &kind {
            MachineMail::Bounce(b) => {
                bounces += 1;
                if n.starts_with("rfc3834-") || n.starts_with("arf-") {
                    wrong_kind.push(format!("{n}: bounce"));
                }
                let haystack = searchable(&raw);
                for r in &b.recipients {
                    if !haystack.contains(&r.address) {
                        phantom.push(format!("{n}: {}", r.address));
                    }
                }
                let stated = stated_in_fields(&raw);
                if !stated.is_empty() && !b.recipients.iter().any(|r| stated.contains(&r.address)) {
                    missed_field_recipient.push(format!("{n}: {stated:?}"));
                }
                if b.recipients.is_empty() {
                    without_recipient.push(n);
                } else {
                    with_recipient += 1;
                }
            }
            MachineMail::AutoReply { .. } => {
                autoreplies += 1;
                if n.starts_with("arf-") || n.starts_with("lhost-") {
                    // lhost-amazonses delivery notifications are the one
                    // expected exception among lhost files.
                    if !n.starts_with("lhost-amazonses") {
                        wrong_kind.push(format!("{n}: auto-reply"));
                    }
                }
            }
            MachineMail::Complaint { recipients, .. } => {
                complaints += 1;
                let haystack = searchable(&raw);
                for r in recipients {
                    if !haystack.contains(r) {
                        phantom.push(format!("{n}: {r}"));
                    }
                }
                if n.starts_with("rfc3834-") {
                    wrong_kind.push(format!("{n}: complaint"));
                }
            }
        }
    }

    let classified = all.len() - unclassified.len();
    println!(
        "sisimai bounce/: {classified}/{} classified ({bounces} bounces, {autoreplies} auto-replies, {complaints} complaints)",
        all.len()
    );
    println!("bounces with at least one recipient: {with_recipient}/{bounces}");
    println!("bounces without a recipient: {without_recipient:?}");

    let mut not_bounce_hits = Vec::new();
    let not = files(&dir.join("not-bounce"));
    for path in &not {
        let raw = std::fs::read(path).unwrap_or_default();
        let result = parser.parse(&raw).and_then(|m| classify(&m));
        if verbose {
            eprintln!("not-bounce/{}: {result:?}", name(path));
        }
        if matches!(result, Some(MachineMail::Bounce(_))) {
            not_bounce_hits.push(name(path));
        }
    }
    println!(
        "sisimai not-bounce/: {}/{} not classified as bounce",
        not.len() - not_bounce_hits.len(),
        not.len()
    );

    assert!(unclassified.is_empty(), "not recognised: {unclassified:?}");
    assert!(wrong_kind.is_empty(), "wrong kind: {wrong_kind:?}");
    assert!(phantom.is_empty(), "addresses not in the file: {phantom:?}");
    assert!(
        missed_field_recipient.is_empty(),
        "stated recipient missed: {missed_field_recipient:?}"
    );
    let unexplained: Vec<&String> = without_recipient
        .iter()
        .filter(|n| !STATE_NO_RECIPIENT.iter().any(|(f, _)| f == n))
        .collect();
    assert!(
        unexplained.is_empty(),
        "bounces without a recipient that state one: {unexplained:?}"
    );
    assert!(with_recipient >= MIN_WITH_RECIPIENT);
    assert!(
        not_bounce_hits.is_empty(),
        "not-bounce classified as bounce: {not_bounce_hits:?}"
    );
}

/// The same corpus through the whole inbound classification, as `parse-reply` and the
/// pipeline see it: no bounce or auto-reply may become a person's message.
#[test]
fn no_sisimai_message_is_classified_as_a_human_reply() {
    let Some(dir) = corpus("bounces-sisimai") else { return };
    let mut human = Vec::new();
    for path in files(&dir.join("bounce")) {
        let raw = std::fs::read(&path).unwrap_or_default();
        let kind = InboundMessage::parse(&raw).map(|m| labloop::inbound::classify(&m, None).kind);
        if !matches!(kind, Ok(Kind::Bounce | Kind::AutoReply)) {
            human.push(format!("{}: {kind:?}", name(&path)));
        }
    }
    for path in files(&dir.join("not-bounce")) {
        let raw = std::fs::read(&path).unwrap_or_default();
        let kind = InboundMessage::parse(&raw).map(|m| labloop::inbound::classify(&m, None).kind);
        assert_ne!(kind.ok(), Some(Kind::Bounce), "{} is not a bounce", name(&path));
    }
    assert!(human.is_empty(), "classified as not machine mail: {human:?}");
}

/// The quick first look never changes the answer: over the bounce corpus and every
/// fixture of the project, it agrees with the full classification.
#[test]
fn the_quick_look_agrees_with_the_full_classification() {
    let Some(dir) = corpus("bounces-sisimai") else { return };
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths = files(&dir.join("bounce"));
    paths.extend(files(&dir.join("not-bounce")));
    paths.extend(
        files(&fixtures.join("replies"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "eml")),
    );
    paths.extend(files(&fixtures.join("inbound")));
    let parser = MessageParser::default();
    let mut differ = Vec::new();
    for p in &paths {
        let raw = std::fs::read(p).unwrap_or_default();
        let Some(m) = std::panic::catch_unwind(|| parser.parse(&raw)).ok().flatten() else {
            continue;
        };
        if classify(&m) != labloop::inbound::machine::classify_thoroughly(&m) {
            differ.push(name(p));
        }
    }
    assert!(paths.len() > 700, "{} files", paths.len());
    assert!(differ.is_empty(), "the quick look disagrees on {differ:?}");
}
