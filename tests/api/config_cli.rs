//! The `labloop` binary as an operator uses it: configuration, migrate, ingest,
//! parse-reply and the subscriber commands.
use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::helpers::{Backend, TestDb};
use crate::inbound::fixture;
use crate::on_both_databases;
use sea_orm::{EntityTrait, PaginatorTrait};

/// Runs `labloop ARGS` in `dir` with a clean LABLOOP_* environment plus `env`.
pub fn labloop(dir: &std::path::Path, env: &[(&str, &str)], args: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_labloop"));
    cmd.current_dir(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, _) in std::env::vars() {
        if k.starts_with("LABLOOP_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("LABLOOP_LOG", "info");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run labloop");
    child.stdin.take().expect("stdin").write_all(stdin).ok();
    child.wait_with_output().expect("labloop finished")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn config_prints_the_effective_values_with_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("labloop.toml"),
        "listen = \"127.0.0.1:9000\"\nlab_name = \"Q Lab\"\n",
    )
    .unwrap();
    let out = labloop(
        dir.path(),
        &[
            ("LABLOOP_LISTEN", "127.0.0.1:9100"),
            ("LABLOOP_SMTP_URL", "smtp://mailer:s3cretpassword@mail.example.org:587"),
            ("LABLOOP_API_KEY", "very-secret-api-key"),
        ],
        &["config"],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("127.0.0.1:9100  (environment)"), "env wins: {stdout}");
    assert!(stdout.contains("Q Lab  (labloop.toml)"), "{stdout}");
    assert!(
        !stdout.contains("s3cretpassword") && !stdout.contains("very-secret-api-key"),
        "{stdout}"
    );
    assert!(stdout.contains("mail.example.org"), "{stdout}");
}

#[test]
fn a_bad_configuration_value_is_a_clear_error_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    for (key, value, named) in [
        ("LABLOOP_LISTEN", "everywhere", "LABLOOP_LISTEN"),
        ("LABLOOP_SEND_RATE", "-1", "LABLOOP_SEND_RATE"),
        ("LABLOOP_DATABASE_URL", "mysql://x", "LABLOOP_DATABASE_URL"),
    ] {
        let out = labloop(dir.path(), &[(key, value)], &["config"], b"");
        assert!(!out.status.success(), "{key}={value} accepted");
        assert!(text(&out.stderr).contains(named), "{key}: {}", text(&out.stderr));
    }
}

#[test]
fn parse_reply_prints_one_json_line_per_file_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = format!("{}/tests/fixtures/inbound", env!("CARGO_MANIFEST_DIR"));
    let files = ["join.eml", "out-of-office.eml", "leave.eml", "binary-junk.bin"].map(|f| format!("{fixtures}/{f}"));
    let args: Vec<&str> = std::iter::once("parse-reply")
        .chain(files.iter().map(String::as_str))
        .collect();
    let out = labloop(dir.path(), &[], &args, b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let kinds: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        ["subscribe_request", "auto_reply", "unsubscribe_request", "other"]
    );
    assert!(!dir.path().join("labloop.db").exists(), "parse-reply needs no database");

    // A file that cannot be read keeps its line (and fails the command); the files after
    // it are read as if it were not there.
    let missing = format!("{fixtures}/no-such-file.eml");
    let out = labloop(dir.path(), &[], &["parse-reply", &files[1], &missing, &files[0]], b"");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("cannot read"), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["kind"], "auto_reply");
    assert!(
        lines[1]["warnings"][0].as_str().unwrap().contains("cannot read"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["kind"], "subscribe_request");

    let out = labloop(dir.path(), &[], &["parse-reply"], &fixture("join.eml"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "subscribe_request");
    for key in ["reply_text", "fields", "needs_review", "warnings"] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
}

/// The environment a CLI test runs `labloop` with: its own database, a fixed secret
/// and inbound address.
pub fn cli_env(db: &TestDb) -> [(&'static str, &str); 3] {
    [
        ("LABLOOP_DATABASE_URL", db.url.as_str()),
        ("LABLOOP_SECRET", "a secret that is long enough"),
        ("LABLOOP_INBOUND_ADDRESS", "lab@lab.example.org"),
    ]
}

async fn ingest_processes_a_message_and_refuses_junk_with_a_status_a_mail_server_understands(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = cli_env(&db);

    let out = labloop(dir.path(), &env, &["ingest"], &fixture("join.eml"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("processed:"), "{}", text(&out.stdout));

    let out = labloop(dir.path(), &env, &["ingest"], &fixture("join.eml"));
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("duplicate:"), "{}", text(&out.stdout));

    for junk in [fixture("binary-junk.bin"), Vec::new()] {
        let out = labloop(dir.path(), &env, &["ingest"], &junk);
        assert_eq!(out.status.code(), Some(65), "EX_DATAERR: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("not an email"), "{}", text(&out.stderr));
    }

    let out = labloop(dir.path(), &env, &["subscribers", "export"], b"");
    assert!(out.status.success());
    let csv = text(&out.stdout);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("rhys.evans@hb.example.wales,Rhys Evans,pending")),
        "{csv}"
    );
}

async fn import_reports_bad_rows_by_line_and_is_idempotent(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = cli_env(&db);
    let csv = "email,name\nada@example.org,Ada\nnot-an-address,Bad\ngrace@example.org,\"Grace, Rear Admiral\"\n,Empty\nbob@example.org,\"Bob\nBcc: x@example.com\"\n";
    std::fs::write(dir.path().join("people.csv"), csv).unwrap();

    let out = labloop(dir.path(), &env, &["subscribers", "import", "people.csv"], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("line 3: not-an-address"), "{stderr}");
    assert!(stderr.contains("line 5:"), "empty address reported: {stderr}");
    assert!(
        stderr.contains("line 6: bob@example.org"),
        "a multi-line name is refused: {stderr}"
    );
    assert!(text(&out.stdout).contains("imported 2 new"), "{}", text(&out.stdout));

    let again = labloop(dir.path(), &env, &["subscribers", "import", "people.csv"], b"");
    assert!(
        text(&again.stdout).contains("imported 0 new") && text(&again.stdout).contains("2 unchanged"),
        "{}",
        text(&again.stdout)
    );

    let out = labloop(
        dir.path(),
        &env,
        &["subscribers", "import", "people.csv", "--confirmed"],
        b"",
    );
    assert!(
        text(&out.stdout).contains("confirmed 2 pending"),
        "{}",
        text(&out.stdout)
    );

    let export = text(&labloop(dir.path(), &env, &["subscribers", "export"], b"").stdout);
    assert!(export.contains("ada@example.org,Ada,confirmed"), "{export}");
    assert!(export.contains("\"Grace, Rear Admiral\""), "{export}");
    assert!(export.lines().next().unwrap().contains("consent_channel"), "{export}");

    // Erase: gone from the export, and never re-imported.
    let out = labloop(dir.path(), &env, &["subscribers", "erase", "ADA@example.org"], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let export = text(&labloop(dir.path(), &env, &["subscribers", "export"], b"").stdout);
    assert!(!export.contains("ada@example.org"), "{export}");
    let out = labloop(
        dir.path(),
        &env,
        &["subscribers", "import", "people.csv", "--confirmed"],
        b"",
    );
    assert!(
        text(&out.stderr).contains("line 2: skipped ada@example.org: erased"),
        "{}",
        text(&out.stderr)
    );
    let export = text(&labloop(dir.path(), &env, &["subscribers", "export"], b"").stdout);
    assert!(!export.contains("ada@example.org"), "{export}");
}

/// An import larger than one transaction's chunk (500 rows): every good row lands once,
/// a repeated address inside the file is one subscriber, a bad row past the first chunk
/// is reported by its line, and each pending one has exactly one confirmation queued.
async fn a_large_import_lands_every_row_once(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = cli_env(&db);
    let mut csv = String::from("email,name\n");
    for i in 0..1_200 {
        csv.push_str(&format!("member{i}@trust.example.org,Member {i}\n"));
    }
    csv.push_str("member7@trust.example.org,Member Seven Again\nnot an address,Bad\n");
    std::fs::write(dir.path().join("big.csv"), &csv).unwrap();

    let out = labloop(dir.path(), &env, &["subscribers", "import", "big.csv"], b"");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 1200 new"), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("line 1203: not an address"),
        "{}",
        text(&out.stderr)
    );

    let export = text(&labloop(dir.path(), &env, &["subscribers", "export"], b"").stdout);
    assert_eq!(export.lines().count(), 1 + 1_200, "header and one line per address");
    assert_eq!(export.matches("member7@trust.example.org,").count(), 1);
    assert!(export.contains("member1199@trust.example.org,Member 1199,pending"));
    let conn = sea_orm::Database::connect(db.url.as_str()).await.unwrap();
    let queued = entity::outbox::Entity::find().count(&conn).await.unwrap();
    assert_eq!(queued, 1_200, "one confirmation per new address");

    let again = labloop(dir.path(), &env, &["subscribers", "import", "big.csv"], b"");
    assert!(
        text(&again.stdout).contains("imported 0 new"),
        "{}",
        text(&again.stdout)
    );
    assert_eq!(entity::outbox::Entity::find().count(&conn).await.unwrap(), 1_200);
}

async fn migrate_creates_the_schema(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = labloop(
        dir.path(),
        &[("LABLOOP_DATABASE_URL", db.url.as_str())],
        &["migrate"],
        b"",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("up to date"));
    assert!(
        text(&out.stderr).contains("generated one"),
        "a missing secret is generated with a warning: {}",
        text(&out.stderr)
    );
}

on_both_databases!(
    ingest_processes_a_message_and_refuses_junk_with_a_status_a_mail_server_understands,
    import_reports_bad_rows_by_line_and_is_idempotent,
    a_large_import_lands_every_row_once,
    migrate_creates_the_schema,
);

#[test]
fn the_readme_documents_every_configuration_key() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for key in labloop::config::KEYS {
        assert!(
            readme.contains(&format!("`{}`", key.env_name())),
            "README lacks {}",
            key.env_name()
        );
    }
}
