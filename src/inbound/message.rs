//! An inbound email parsed once, at the edge, into what the workflows need.
use mail_parser::{Message, MessageParser, MimeHeaders};

use crate::domain::EmailAddress;

/// Why raw bytes were refused as an email.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAnEmail {
    #[error("the message is empty")]
    Empty,
    #[error("no email headers were found (is this an RFC 5322 message?)")]
    NoHeaders,
    #[error("the MIME structure could not be read")]
    Unparseable,
}

/// A parsed inbound message. The rest of labloop reads these fields, never raw MIME.
pub struct InboundMessage<'a> {
    /// The parsed MIME tree (machine-mail detection reads it).
    pub parsed: Message<'a>,
    /// The Message-ID without brackets, or `sha256:<hex>` of the bytes when absent.
    pub message_id: String,
    /// The sender's address, when it is a valid one.
    pub from: Option<EmailAddress>,
    /// Every address the message was delivered to (To, Cc, Delivered-To, X-Original-To), lower-cased.
    pub recipients: Vec<String>,
    pub subject: String,
    /// Message-IDs this message answers (In-Reply-To, then References, newest first).
    pub thread_ids: Vec<String>,
    /// The text/plain body, if the message has one.
    pub text: Option<String>,
    /// The text/html body, if the message has one.
    pub html: Option<String>,
    /// Problems met while decoding (unknown charset, …), for the record's warnings.
    pub warnings: Vec<String>,
}

impl<'a> InboundMessage<'a> {
    /// Parses raw RFC 5322 bytes.
    pub fn parse(raw: &'a [u8]) -> Result<Self, NotAnEmail> {
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Err(NotAnEmail::Empty);
        }
        // mail-parser is meant never to panic, but malformed nesting has tripped its
        // internal assertions (found by fuzzing); a message it cannot read is refused
        // like any other unreadable bytes, not a crash.
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| MessageParser::default().parse(raw)))
            .map_err(|_| {
                tracing::error!(bytes = raw.len(), "the MIME parser failed on this message");
                NotAnEmail::Unparseable
            })?
            .ok_or(NotAnEmail::NoHeaders)?;
        // mail-parser accepts anything; an email has at least one of these.
        if parsed.from().is_none()
            && parsed.message_id().is_none()
            && parsed.subject().is_none()
            && parsed.to().is_none()
        {
            return Err(NotAnEmail::NoHeaders);
        }
        let message_id = parsed
            .message_id()
            .map(|id| id.trim().trim_start_matches('<').trim_end_matches('>').to_string())
            .filter(|id| !id.is_empty() && id.len() <= 250)
            .unwrap_or_else(|| format!("sha256:{}", crate::tokens::sha256_hex_bytes(raw)));
        let from = parsed
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .and_then(|a| EmailAddress::parse(a).ok());
        let mut recipients: Vec<String> = Vec::new();
        for list in [parsed.to(), parsed.cc()].into_iter().flatten() {
            recipients.extend(list.iter().filter_map(|a| a.address()).map(str::to_lowercase));
        }
        for name in ["Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"] {
            for h in parsed.headers().iter().filter(|h| h.name().eq_ignore_ascii_case(name)) {
                if let Some(v) = h.value().as_text() {
                    recipients.push(v.trim().trim_start_matches('<').trim_end_matches('>').to_lowercase());
                } else if let Some(a) = h.value().as_address() {
                    recipients.extend(a.iter().filter_map(|a| a.address()).map(str::to_lowercase));
                }
            }
        }
        recipients.dedup();
        let mut thread_ids: Vec<String> = Vec::new();
        for v in [parsed.in_reply_to(), parsed.references()] {
            if let Some(list) = v.as_text_list() {
                thread_ids.extend(list.iter().rev().map(|s| s.to_string()));
            } else if let Some(s) = v.as_text() {
                thread_ids.push(s.to_string());
            }
        }
        let mut warnings = Vec::new();
        let mut text = None;
        let mut html = None;
        for part in parsed.text_bodies().chain(parsed.html_bodies()) {
            if let Some(cs) = part.content_type().and_then(|ct| ct.attribute("charset"))
                && mail_parser::decoders::charsets::map::charset_decoder(cs.as_bytes()).is_none()
                && !matches!(
                    cs.to_ascii_lowercase().as_str(),
                    "utf-8" | "utf8" | "us-ascii" | "ascii"
                )
            {
                let w = format!("unknown charset {cs:?}: decoded as UTF-8, some characters may be wrong");
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
            if part.is_text_html() {
                if html.is_none() {
                    html = part.text_contents().map(str::to_string);
                }
            } else if part.is_text() && text.is_none() {
                let param = |name: &str| {
                    part.content_type()
                        .and_then(|c| c.attribute(name))
                        .map(str::to_ascii_lowercase)
                };
                let flowed = param("format").as_deref() == Some("flowed");
                let delsp = param("delsp").as_deref() == Some("yes");
                text = part.text_contents().map(|t| {
                    let t = if flowed {
                        super::flowed::unflow(t, delsp)
                    } else {
                        t.to_string()
                    };
                    super::clearsigned::unwrap(&t).unwrap_or(t)
                });
            }
        }
        Ok(InboundMessage {
            message_id,
            from,
            recipients,
            subject: parsed.subject().unwrap_or("").trim().to_string(),
            thread_ids,
            text,
            html,
            warnings,
            parsed,
        })
    }

    /// The value of a header, as text, if present.
    pub fn header(&self, name: &'static str) -> Option<&str> {
        self.parsed.header_raw(name).map(str::trim)
    }
}
