//! Answers passed on by someone else: a forwarded message under a "Forwarded message"
//! line, or under only its block of headers when the subject says "FW:".

use std::sync::LazyLock;

use regex::Regex;

use super::quotes;
use super::text::{self, is_blank};
use super::visible;

/// Header lines at the top of a forwarded message.
static FORWARDED_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:from|date|sent|to|cc|subject|de|von|van|envoyé|gesendet|verzonden|objet|betreff|onderwerp|à|an|aan|para|asunto|enviado|oddi\s+wrth|at|pwnc|dyddiad)\s*:")
        .expect("built-in pattern compiles")
});

/// The body of a forwarded message inside `body`, without its header lines.
pub(super) fn forwarded(body: &str) -> Option<String> {
    let norm = text::normalize(body);
    let lines = text::lines(&norm);
    let at = lines.iter().position(|l| quotes::is_forward_separator(l))?;
    let mut i = at + 1;
    while i < lines.len() && (FORWARDED_HEADER.is_match(lines[i]) || (is_blank(lines[i]) && i == at + 1)) {
        i += 1;
    }
    Some(lines[i..].join("\n"))
}

/// "FW: Cycle 8 …", "Fwd: …", "WG: …", "TR: …", "RV: …", "Doorst: …", after any
/// "[EXTERNAL]" tag a mail gateway put in front.
pub(super) fn is_forward_subject(subject: &str) -> bool {
    let mut t = subject.trim_start();
    while let Some(rest) = t
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .map(|(_, r)| r.trim_start())
    {
        t = rest;
    }
    let Some((prefix, _)) = t.split_once(':') else {
        return false;
    };
    ["fw", "fwd", "wg", "tr", "rv", "enc", "doorst", "vs", "i"]
        .iter()
        .any(|p| prefix.trim().eq_ignore_ascii_case(p))
}

/// What follows the first block of mail headers (Outlook's "From: … Sent: … To: …
/// Subject: …") in `body`.
pub(super) fn under_header_block(body: &str) -> Option<String> {
    let norm = text::normalize(body);
    let lines = text::lines(&norm);
    let kinds = visible::classify(&lines);
    let (at, n) = kinds.iter().enumerate().find_map(|(i, k)| match k {
        visible::Kind::Mark(quotes::Mark::Block(n)) => Some((i, *n)),
        _ => None,
    })?;
    Some(lines.get(at + n.max(1)..)?.join("\n"))
}
