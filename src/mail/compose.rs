use std::sync::Arc;

use anyhow::Context;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use serde_json::{Value, json};

use super::Templates;
use crate::config::Config;
use crate::domain::EmailAddress;
use crate::tokens::{Purpose, Signer, random_nonce};

/// The RFC 8058 unsubscribe targets of a message to a subscriber.
#[derive(Debug, Clone)]
pub struct ListUnsubscribe {
    pub https: String,
    pub mailto: String,
}

/// One email to compose: who, which template, and the headers that matter.
#[derive(Debug, Clone)]
pub struct Email {
    pub to: EmailAddress,
    pub to_name: Option<String>,
    /// Template name in `email-templates/` (without `.txt.hbs` etc.).
    pub template: &'static str,
    /// What the email is for, recorded in the outbox.
    pub purpose: &'static str,
    /// Template data; `lab_name` and `base_url` are added.
    pub data: Value,
    pub reply_to: Option<String>,
    pub in_reply_to: Option<String>,
    pub references: Option<String>,
    pub list_unsubscribe: Option<ListUnsubscribe>,
    /// Sent by a machine, not typed by a person (RFC 3834).
    pub auto_submitted: bool,
}

impl Email {
    /// An automated email from `template` to `to`, with no special headers.
    pub fn new(to: EmailAddress, template: &'static str, purpose: &'static str, data: Value) -> Self {
        Email {
            to,
            to_name: None,
            template,
            purpose,
            data,
            reply_to: None,
            in_reply_to: None,
            references: None,
            list_unsubscribe: None,
            auto_submitted: true,
        }
    }
}

/// A composed message, ready to be written to the outbox.
#[derive(Debug, Clone)]
pub struct Composed {
    pub recipient: String,
    pub purpose: &'static str,
    /// Without angle brackets, as mail-parser reports In-Reply-To.
    pub message_id: String,
    pub envelope_from: String,
    pub bytes: Vec<u8>,
}

/// Renders templates and builds complete MIME messages with our headers.
#[derive(Clone)]
pub struct Mailer {
    templates: Arc<Templates>,
    signer: Signer,
    from: Mailbox,
    inbound: EmailAddress,
    lab_name: String,
    base_url: String,
}

impl Mailer {
    /// A mailer for this configuration.
    pub fn new(config: &Config, templates: Arc<Templates>, signer: Signer) -> Self {
        Mailer {
            templates,
            signer,
            from: config.from.clone(),
            inbound: config.inbound_address.clone(),
            lab_name: config.lab_name.clone(),
            base_url: config.base_url.clone(),
        }
    }

    /// The templates, for callers that render without sending (previews).
    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The Message-ID (without angle brackets) for a message key; the key is also in
    /// the bounce address.
    pub fn message_id_for(&self, key: u64) -> String {
        format!("{key:016x}@{}", self.inbound.domain())
    }

    /// Renders and builds `email`. The envelope sender carries a signed key so that a
    /// bounce sent back to it can be traced to this very message.
    pub fn compose(&self, email: Email) -> anyhow::Result<Composed> {
        let mut data = email.data;
        if let Value::Object(map) = &mut data {
            map.entry("lab_name").or_insert_with(|| json!(self.lab_name));
            map.entry("base_url").or_insert_with(|| json!(self.base_url));
            let unsubscribe = email.list_unsubscribe.as_ref().map(|lu| lu.https.clone());
            map.entry("unsubscribe_url").or_insert_with(|| json!(unsubscribe));
        }
        let rendered = self.templates.render(email.template, &data)?;
        let key = random_nonce();
        let message_id = self.message_id_for(key);
        let envelope_from = self
            .inbound
            .with_tag(&format!("b.{}", self.signer.sign(Purpose::Bounce, &[key], None)));

        let to = Mailbox::new(email.to_name.clone(), email.to.to_lettre()?);
        let mut b = Message::builder()
            .message_id(Some(format!("<{message_id}>")))
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .envelope(lettre::address::Envelope::new(
                Some(envelope_from.parse().context("bad envelope sender")?),
                vec![email.to.to_lettre()?],
            )?);
        if let Some(r) = &email.reply_to {
            b = b.reply_to(r.parse().with_context(|| format!("bad Reply-To {r}"))?);
        }
        if let Some(id) = email.in_reply_to {
            b = b.in_reply_to(id);
        }
        if let Some(refs) = email.references {
            b = b.references(refs);
        }
        if email.auto_submitted {
            b = b.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".into(),
            ));
        }
        if let Some(lu) = &email.list_unsubscribe {
            b = b
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{}>, <{}>", lu.https, lu.mailto),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = b
            .multipart(MultiPart::alternative_plain_html(rendered.text, rendered.html))
            .context("cannot build the message")?;
        Ok(Composed {
            recipient: email.to.as_str().to_string(),
            purpose: email.purpose,
            message_id,
            envelope_from,
            bytes: message.formatted(),
        })
    }
}
