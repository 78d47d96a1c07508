//! A read-only summary of one parsed message: the headers, decoded text and
//! attached original message that the detectors in this module look at.
//!
//! Everything here is computed once per message by [`MailView::new`] so that
//! the detectors (`arf`, `bounce`, `heuristics`, `autoreply`) stay small and
//! never have to walk the MIME tree themselves.

use std::sync::LazyLock;

use mail_parser::{Message, MimeHeaders, PartType};
use regex::Regex;

use super::addresses::{all_addresses, first_address, push_addresses, push_unique};
use super::original::{Original, inline_message_id, inline_original, original_from, original_from_bytes};

/// How much of a message's text the detectors read (bounce notices are
/// short; what follows is usually the returned message).
const MAX_TEXT: usize = 512 * 1024;

/// Cuts a string to at most `max` bytes, at a character boundary.
fn truncate_at_char(text: &mut String, max: usize) {
    if text.len() > max {
        let mut cut = max;
        while cut > 0 && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
}

/// One non-text part that a report carries (e.g. `message/delivery-status`).
#[derive(Debug, Clone)]
pub(super) struct ReportPart {
    /// Lowercased `type/subtype`.
    pub mime: String,
    /// Decoded contents, lossily converted to UTF-8.
    pub text: String,
}

/// The pieces of a message the detectors need, extracted once.
#[derive(Debug, Default)]
pub(super) struct MailView {
    /// Decoded Subject, trimmed ("" when absent).
    pub subject: String,
    /// Lowercased address of the From field (may lack a domain).
    pub from_address: String,
    /// Display name of the From field.
    pub from_name: String,
    /// Raw From field as written, unfolded.
    pub from_raw: String,
    /// Lowercased addresses this message was delivered to (To, Cc, and the
    /// envelope headers `Delivered-To` and `Envelope-To`).
    pub own_addresses: Vec<String>,
    /// Lowercased `type/subtype` of the top-level message.
    pub mime: String,
    /// The `report-type` parameter of a top-level multipart/report.
    pub report_type: String,
    /// All text of the message's own text/plain and text/html parts (HTML
    /// converted to text), not including attached messages.
    pub text: String,
    /// Parts that are neither text nor an attached message, such as
    /// `message/delivery-status` or `message/feedback-report`.
    pub report_parts: Vec<ReportPart>,
    /// Attached original messages (message/rfc822, text/rfc822-headers, …).
    pub originals: Vec<Original>,
    /// Whether the envelope sender (Return-Path) is the null sender `<>`.
    pub null_sender: bool,
    /// Whether a message (or its headers) is attached as a MIME part, as
    /// opposed to quoted in the text.
    pub has_attached_original: bool,
}

impl MailView {
    /// Summarises a parsed message. Never panics.
    pub fn new(msg: &Message<'_>) -> Self {
        let mut view = MailView {
            subject: msg.subject().unwrap_or_default().trim().to_string(),
            from_raw: header_values(msg, "From").into_iter().next().unwrap_or_default(),
            ..MailView::default()
        };
        if let Some(addr) = msg.from().and_then(|a| a.first()) {
            view.from_address = addr.address.as_deref().unwrap_or_default().trim().to_ascii_lowercase();
            view.from_name = addr.name.as_deref().unwrap_or_default().trim().to_string();
        }
        if view.from_address.is_empty() {
            view.from_address = first_address(&view.from_raw).unwrap_or_default();
        }
        for addr in msg.to().into_iter().chain(msg.cc()) {
            push_addresses(&mut view.own_addresses, addr);
        }
        // X-Original-To is left out: some MTAs (DragonFly) put the failed
        // recipient there.
        for name in ["Delivered-To", "Envelope-To"] {
            for value in header_values(msg, name) {
                for a in all_addresses(&value) {
                    push_unique(&mut view.own_addresses, a);
                }
            }
        }
        let return_path = header_values(msg, "Return-Path");
        view.null_sender = return_path
            .iter()
            .any(|v| v.trim().trim_matches(|c| c == '<' || c == '>').trim().is_empty());

        if let Some(ct) = msg.content_type() {
            view.mime = mime_of(ct.ctype(), ct.subtype());
            view.report_type = ct
                .attribute("report-type")
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
        }

        let mut texts: Vec<String> = Vec::new();
        for part in &msg.parts {
            let mime = part
                .content_type()
                .map(|ct| mime_of(ct.ctype(), ct.subtype()))
                .unwrap_or_default();
            match &part.body {
                PartType::Message(nested) => view.originals.push(original_from(nested)),
                PartType::Text(text) if is_headers_mime(&mime) => {
                    view.originals.push(original_from_bytes(text.as_bytes()));
                }
                PartType::Text(text) => texts.push(text.to_string()),
                PartType::Html(html) => texts.push(html_to_text(html)),
                PartType::Binary(bytes) | PartType::InlineBinary(bytes) => {
                    if mime == "message/rfc822" || mime == "message/global" || is_headers_mime(&mime) {
                        view.originals.push(original_from_bytes(bytes));
                    } else if mime.starts_with("message/") || mime.starts_with("text/") {
                        view.report_parts.push(ReportPart {
                            mime,
                            text: String::from_utf8_lossy(bytes).into_owned(),
                        });
                    }
                }
                PartType::Multipart(_) => {}
            }
        }
        view.has_attached_original = !view.originals.is_empty();
        view.text = texts.join("\n");
        truncate_at_char(&mut view.text, MAX_TEXT);
        if view.text.trim().is_empty() {
            // Broken MIME (e.g. an unfolded boundary parameter) can hide all
            // text parts: read the raw body instead.
            if let Some(body) = msg
                .parts
                .first()
                .and_then(|root| msg.raw_message.get(root.offset_body as usize..))
            {
                let body = body.get(..MAX_TEXT).unwrap_or(body);
                view.text = String::from_utf8_lossy(body).into_owned();
            }
        }
        if view.originals.is_empty()
            && let Some(original) = inline_original(&view.text)
        {
            view.originals.push(original);
        }
        if view.originals.iter().all(|o| o.message_id.is_none())
            && let Some(id) = inline_message_id(&view.text)
        {
            view.originals.push(Original {
                message_id: Some(id),
                ..Original::default()
            });
        }
        view
    }

    /// The Message-ID of the first attached (or inline) original message.
    pub fn original_message_id(&self) -> Option<String> {
        self.originals.iter().find_map(|o| o.message_id.clone())
    }

    /// Every address that belongs to the people or systems on the sending
    /// side of the original message, or to this report itself: these are
    /// never failed recipients.
    pub fn excluded_addresses(&self) -> Vec<String> {
        let mut out = self.own_addresses.clone();
        if !self.from_address.is_empty() {
            push_unique(&mut out, self.from_address.clone());
        }
        for o in &self.originals {
            for s in &o.senders {
                push_unique(&mut out, s.clone());
            }
        }
        out
    }
}

/// `type/subtype`, lowercased.
fn mime_of(ctype: &str, subtype: Option<&str>) -> String {
    format!(
        "{}/{}",
        ctype.trim().to_ascii_lowercase(),
        subtype.unwrap_or_default().trim().to_ascii_lowercase()
    )
}

/// Whether a MIME type carries only the headers of an original message.
fn is_headers_mime(mime: &str) -> bool {
    matches!(
        mime,
        "text/rfc822-headers"
            | "text/rfc822-header"
            | "message/rfc822-headers"
            | "message/global-headers"
            | "text/headers"
    )
}

/// All raw values of a top-level header, unfolded and trimmed.
pub(super) fn header_values(msg: &Message<'_>, name: &str) -> Vec<String> {
    let Some(root) = msg.parts.first() else {
        return Vec::new();
    };
    root.headers
        .iter()
        .filter(|h| h.name.as_str().eq_ignore_ascii_case(name))
        .filter_map(|h| {
            msg.raw_message
                .get(h.offset_start as usize..h.offset_end as usize)
                .map(|raw| unfold(&String::from_utf8_lossy(raw)))
        })
        .collect()
}

/// Joins folded header lines and trims the result.
pub(super) fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, line) in value.lines().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(line.trim());
    }
    out.trim().to_string()
}

/// A small, forgiving HTML-to-text conversion: drops style/script blocks
/// and tags, turns block ends into line breaks, decodes common entities.
pub(super) fn html_to_text(html: &str) -> String {
    static DROP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<(style|script|head)\b.*?</(style|script|head)\s*>").expect("drop regex"));
    static BREAK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)<\s*(br|/p|/div|/tr|/li|/h[1-6]|/table|p|div|tr|li)\b[^>]*>").expect("break regex")
    });
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)<[^>]*>").expect("tag regex"));
    let text = DROP.replace_all(html, " ");
    let text = BREAK.replace_all(&text, "\n");
    let text = TAG.replace_all(&text, "");
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#64;", "@")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_text() {
        let t = html_to_text("<p>Hello&nbsp;<b>a&#64;b.org</b></p><style>x{}</style>");
        assert!(t.contains("Hello a@b.org"));
        assert!(!t.contains("x{}"));
    }
}
