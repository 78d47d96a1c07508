//! A real SMTP server process (Python's aiosmtpd) that writes what it receives to a folder.
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::prereq::{command_works, require};

/// One message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub data: Vec<u8>,
}

impl Received {
    /// The decoded plain-text body.
    pub fn body_text(&self) -> String {
        body_text(&self.data)
    }

    /// A header's raw value.
    pub fn header(&self, name: &str) -> Option<String> {
        let m = mail_parser::MessageParser::default().parse(&self.data)?;
        m.header_raw(name.to_string()).map(|v| v.trim().to_string())
    }
}

/// The decoded plain-text body of a raw message, with plain `\n` line ends.
pub fn body_text(raw: &[u8]) -> String {
    mail_parser::MessageParser::default()
        .parse(raw)
        .and_then(|m| m.body_text(0).map(|b| b.replace("\r\n", "\n")))
        .unwrap_or_default()
}

/// The running server; stopped when dropped.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts the server, or returns None (test skipped) when aiosmtpd is missing.
    pub fn start() -> Option<Self> {
        let available = command_works("python3", &["-c", "import aiosmtpd"]);
        if !require(
            "python3 with aiosmtpd",
            available,
            "pip install aiosmtpd; .ci/run installs it",
        ) {
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/smtp_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read READY");
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("SMTP server said {line:?}"));
        Some(SmtpServer { child, port, dir })
    }

    /// The URL labloop is configured with.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let env: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(p.with_extension("json")).expect("envelope")).expect("json");
                Received {
                    mail_from: env["mail_from"].as_str().unwrap_or("").to_string(),
                    rcpt_tos: env["rcpt_tos"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
                        .unwrap_or_default(),
                    data: std::fs::read(&p).expect("eml"),
                }
            })
            .collect()
    }

    /// Messages received for one recipient.
    pub fn received_by(&self, rcpt: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.rcpt_tos.iter().any(|t| t.eq_ignore_ascii_case(rcpt)))
            .collect()
    }

    /// Refuses every message with 451 for `secs` seconds from now.
    pub fn tempfail_for(&self, secs: u64) {
        let until = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            + Duration::from_secs(secs);
        self.write_faults(serde_json::json!({ "tempfail_until": until.as_secs_f64() }));
    }

    /// Refuses these recipients with 550.
    pub fn reject(&self, addresses: &[&str]) {
        self.write_faults(serde_json::json!({ "reject": addresses }));
    }

    /// Accepts everything again.
    pub fn heal(&self) {
        self.write_faults(serde_json::json!({}));
    }

    fn write_faults(&self, v: serde_json::Value) {
        let tmp = self.dir.path().join("faults.json.tmp");
        std::fs::write(&tmp, v.to_string()).expect("write faults");
        std::fs::rename(tmp, self.dir.path().join("faults.json")).expect("move faults");
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
