//! A fresh database per test: a SQLite file in a temporary folder, or a new PostgreSQL
//! database on the server named by `LABLOOP_TEST_DATABASE_URL`.
use sea_orm::{ConnectionTrait, Database, Statement};

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database that exists for one test and is removed afterwards.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    admin_url: Option<String>,
    name: String,
}

impl TestDb {
    /// Creates the database, or returns None when PostgreSQL is not configured (skipped
    /// locally; under `CI=true` the missing URL fails the test).
    pub async fn create(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("labloop.db").display());
                Some(TestDb {
                    url,
                    _dir: Some(dir),
                    admin_url: None,
                    name: String::new(),
                })
            }
            Backend::Postgres => {
                let admin = std::env::var("LABLOOP_TEST_DATABASE_URL")
                    .ok()
                    .filter(|u| !u.is_empty());
                if !super::prereq::require(
                    "PostgreSQL (LABLOOP_TEST_DATABASE_URL)",
                    admin.is_some(),
                    "set LABLOOP_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
                ) {
                    return None;
                }
                let admin = admin.expect("checked");
                let name = format!("labloop_t_{:016x}", rand::random::<u64>());
                let conn = Database::connect(&admin)
                    .await
                    .expect("connect to LABLOOP_TEST_DATABASE_URL");
                conn.execute(Statement::from_string(
                    conn.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create test database");
                conn.close().await.ok();
                let mut url = url::Url::parse(&admin).expect("LABLOOP_TEST_DATABASE_URL is a URL");
                url.set_path(&name);
                Some(TestDb {
                    url: url.to_string(),
                    _dir: None,
                    admin_url: Some(admin),
                    name,
                })
            }
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(admin) = self.admin_url.clone() else {
            return;
        };
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                if let Ok(conn) = Database::connect(&admin).await {
                    let _ = conn
                        .execute(Statement::from_string(
                            conn.get_database_backend(),
                            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                        ))
                        .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}
