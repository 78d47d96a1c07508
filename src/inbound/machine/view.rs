//! A read-only summary of one parsed message: the headers, decoded text and
//! attached original message that the detectors in this module look at.
//!
//! Everything here is computed once per message by [`MailView::new`] so that
//! the detectors (`arf`, `bounce`, `heuristics`, `autoreply`) stay small and
//! never have to walk the MIME tree themselves.

use std::sync::LazyLock;

use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};
use regex::Regex;

/// Matches one e-mail address inside free text (`local@domain.tld`).
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}\b")
        .expect("address regex")
});

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
fn inline_original(text: &str) -> Option<Original> {
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

/// Appends the lowercased addresses of a parsed address field.
fn push_addresses(out: &mut Vec<String>, addr: &Address<'_>) {
    for a in addr.iter() {
        if let Some(address) = a.address.as_deref() {
            for found in all_addresses(address) {
                push_unique(out, found);
            }
        }
    }
}

/// Appends `value` unless it is already present.
pub(super) fn push_unique(out: &mut Vec<String>, value: String) {
    if !out.contains(&value) {
        out.push(value);
    }
}

/// Normalises one address: trims brackets and dots, lowercases.
pub(super) fn normalise_address(raw: &str) -> String {
    raw.trim()
        .trim_matches(|c: char| c == '<' || c == '>' || c == '.' || c == '"' || c == '\'')
        .to_ascii_lowercase()
}

/// The first e-mail address in some text, normalised.
pub(super) fn first_address(text: &str) -> Option<String> {
    ADDRESS
        .find(text)
        .map(|m| normalise_address(m.as_str()))
        .filter(|a| is_plausible_address(a))
}

/// Every e-mail address in some text, normalised, in order, without repeats.
pub(super) fn all_addresses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in ADDRESS.find_iter(text) {
        let a = normalise_address(m.as_str());
        if is_plausible_address(&a) {
            push_unique(&mut out, a);
        }
    }
    out
}

/// Every address match in some text with its byte span.
pub(super) fn address_spans(text: &str) -> Vec<(usize, usize, String)> {
    ADDRESS
        .find_iter(text)
        .map(|m| (m.start(), m.end(), normalise_address(m.as_str())))
        .filter(|(_, _, a)| is_plausible_address(a))
        .collect()
}

/// Rejects strings that the address pattern matches but that are not
/// addresses worth reporting (empty local part, message-id-like noise).
fn is_plausible_address(a: &str) -> bool {
    match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !local.starts_with('.') && local.len() <= 64
        }
        None => false,
    }
}

/// Summarises an attached original message.
fn original_from(nested: &Message<'_>) -> Original {
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
fn original_from_bytes(bytes: &[u8]) -> Original {
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
    fn finds_addresses_in_text() {
        let found = all_addresses("<Kijitora@Example.JP>: host said 550; also x@y.org.");
        assert_eq!(found, vec!["kijitora@example.jp", "x@y.org"]);
        assert_eq!(first_address("none here"), None);
    }

    #[test]
    fn html_becomes_text() {
        let t = html_to_text("<p>Hello&nbsp;<b>a&#64;b.org</b></p><style>x{}</style>");
        assert!(t.contains("Hello a@b.org"));
        assert!(!t.contains("x{}"));
    }

    #[test]
    fn inline_message_id_folded() {
        let t = "Subject: x\nMessage-Id: \n <abc.123@example.org>\n";
        assert_eq!(inline_message_id(t).as_deref(), Some("abc.123@example.org"));
    }
}
