//! What every integration test needs: a running labloop on port 0 with a fresh
//! database, an HTTP client, and ways to see the mail it sends.
pub mod browser;
pub mod db;
pub mod prereq;
pub mod smtp;

use std::sync::{Arc, Mutex};

use chrono::Utc;
use labloop::config::{Config, RawConfig};
use labloop::context::AppContext;
use labloop::outbox::{Delivery, DeliveryReport, RateLimiter, Transport};
use labloop::startup::Application;

pub use db::{Backend, TestDb};
pub use labloop::outbox::StubMessage;

/// Runs an async test body on SQLite and (when configured) on PostgreSQL: each name
/// becomes a module with a `sqlite` and a `postgres` test.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[actix_web::test]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[actix_web::test]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

/// A running labloop for one test.
pub struct TestApp {
    pub address: String,
    pub ctx: AppContext,
    pub client: awc::Client,
    /// Mail "sent" through the in-memory transport (when no SMTP server is used).
    pub stub: Arc<Mutex<Vec<StubMessage>>>,
    pub transport: Arc<Transport>,
    /// Kept so the database and folder live as long as the app.
    pub _db: TestDb,
    pub _dir: tempfile::TempDir,
}

/// The test configuration: defaults plus a fresh database and fixed keys.
pub fn test_config(db: &TestDb, dir: &std::path::Path) -> Config {
    let env = |k: &str| -> Option<String> {
        match k {
            "LABLOOP_DATABASE_URL" => Some(db.url.clone()),
            "LABLOOP_LISTEN" => Some("127.0.0.1:0".into()),
            "LABLOOP_SECRET" => Some("test secret, at least sixteen characters".into()),
            "LABLOOP_INBOUND_ADDRESS" => Some("lab@lab.example.org".into()),
            "LABLOOP_API_KEY" => Some("test-api-key".into()),
            "LABLOOP_INBOUND_KEY" => Some("test-inbound-key".into()),
            "LABLOOP_OUTBOX_DIR" => Some(dir.join("outbox").display().to_string()),
            _ => None,
        }
    };
    let raw = RawConfig::load(None, env).expect("test configuration");
    Config::from_raw(&raw).expect("valid test configuration")
}

/// Starts labloop on a fresh `backend` database with mail kept in memory.
/// None when the backend is not available (test skipped).
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// Like [`spawn_app`], with a chance to change the configuration first. With an
/// `smtp_url` set, mail goes to that server; otherwise it is kept in memory.
pub async fn spawn_app_with(backend: Backend, change: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let db = TestDb::create(backend).await?;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(&db, dir.path());
    change(&mut config);
    let app = Application::build(config).await.expect("application builds");
    let ctx = app.context().clone();
    let address = format!("http://127.0.0.1:{}", app.port());
    actix_rt::spawn(app.run_until_stopped());
    let stub = Arc::new(Mutex::new(Vec::new()));
    let transport = if ctx.config.smtp_url.is_some() {
        Arc::new(Transport::from_config(&ctx.config).expect("SMTP transport"))
    } else {
        Arc::new(Transport::Stub(stub.clone()))
    };
    let client = awc::Client::builder()
        .disable_redirects()
        .timeout(std::time::Duration::from_secs(60))
        .finish();
    Some(TestApp {
        address,
        ctx,
        client,
        stub,
        transport,
        _db: db,
        _dir: dir,
    })
}

impl TestApp {
    /// The URL of `path` on this app.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GET `path` (or an absolute URL); returns status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            self.url(path)
        };
        let mut r = self.client.get(url).send().await.expect("GET");
        let body = r.body().limit(10 * 1024 * 1024).await.expect("body");
        (r.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    }

    /// POST a form to `path` (or an absolute URL); returns status and body.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            self.url(path)
        };
        let mut r = self.client.post(url).send_form(&form).await.expect("POST");
        let body = r.body().limit(10 * 1024 * 1024).await.expect("body");
        (r.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    }

    /// The `guard` value of the form on the page at `path`.
    pub async fn form_guard(&self, path: &str) -> String {
        let (_, body) = self.get(path).await;
        extract_between(&body, "name=\"guard\" value=\"", "\"").expect("page has a form guard")
    }

    /// Signs up through the web form as a browser would.
    pub async fn sign_up(&self, email: &str, name: &str) -> (u16, String) {
        let guard = self.form_guard("/").await;
        self.post_form("/subscribe", &[("email", email), ("name", name), ("guard", &guard)])
            .await
    }

    /// Posts a raw message to `/inbound` with the right key; returns status and JSON.
    pub async fn post_inbound(&self, raw: impl Into<Vec<u8>>) -> (u16, serde_json::Value) {
        let mut r = self
            .client
            .post(self.url("/inbound"))
            .insert_header(("Authorization", "Bearer test-inbound-key"))
            .send_body(raw.into())
            .await
            .expect("POST /inbound");
        let body = r.body().limit(1024 * 1024).await.expect("body");
        (
            r.status().as_u16(),
            serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// Runs one delivery pass now (the worker's job), through this app's transport.
    pub async fn deliver(&self) -> DeliveryReport {
        self.deliver_at(Utc::now()).await
    }

    /// Runs one delivery pass as if it were `now`.
    pub async fn deliver_at(&self, now: chrono::DateTime<Utc>) -> DeliveryReport {
        let d = Delivery {
            db: self.ctx.db.clone(),
            transport: self.transport.clone(),
            limiter: Arc::new(RateLimiter::new(0.0)),
            concurrency: 4,
            wake: self.ctx.outbox_wake.clone(),
        };
        d.run_once(now).await.expect("delivery pass")
    }

    /// Mail delivered through the in-memory transport so far.
    pub fn sent(&self) -> Vec<StubMessage> {
        self.stub.lock().expect("stub lock").clone()
    }

    /// Mail delivered to one address through the in-memory transport.
    pub fn sent_to(&self, address: &str) -> Vec<StubMessage> {
        self.sent()
            .into_iter()
            .filter(|m| m.recipient.eq_ignore_ascii_case(address))
            .collect()
    }
}

/// The text between `start` and the next `end`.
pub fn extract_between(text: &str, start: &str, end: &str) -> Option<String> {
    let i = text.find(start)? + start.len();
    let j = text[i..].find(end)? + i;
    Some(text[i..j].to_string())
}

/// The first link in a message that starts with `prefix` (after decoding the body).
pub fn link_in(raw: &[u8], prefix: &str) -> Option<String> {
    let msg = mail_parser::MessageParser::default().parse(raw)?;
    let text = msg.body_text(0)?.into_owned();
    let i = text.find(prefix)?;
    Some(text[i..].split_whitespace().next()?.to_string())
}

/// A header's value in a raw message.
pub fn header_of(raw: &[u8], name: &str) -> Option<String> {
    let msg = mail_parser::MessageParser::default().parse(raw)?;
    msg.header_raw(name.to_string()).map(|v| v.trim().to_string())
}
