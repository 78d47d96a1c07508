use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use lettre::address::Envelope;

use crate::config::Config;

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth retrying: connection trouble, timeouts, 4xx replies.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The server refused for good (5xx): recorded, not retried.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

/// One message as handed to a stub transport.
#[derive(Debug, Clone)]
pub struct StubMessage {
    pub envelope_from: String,
    pub recipient: String,
    pub bytes: Vec<u8>,
}

/// Where outgoing mail goes.
pub enum Transport {
    /// A real SMTP server, through a connection pool.
    Smtp(super::smtp::SmtpPool),
    /// No SMTP server configured: each message becomes an `.eml` file in a folder.
    Folder(PathBuf),
    /// Unit tests: messages are kept in memory.
    Stub(Arc<Mutex<Vec<StubMessage>>>),
}

impl Transport {
    /// The transport the configuration asks for.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => Ok(Transport::Smtp(
                super::smtp::SmtpPool::from_url(url, config.smtp_pool)
                    .context("smtp_url (LABLOOP_SMTP_URL) is not usable")?,
            )),
            None => Ok(Transport::Folder(config.outbox_dir.clone())),
        }
    }

    /// A human-readable account of where mail goes.
    pub fn describe(&self, _config: &Config) -> String {
        match self {
            Transport::Smtp(pool) => format!("SMTP server {}", pool.server()),
            Transport::Folder(dir) => {
                let shown = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
                format!(
                    "folder {} (one .eml file per email; set LABLOOP_SMTP_URL to send for real)",
                    shown.display()
                )
            }
            Transport::Stub(_) => "memory (tests)".to_string(),
        }
    }

    /// Hands one message to the server (or folder).
    pub async fn send(&self, envelope_from: &str, recipient: &str, bytes: &[u8]) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => {
                let envelope = Envelope::new(
                    Some(
                        envelope_from
                            .parse()
                            .map_err(|e| SendError::Permanent(format!("bad sender {envelope_from}: {e}")))?,
                    ),
                    vec![
                        recipient
                            .parse()
                            .map_err(|e| SendError::Permanent(format!("bad recipient {recipient}: {e}")))?,
                    ],
                )
                .map_err(|e| SendError::Permanent(e.to_string()))?;
                smtp.send(&envelope, bytes).await
            }
            Transport::Folder(dir) => write_eml(dir, recipient, bytes)
                .await
                .map_err(|e| SendError::Temporary(format!("{e:#}"))),
            Transport::Stub(sent) => {
                sent.lock().unwrap_or_else(|e| e.into_inner()).push(StubMessage {
                    envelope_from: envelope_from.to_string(),
                    recipient: recipient.to_string(),
                    bytes: bytes.to_vec(),
                });
                Ok(())
            }
        }
    }
}

/// Writes the message as `<time>-<recipient>-<random>.eml`, via a temporary file so a
/// reader never sees half a message.
async fn write_eml(dir: &std::path::Path, recipient: &str, bytes: &[u8]) -> anyhow::Result<()> {
    tokio::fs::create_dir_all(dir)
        .await
        .with_context(|| format!("cannot create outbox folder {}", dir.display()))?;
    let safe: String = recipient
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "@.-_+".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = format!(
        "{}-{}-{:08x}.eml",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ"),
        safe,
        rand::random::<u32>()
    );
    let tmp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&tmp, bytes)
        .await
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    tokio::fs::rename(&tmp, dir.join(&name))
        .await
        .context("cannot move the .eml into place")?;
    Ok(())
}
