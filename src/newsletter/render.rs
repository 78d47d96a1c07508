//! Turning an issue into what subscribers get: the subject, text and HTML from the
//! `newsletter` templates, and for sending, the complete message per recipient.
use chrono::Utc;
use lettre::message::header::{self, HeaderName, HeaderValue, Headers};
use serde_json::{Value, json};

use super::issues::Issue;
use crate::context::AppContext;
use crate::mail::{Rendered, qp};
use crate::tokens::{Purpose, random_nonce};

/// Labels a section line may start with; they are shown in bold.
const LABELS: [&str; 8] = [
    "What they tested",
    "What they predicted",
    "What happened",
    "What they learned",
    "Decision",
    "Next",
    "Measures",
    "Measure",
];

/// The template data for an issue. `unsubscribe_url` is None on the public archive.
pub fn data(ctx: &AppContext, issue: &Issue, unsubscribe_url: Option<&str>) -> Value {
    let period = issue.period_label(ctx.config.cadence);
    let introduction: Vec<String> = issue
        .issue
        .introduction
        .split("\n\n")
        .map(|p| p.trim().replace('\n', " "))
        .filter(|p| !p.is_empty())
        .collect();
    let sections: Vec<Value> = issue
        .sections
        .iter()
        .map(|s| {
            let lines: Vec<Value> = s
                .body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(
                    |l| match l.split_once(':').filter(|(label, _)| LABELS.contains(&label.trim())) {
                        Some((label, text)) => json!({ "label": label.trim(), "text": text.trim() }),
                        None => json!({ "label": null, "text": l }),
                    },
                )
                .collect();
            json!({ "team": s.team_name, "has_record": s.has_record, "needs_review": s.needs_review, "lines": lines })
        })
        .collect();
    json!({
        "lab_name": ctx.config.lab_name,
        "base_url": ctx.config.base_url,
        "title": format!("{} learning newsletter: {period}", ctx.config.lab_name),
        "period": period,
        "introduction": introduction,
        "sections": sections,
        "archive_url": ctx.config.url("/newsletters"),
        "unsubscribe_url": unsubscribe_url,
    })
}

/// Subject, text and HTML of an issue.
pub fn render(ctx: &AppContext, issue: &Issue, unsubscribe_url: Option<&str>) -> anyhow::Result<Rendered> {
    ctx.mailer
        .templates()
        .render("newsletter", &data(ctx, issue, unsubscribe_url))
}

/// Stands in for each recipient's own unsubscribe link while the issue is rendered once.
const LINK_PLACEHOLDER: &str = "LABLOOPUNSUBSCRIBELINKPLACEHOLDER";

/// An issue rendered once, ready to be made into each recipient's message cheaply:
/// the fixed headers, and each body encoded in pieces around the personal link.
pub struct Prepared {
    issue_id: i64,
    sending_started_at: Option<chrono::DateTime<Utc>>,
    domain: String,
    fixed_headers: String,
    boundary: String,
    text: Vec<String>,
    html: Vec<String>,
}

impl Prepared {
    /// Renders and encodes `issue` for sending.
    pub fn new(ctx: &AppContext, issue: &Issue) -> anyhow::Result<Self> {
        let probe = format!("https://{LINK_PLACEHOLDER}");
        let rendered = render(ctx, issue, Some(&probe))?;
        let mut headers = Headers::new();
        headers.set(header::From::from(lettre::message::Mailboxes::from(
            ctx.config.from.clone(),
        )));
        headers.set(header::Subject::from(rendered.subject.clone()));
        headers.set(header::Date::new(std::time::SystemTime::from(Utc::now())));
        headers.set(header::MIME_VERSION_1_0);
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("Precedence"),
            "bulk".into(),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Id"),
            format!(
                "{} learning newsletter <newsletter.{}>",
                ctx.config.lab_name,
                ctx.config.inbound_address.domain()
            ),
        ));
        headers.insert_raw(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".into(),
        ));
        let split = |body: &str| -> Vec<String> { body.split(&probe).map(qp::encode).collect() };
        Ok(Prepared {
            issue_id: issue.issue.id,
            sending_started_at: issue.issue.sending_started_at,
            domain: ctx.config.inbound_address.domain().to_string(),
            fixed_headers: headers.to_string(),
            boundary: format!("labloop-{:016x}{:016x}", random_nonce(), random_nonce()),
            text: split(&ensure_newline(rendered.text)),
            html: split(&ensure_newline(rendered.html)),
        })
    }

    /// How long the issue has been sending (temporary failures give up after three days).
    pub fn sending_for(&self, now: chrono::DateTime<Utc>) -> chrono::Duration {
        self.sending_started_at.map(|t| now - t).unwrap_or_default()
    }

    /// The Message-ID of this issue's copy for a subscriber (the same on a resend).
    pub fn message_id(&self, subscriber_id: i64) -> String {
        format!("nl{}.{}@{}", self.issue_id, subscriber_id, self.domain)
    }

    /// One recipient's complete message, and its envelope sender.
    pub fn message(&self, ctx: &AppContext, email: &str, subscriber_id: i64) -> (String, Vec<u8>) {
        let token = ctx.signer.sign(Purpose::Unsubscribe, &[subscriber_id as u64], None);
        let link = ctx.config.url(&format!("/unsubscribe/{token}"));
        let envelope_from = ctx.config.inbound_address.with_tag(&format!(
            "b.{}",
            ctx.signer
                .sign(Purpose::Bounce, &[self.issue_id as u64, subscriber_id as u64], None)
        ));
        let leave = ctx.config.inbound_address.with_tag("leave");
        let mut out = String::with_capacity(self.fixed_headers.len() + 64 * 1024);
        out.push_str(&format!(
            "To: <{email}>\r\nMessage-ID: <{}>\r\n",
            self.message_id(subscriber_id)
        ));
        out.push_str(&format!(
            "List-Unsubscribe: <{link}>, <mailto:{leave}?subject=unsubscribe>\r\n"
        ));
        out.push_str(&self.fixed_headers);
        out.push_str(&format!(
            "Content-Type: multipart/alternative; boundary=\"{}\"\r\n\r\n",
            self.boundary
        ));
        let encoded_link = qp::encode(&link);
        for (kind, pieces, link) in [
            ("plain", &self.text, &encoded_link),
            ("html", &self.html, &qp::encode(&html_escape(&link))),
        ] {
            out.push_str(&format!(
                "--{}\r\nContent-Type: text/{kind}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
                self.boundary
            ));
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 {
                    out.push_str(link);
                }
                out.push_str(piece);
            }
            out.push_str("\r\n");
        }
        out.push_str(&format!("--{}--\r\n", self.boundary));
        (envelope_from, out.into_bytes())
    }
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
