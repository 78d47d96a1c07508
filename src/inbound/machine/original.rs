//! The original message a notice refers to: attached as a MIME part, or quoted
//! inline after a marker line ("Below this line is a copy of the message").

use std::sync::LazyLock;

use mail_parser::{Message, MessageParser};
use regex::Regex;

use super::addresses::{all_addresses, push_addresses, push_unique};
use super::view::header_values;

/// A `Message-ID:` header line inside plain text (an inline copy of the
/// original message), possibly folded onto the next line.
static INLINE_MESSAGE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?mi)^[ \t>]*message-id[ \t]*:[ \t]*(?:\r?\n[ \t]+)?<?([^<>\s]+@[^<>\s]+?)>?[ \t]*\r?$")
        .expect("inline message-id regex")
});

/// Lines that start the inline copy of the original message in a notice;
/// the text before them is the notice itself.
static ORIGINAL_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?mix)^[ \t>|]*(?:[-=_*\#|]+[ \t]*)?(?:
            below\s+this\s+line\s+is\s+a\s+copy\s+of\s+the\s+message |
            (?:this\s+is\s+)?a\s+copy\s+of\s+the\s+(?:original\s+)?message |
            message\s+headers\s+follow |
            original\s+message\s+(?:follows|headers?|is\s+attached|text|below|as\s+follows) |
            original\s+mail\s+as\s+follows |
            (?:the\s+)?headers?\s+of\s+(?:the\s+|your\s+)?original\s+message |
            original\s+message\s*[-=]+ |
            (?:unsent|returned|undelivered)\s+message\s+(?:below|follows) |
            (?:text|headers?)\s+of\s+(?:the\s+)?(?:returned|undelivered|original)\s+message |
            message\s+(?:text|headers?)\s+follows? |
            content-type:\s*message/rfc822 |
            return-path:\s | received:\s+(?:from|by)\s | dkim-signature:\s
        )",
    )
    .expect("original marker regex")
});

/// Byte offset of the line that starts the inline copy of the original
/// message in a notice's text, if any.
pub(super) fn original_marker(text: &str) -> Option<usize> {
    ORIGINAL_MARKER.find(text).map(|m| m.start())
}

/// The header block of an inline copy of the original message, if the
/// notice quotes one after a marker line.
pub(super) fn inline_original(text: &str) -> Option<Original> {
    let at = original_marker(text)?;
    let rest = text.get(at..)?;
    // Skip the marker line itself unless it is already a header line.
    let first_line = rest.lines().next().unwrap_or_default();
    let rest = if looks_like_header(first_line) {
        rest
    } else {
        rest.get(first_line.len()..)?
    };
    let mut lines: Vec<&str> = Vec::new();
    let mut started = false;
    for line in rest.lines() {
        if !started {
            if line.trim().is_empty() {
                continue;
            }
            if !looks_like_header(line.trim_start()) {
                return None;
            }
            started = true;
        }
        if line.trim().is_empty() {
            break;
        }
        // An mbox `From ` separator line is not a header.
        if lines.is_empty() && line.trim_start().starts_with("From ") {
            continue;
        }
        lines.push(line);
    }
    // Quoted copies are sometimes indented as a whole: undo that.
    let indent = lines.first().map_or(0, |l| l.len() - l.trim_start().len());
    let block: String = lines
        .iter()
        .map(|l| {
            if l.len() - l.trim_start().len() >= indent && indent > 0 && !l.starts_with('\t') {
                l.get(indent..).unwrap_or(l)
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let original = original_from_bytes(format!("{block}\n\n").as_bytes());
    (original.message_id.is_some() || !original.recipients.is_empty() || !original.senders.is_empty())
        .then_some(original)
}

/// Whether a line looks like the first line of a header field.
fn looks_like_header(line: &str) -> bool {
    if line.starts_with("From ") {
        return true;
    }
    match line.split_once(':') {
        Some((name, _)) => {
            !name.is_empty() && name.len() < 40 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        }
        None => false,
    }
}

/// What is known about the original message that a report refers to.
#[derive(Debug, Default, Clone)]
pub(super) struct Original {
    /// Its Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// Lowercased addresses from its To and Cc fields.
    pub recipients: Vec<String>,
    /// Lowercased addresses of its author (From, Sender, Reply-To, Return-Path).
    pub senders: Vec<String>,
    /// Values of Microsoft's `X-HmXmrOriginalRecipient` header, lowercased.
    pub hotmail_recipients: Vec<String>,
}

/// Summarises an attached original message.
pub(super) fn original_from(nested: &Message<'_>) -> Original {
    let mut o = Original {
        message_id: nested
            .message_id()
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty()),
        ..Original::default()
    };
    for addr in nested.to().into_iter().chain(nested.cc()) {
        push_addresses(&mut o.recipients, addr);
    }
    for addr in nested
        .from()
        .into_iter()
        .chain(nested.sender())
        .chain(nested.reply_to())
    {
        push_addresses(&mut o.senders, addr);
    }
    for value in header_values(nested, "Return-Path") {
        for a in all_addresses(&value) {
            push_unique(&mut o.senders, a);
        }
    }
    for value in header_values(nested, "X-HmXmrOriginalRecipient") {
        for a in all_addresses(&value) {
            push_unique(&mut o.hotmail_recipients, a);
        }
    }
    // Fall back to a raw scan when the header parser did not find an id
    // (e.g. a folded or malformed Message-ID line).
    if o.message_id.is_none() {
        o.message_id = inline_message_id(&String::from_utf8_lossy(nested.raw_message()));
    }
    o
}

/// Parses the bytes of an attached message or header block.
pub(super) fn original_from_bytes(bytes: &[u8]) -> Original {
    match MessageParser::default().parse(bytes) {
        Some(nested) if !nested.parts.is_empty() => original_from(&nested),
        _ => Original {
            message_id: inline_message_id(&String::from_utf8_lossy(bytes)),
            ..Original::default()
        },
    }
}

/// The first `Message-ID:` header line found in plain text.
pub(super) fn inline_message_id(text: &str) -> Option<String> {
    INLINE_MESSAGE_ID
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().trim().to_string())
        .filter(|id| !id.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_message_id_folded() {
        let t = "Subject: x\nMessage-Id: \n <abc.123@example.org>\n";
        assert_eq!(inline_message_id(t).as_deref(), Some("abc.123@example.org"));
    }
}
