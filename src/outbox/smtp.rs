//! SMTP out: lettre's SMTP client, on connections we pool ourselves.
//!
//! lettre's pooled transport writes a message and its end-of-data marker in two
//! writes and gives no way to set TCP_NODELAY, so every message waits for the
//! server's delayed acknowledgement (about 40 ms on Linux) before the marker leaves:
//! a few hundred messages a second at best. Here each connection is a TCP stream with
//! TCP_NODELAY set, handed to lettre's client (`AsyncSmtpConnection`), which still
//! does the protocol: EHLO, STARTTLS, AUTH, MAIL/RCPT/DATA.
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use tokio::sync::Semaphore;

use super::SendError;

/// How the connection is protected.
enum Security {
    /// Plain SMTP (a relay on the same machine or network).
    None,
    /// STARTTLS after EHLO (`?tls=required`, or `?tls=opportunistic` when offered).
    StartTls { params: TlsParameters, required: bool },
    /// TLS from the first byte (`smtps://`).
    Wrapper(TlsParameters),
}

/// A pool of SMTP connections to one server.
pub struct SmtpPool {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    slots: Semaphore,
}

/// How long a connection may sit unused before it is closed rather than reused.
const IDLE_FOR: Duration = Duration::from_secs(30);
/// How long connecting, or one message, may take.
const TIMEOUT: Duration = Duration::from_secs(60);

impl SmtpPool {
    /// A pool for `smtp://[user:pass@]host[:port][?tls=required|opportunistic]` or
    /// `smtps://…`, with at most `size` connections.
    pub fn from_url(url: &str, size: u32) -> anyhow::Result<Self> {
        let u = url::Url::parse(url).context("not a URL")?;
        let host = u
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| anyhow!("no host"))?
            .to_string();
        let tls = u.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.into_owned());
        let params = || TlsParameters::new(host.clone()).context("TLS settings");
        let (security, default_port) = match (u.scheme(), tls.as_deref()) {
            ("smtp", None) => (Security::None, 25),
            ("smtp", Some("required")) => (
                Security::StartTls {
                    params: params()?,
                    required: true,
                },
                587,
            ),
            ("smtp", Some("opportunistic")) => (
                Security::StartTls {
                    params: params()?,
                    required: false,
                },
                587,
            ),
            ("smtps", _) => (Security::Wrapper(params()?), 465),
            (scheme, tls) => bail!("unsupported scheme {scheme:?} or tls={tls:?}"),
        };
        let decode = |s: &str| percent_decode(s);
        let credentials = u.password().map(|p| Credentials::new(decode(u.username()), decode(p)));
        let hello = match u.path().trim_matches('/') {
            "" => ClientId::default(),
            name => ClientId::Domain(name.to_string()),
        };
        Ok(SmtpPool {
            port: u.port().unwrap_or(default_port),
            host,
            security,
            credentials,
            hello,
            idle: Mutex::new(Vec::new()),
            slots: Semaphore::new(size.max(1) as usize),
        })
    }

    /// "host:port".
    pub fn server(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// Sends one message. A pooled connection that turns out to be dead is replaced
    /// once, so a server closing idle connections never delays mail.
    pub async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| SendError::Temporary("SMTP pool closed".into()))?;
        let reused = self.take_idle();
        let fresh_already = reused.is_none();
        let mut conn = match reused {
            Some(c) => c,
            None => self.connect().await?,
        };
        match self.send_on(&mut conn, envelope, bytes).await {
            Ok(()) => {
                self.give_back(conn);
                Ok(())
            }
            Err(Failure::Network(e)) if !fresh_already => {
                tracing::debug!(error = %e, "pooled SMTP connection was dead; reconnecting");
                let mut conn = self.connect().await?;
                let result = self.send_on(&mut conn, envelope, bytes).await;
                if result.is_ok() {
                    self.give_back(conn);
                }
                result.map_err(Failure::into_send_error)
            }
            Err(e) => Err(e.into_send_error()),
        }
    }

    async fn send_on(&self, conn: &mut AsyncSmtpConnection, envelope: &Envelope, bytes: &[u8]) -> Result<(), Failure> {
        match tokio::time::timeout(TIMEOUT, conn.send(envelope, bytes)).await {
            Err(_) => Err(Failure::Network("the SMTP server did not answer in time".into())),
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) if e.is_permanent() => Err(Failure::Refused(SendError::Permanent(chain(&e)))),
            Ok(Err(e)) if e.is_transient() => Err(Failure::Refused(SendError::Temporary(chain(&e)))),
            Ok(Err(e)) => Err(Failure::Network(chain(&e))),
        }
    }

    fn take_idle(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE_FOR && !conn.has_broken() {
                return Some(conn);
            }
        }
        None
    }

    fn give_back(&self, conn: AsyncSmtpConnection) {
        if !conn.has_broken() {
            self.idle
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((conn, Instant::now()));
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let connecting = async {
            let mut conn = match &self.security {
                Security::Wrapper(params) => {
                    // lettre builds the TLS stream itself here (no TCP_NODELAY): implicit
                    // TLS is for remote providers, where the round trip dominates anyway.
                    AsyncSmtpConnection::connect_tokio1(
                        (self.host.as_str(), self.port),
                        Some(TIMEOUT),
                        &self.hello,
                        Some(params.clone()),
                        None,
                    )
                    .await
                    .map_err(|e| chain(&e))?
                }
                _ => {
                    let tcp = tokio::net::TcpStream::connect((self.host.as_str(), self.port))
                        .await
                        .map_err(|e| e.to_string())?;
                    tcp.set_nodelay(true).map_err(|e| e.to_string())?;
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello)
                        .await
                        .map_err(|e| chain(&e))?
                }
            };
            if let Security::StartTls { params, required } = &self.security {
                if conn.can_starttls() {
                    conn.starttls(params.clone(), &self.hello)
                        .await
                        .map_err(|e| chain(&e))?;
                } else if *required {
                    return Err("the server does not offer STARTTLS, and tls=required".to_string());
                }
            }
            if let Some(credentials) = &self.credentials {
                conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                    .await
                    .map_err(|e| chain(&e))?;
            }
            Ok::<_, String>(conn)
        };
        match tokio::time::timeout(TIMEOUT, connecting).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(e)) => Err(SendError::Temporary(format!(
                "cannot connect to {}: {e}",
                self.server()
            ))),
            Err(_) => Err(SendError::Temporary(format!(
                "connecting to {} timed out",
                self.server()
            ))),
        }
    }
}

/// Why one attempt on a connection failed.
enum Failure {
    /// The server answered with a refusal (4xx or 5xx).
    Refused(SendError),
    /// The connection failed (closed, reset, timed out): worth one fresh try.
    Network(String),
}

impl Failure {
    fn into_send_error(self) -> SendError {
        match self {
            Failure::Refused(e) => e,
            Failure::Network(e) => SendError::Temporary(e),
        }
    }
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_like_lettre_reads_them() {
        let p = SmtpPool::from_url("smtp://relay.internal", 4).unwrap();
        assert_eq!(p.server(), "relay.internal:25");
        assert!(matches!(p.security, Security::None));
        let p = SmtpPool::from_url("smtp://me%40lab.org:p%25ss@mail.example.org?tls=required", 4).unwrap();
        assert_eq!(p.server(), "mail.example.org:587");
        assert!(matches!(p.security, Security::StartTls { required: true, .. }));
        assert!(p.credentials.is_some());
        let p = SmtpPool::from_url("smtps://mail.example.org", 4).unwrap();
        assert_eq!(p.server(), "mail.example.org:465");
        assert!(SmtpPool::from_url("smtp://mail.example.org?tls=sometimes", 4).is_err());
        assert_eq!(percent_decode("me%40lab.org"), "me@lab.org");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
