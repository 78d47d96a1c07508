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
    // Apple Mail quotes what it forwards: "Begin forwarded message:" over `>` lines.
    let rest: Vec<&str> = lines[at + 1..].iter().map(|l| unquote_once(l)).collect();
    let quoted = lines[at + 1..]
        .iter()
        .filter(|l| !is_blank(l))
        .take(3)
        .all(|l| text::is_quoted(l));
    let lines: Vec<&str> = if quoted { rest } else { lines[at + 1..].to_vec() };
    let mut i = 0;
    while i < lines.len() && (FORWARDED_HEADER.is_match(lines[i]) || (is_blank(lines[i]) && i == 0)) {
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

/// The quote under the first attribution ("On 14 Oct 2031, at 16:20, Aoife wrote:" and
/// its `>` lines), one level of quoting taken off: a colleague's message answered or
/// passed on in a reply.
pub(super) fn under_attribution(body: &str) -> Option<String> {
    let under = under_first_mark(body, |m| match m {
        quotes::Mark::Header(n) => Some(n),
        _ => None,
    })?;
    let quoted: Vec<&str> = under
        .iter()
        .take_while(|l| is_blank(l) || text::is_quoted(l))
        .map(|l| unquote_once(l))
        .collect();
    quoted.iter().any(|l| !is_blank(l)).then(|| quoted.join("\n"))
}

/// The lines of `body` under the first marker that `span` accepts (giving the lines
/// the marker itself spans).
fn under_first_mark(body: &str, span: fn(quotes::Mark) -> Option<usize>) -> Option<Vec<String>> {
    let norm = text::normalize(body);
    let lines = text::lines(&norm);
    let kinds = visible::classify(&lines);
    let (at, n) = kinds.iter().enumerate().find_map(|(i, k)| match k {
        visible::Kind::Mark(m) => span(*m).map(|n| (i, n)),
        _ => None,
    })?;
    Some(lines.get(at + n.max(1)..)?.iter().map(|l| (*l).to_string()).collect())
}

/// A line with one level of `>` quoting taken off.
pub(super) fn unquote_once(line: &str) -> &str {
    let t = line.trim_start();
    match t.strip_prefix('>') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
        None => line,
    }
}

/// What follows the first block of mail headers (Outlook's "From: … Sent: … To: …
/// Subject: …") in `body`.
pub(super) fn under_header_block(body: &str) -> Option<String> {
    let under = under_first_mark(body, |m| match m {
        quotes::Mark::Block(n) => Some(n),
        _ => None,
    })?;
    Some(under.join("\n"))
}
