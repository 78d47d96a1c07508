//! The real `labloop serve` process, killed with SIGKILL mid-send and restarted, and
//! two instances sharing one PostgreSQL database.
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use entity::newsletter_issue::{self, Status};
use labloop::config::Config;
use labloop::context::AppContext;
use labloop::domain::EmailAddress;
use labloop::newsletter::{assemble, editors, review};
use sea_orm::EntityTrait;

use crate::helpers::smtp::SmtpServer;
use crate::helpers::{Backend, TestDb, test_config};
use crate::on_both_databases;

const POOL: usize = 4;

/// A running `labloop serve`; killed when dropped.
struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(db: &TestDb, smtp: &SmtpServer, dir: &std::path::Path, send_rate: &str) -> Serve {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_labloop"));
    for (k, _) in std::env::vars() {
        if k.starts_with("LABLOOP_") {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd
        .current_dir(dir)
        .arg("serve")
        .env("LABLOOP_DATABASE_URL", &db.url)
        .env("LABLOOP_SMTP_URL", smtp.url())
        .env("LABLOOP_LISTEN", "127.0.0.1:0")
        .env("LABLOOP_SECRET", "test secret, at least sixteen characters")
        .env("LABLOOP_INBOUND_ADDRESS", "lab@lab.example.org")
        .env("LABLOOP_SMTP_POOL", POOL.to_string())
        .env("LABLOOP_SEND_RATE", send_rate)
        .env("LABLOOP_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(
            std::fs::File::create(dir.join(format!("serve-{}.log", rand::random::<u32>())))
                .map(Stdio::from)
                .unwrap_or_else(|_| Stdio::null()),
        )
        .spawn()
        .expect("start labloop serve");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    out.read_line(&mut line).expect("serve prints its address");
    assert!(line.contains("labloop is running at"), "{line}");
    // Keep reading, as a terminal would.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    Serve(child)
}

/// An approved issue with `n` confirmed subscribers, ready for `serve` to send.
async fn approved_issue(db: &TestDb, dir: &std::path::Path, n: usize) -> AppContext {
    let mut config: Config = test_config(db, dir);
    config.listen = "127.0.0.1:0".parse().unwrap();
    let ctx = AppContext::build(config).await.unwrap();
    let csv: String = std::iter::once("email".to_string())
        .chain((0..n).map(|i| format!("r{i}@example.org")))
        .collect::<Vec<_>>()
        .join("\n");
    labloop::subscriptions::transfer::import(&ctx, csv.as_bytes(), true, Utc::now(), |_| {})
        .await
        .unwrap();
    let ed = editors::add(
        &ctx.db,
        &EmailAddress::parse("ed@lab.example.org").unwrap(),
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assemble::draft(&ctx, Utc::now()).await.unwrap();
    let issue = newsletter_issue::Entity::find().one(&ctx.db).await.unwrap().unwrap();
    assert_eq!(
        review::approve(&ctx, issue.id, &ed, "cli", Utc::now()).await.unwrap(),
        review::Approved::SendStarted { recipients: n as u64 }
    );
    ctx
}

/// Newsletter copies received per recipient.
fn copies(smtp: &SmtpServer) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for m in smtp.received().into_iter().filter(|m| m.header("List-Id").is_some()) {
        for r in m.rcpt_tos {
            *out.entry(r.to_lowercase()).or_insert(0) += 1;
        }
    }
    out
}

/// The serve processes' logs, for failure messages.
fn logs(dir: &std::path::Path) -> String {
    let logs: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".log"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    logs.join("\n----\n")
}

async fn wait_until_sent(ctx: &AppContext, dir: &std::path::Path) {
    for _ in 0..1200 {
        let issue = newsletter_issue::Entity::find().one(&ctx.db).await.unwrap().unwrap();
        if issue.status == Status::Sent {
            return;
        }
        actix_rt::time::sleep(Duration::from_millis(100)).await;
    }
    let p = labloop::newsletter::issues::progress(
        &ctx.db,
        newsletter_issue::Entity::find().one(&ctx.db).await.unwrap().unwrap().id,
    )
    .await
    .unwrap();
    panic!(
        "the issue was not sent within two minutes: {p:?}\nserve logs:\n{}",
        logs(dir)
    );
}

async fn a_send_killed_midway_finishes_after_a_restart_repeating_only_what_was_in_flight(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else { return };
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let n = 400;
    let ctx = approved_issue(&db, dir.path(), n).await;

    let first = serve(&db, &smtp, dir.path(), "100");
    // Let it get about a third of the way, then pull the plug.
    for _ in 0..600 {
        if copies(&smtp).len() >= n / 3 {
            break;
        }
        actix_rt::time::sleep(Duration::from_millis(50)).await;
    }
    drop(first); // SIGKILL
    let at_kill = copies(&smtp).len();
    assert!(
        at_kill > 0 && at_kill < n,
        "killed mid-send ({at_kill} of {n}); logs:\n{}",
        logs(dir.path())
    );

    let _second = serve(&db, &smtp, dir.path(), "0");
    wait_until_sent(&ctx, dir.path()).await;
    let got = copies(&smtp);
    let missing: Vec<usize> = (0..n)
        .filter(|i| !got.contains_key(&format!("r{i}@example.org")))
        .collect();
    assert!(missing.is_empty(), "everyone gets the issue; missing {missing:?}");
    let repeats: usize = got.values().map(|c| c - 1).sum();
    assert!(
        repeats <= POOL,
        "only messages in flight at the kill are repeated: {repeats} repeats with a pool of {POOL}"
    );
}

async fn two_instances_share_a_send_without_duplicates(backend: Backend) {
    let Some(smtp) = SmtpServer::start() else { return };
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let n = 300;
    let ctx = approved_issue(&db, dir_a.path(), n).await;
    let _a = serve(&db, &smtp, dir_a.path(), "150");
    let _b = serve(&db, &smtp, dir_b.path(), "150");
    wait_until_sent(&ctx, dir_a.path()).await;
    let got = copies(&smtp);
    assert_eq!(got.len(), n, "everyone");
    assert!(
        got.values().all(|c| *c == 1),
        "nobody twice: {:?}",
        got.iter().filter(|(_, c)| **c > 1).collect::<Vec<_>>()
    );
}

on_both_databases!(a_send_killed_midway_finishes_after_a_restart_repeating_only_what_was_in_flight);

mod two_instances {
    /// Two instances need a database both can reach: PostgreSQL.
    #[actix_web::test]
    async fn on_postgres() {
        super::two_instances_share_a_send_without_duplicates(crate::helpers::Backend::Postgres).await
    }
}
