//! The project's own reply fixtures (`tests/fixtures/replies/NN-name.eml` with the JSON
//! a careful reader would record beside it), through `parse_reply` as the
//! `labloop parse-reply` command prints it.
use std::path::PathBuf;

use labloop::inbound::parse_reply::parse_reply;
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/replies");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
}

/// Whitespace-insensitive text: lines trimmed, blank lines dropped.
fn norm(v: &Value) -> Value {
    match v {
        Value::String(s) => Value::String(
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), norm(v))).collect()),
        other => other.clone(),
    }
}

/// Every difference between what labloop read and what the fixture expects.
fn differences(got: &Value, want: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["kind", "needs_review"] {
        if got[key] != want[key] {
            out.push(format!("{key}: got {}, want {}", got[key], want[key]));
        }
    }
    if want["kind"] == "cycle_reply" {
        for field in [
            "change",
            "prediction",
            "what_happened",
            "measures",
            "learning",
            "decision",
            "next_steps",
        ] {
            let (g, w) = (norm(&got["fields"][field]), norm(&want["fields"][field]));
            if g != w {
                out.push(format!("{field}:\n    got  {g}\n    want {w}"));
            }
        }
    }
    out
}

/// The count of fixtures read exactly right (kind, review flag and every field) may
/// only go up.
const FLOOR: usize = 3690;

#[test]
fn every_reply_fixture_is_read_as_a_careful_person_would() {
    let files = fixtures();
    assert!(files.len() >= 40, "at least 40 fixtures, found {}", files.len());
    let mut passed = 0;
    let mut report = Vec::new();
    for eml in &files {
        let raw = std::fs::read(eml).unwrap();
        let want: Value = serde_json::from_slice(&std::fs::read(eml.with_extension("json")).unwrap()).unwrap();
        let got = serde_json::to_value(parse_reply(&raw)).unwrap();
        let diffs = differences(&got, &want);
        if diffs.is_empty() {
            passed += 1;
        } else {
            report.push(format!(
                "{}:\n  {}",
                eml.file_name().unwrap().to_string_lossy(),
                diffs.join("\n  ")
            ));
        }
    }
    println!(
        "reply fixtures: {passed} of {} read exactly right\n{}",
        files.len(),
        report.join("\n")
    );
    assert!(
        passed >= FLOOR,
        "{passed} of {} (floor {FLOOR})\n{}",
        files.len(),
        report.join("\n")
    );
}
