//! Configuration: `labloop.toml` plus `LABLOOP_*` environment variables, env winning.
//!
//! Every key is declared once in [`KEYS`]; the file, the environment, `labloop config`
//! and the error messages all work from that table, so a bad value is always reported
//! with the name the operator typed.

mod keys;
mod raw;
mod values;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};

use crate::domain::EmailAddress;

pub use keys::{KEYS, Key};
pub use raw::{RawConfig, Source};
use values::{parse_base_url, parse_bool, parse_cron, parse_database_url, parse_range, parse_smtp_url, required};

/// How long a testing cycle lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cadence {
    Monthly,
    Weekly,
}

/// The validated configuration every part of labloop reads.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub smtp_url: Option<String>,
    pub outbox_dir: PathBuf,
    pub listen: SocketAddr,
    pub base_url: String,
    /// True when `base_url` was not configured and follows the listen address.
    pub base_url_follows_listen: bool,
    pub secret: Option<String>,
    pub from: lettre::message::Mailbox,
    pub inbound_address: EmailAddress,
    pub api_key: Option<String>,
    pub inbound_key: Option<String>,
    pub smtp_pool: u32,
    pub send_rate: f64,
    pub signup_rate_limit: u32,
    pub trust_proxy: bool,
    pub lab_name: String,
    pub templates_dir: Option<PathBuf>,
    pub timezone: chrono_tz::Tz,
    pub cadence: Cadence,
    pub jobs: JobSchedules,
    pub approvals_required: u32,
}

/// The cron expression of each scheduled job; `None` when switched off.
#[derive(Clone, Debug, Default)]
pub struct JobSchedules {
    pub cycle_reminders: Option<String>,
    pub cycle_followups: Option<String>,
    pub cycle_close: Option<String>,
    pub newsletter_draft: Option<String>,
}

impl Config {
    /// Loads `labloop.toml` (or `file`) and the process environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<(Config, RawConfig)> {
        let default = Path::new("labloop.toml");
        let file = file.or_else(|| default.exists().then_some(default));
        let raw = RawConfig::load(file, |k| std::env::var(k).ok())?;
        Ok((Config::from_raw(&raw)?, raw))
    }

    /// Validates raw values into a [`Config`]; the first bad key is the error.
    pub fn from_raw(raw: &RawConfig) -> anyhow::Result<Config> {
        let text = |s: &str| -> anyhow::Result<String> { Ok(s.trim().to_string()) };
        let listen: SocketAddr = required(
            raw.parse("listen", |s| {
                s.parse().context("expected HOST:PORT, e.g. 127.0.0.1:8080")
            })?,
            "listen",
        )?;
        let database_url = required(raw.parse("database_url", parse_database_url)?, "database_url")?;
        let smtp_url = raw.parse("smtp_url", parse_smtp_url)?;
        let inbound_address = required(
            raw.parse("inbound_address", |s| EmailAddress::parse(s).map_err(|e| anyhow!(e)))?,
            "inbound_address",
        )?;
        let lab_name = required(
            raw.parse("lab_name", |s| {
                if s.chars().any(char::is_control) {
                    bail!("must be one line of text");
                }
                text(s)
            })?,
            "lab_name",
        )?;
        let configured_base = raw.parse("base_url", parse_base_url)?;
        let base_url_follows_listen = configured_base.is_none();
        let base_url = configured_base.unwrap_or_else(|| format!("http://{listen}"));
        let from = match raw.parse("from", |s| {
            s.parse::<lettre::message::Mailbox>()
                .map_err(|e| anyhow!("expected \"Name <address>\" ({e})"))
        })? {
            Some(m) => m,
            None => lettre::message::Mailbox::new(Some(lab_name.clone()), inbound_address.to_lettre()?),
        };
        let secret = raw.parse("secret", |s| {
            if s.len() < 16 {
                bail!("must be at least 16 characters");
            }
            Ok(s.to_string())
        })?;
        let key_value = |s: &str| -> anyhow::Result<String> {
            if s.len() < 8 {
                bail!("must be at least 8 characters");
            }
            Ok(s.to_string())
        };
        let jobs = JobSchedules {
            cycle_reminders: raw.parse("jobs.cycle_reminders", parse_cron)?.flatten(),
            cycle_followups: raw.parse("jobs.cycle_followups", parse_cron)?.flatten(),
            cycle_close: raw.parse("jobs.cycle_close", parse_cron)?.flatten(),
            newsletter_draft: raw.parse("jobs.newsletter_draft", parse_cron)?.flatten(),
        };
        Ok(Config {
            database_url,
            smtp_url,
            outbox_dir: required(raw.parse("outbox_dir", |s| Ok(PathBuf::from(s)))?, "outbox_dir")?,
            listen,
            base_url,
            base_url_follows_listen,
            secret,
            from,
            inbound_address,
            api_key: raw.parse("api_key", key_value)?,
            inbound_key: raw.parse("inbound_key", key_value)?,
            smtp_pool: required(raw.parse("smtp_pool", |s| parse_range(s, 1, 100))?, "smtp_pool")?,
            send_rate: required(
                raw.parse("send_rate", |s| {
                    let r: f64 = s.parse().context("expected a number of messages per second")?;
                    if !(0.0..=100_000.0).contains(&r) {
                        bail!("must be between 0 and 100000");
                    }
                    Ok(r)
                })?,
                "send_rate",
            )?,
            signup_rate_limit: required(
                raw.parse("signup_rate_limit", |s| parse_range(s, 0, 1_000_000))?,
                "signup_rate_limit",
            )?,
            trust_proxy: required(raw.parse("trust_proxy", parse_bool)?, "trust_proxy")?,
            lab_name,
            templates_dir: raw.parse("templates_dir", |s| {
                let p = PathBuf::from(s);
                if !p.is_dir() {
                    bail!("not a folder");
                }
                Ok(p)
            })?,
            timezone: required(
                raw.parse("timezone", |s| {
                    s.parse::<chrono_tz::Tz>()
                        .map_err(|_| anyhow!("unknown timezone (use a name like Europe/London)"))
                })?,
                "timezone",
            )?,
            cadence: required(
                raw.parse("cadence", |s| match s.to_ascii_lowercase().as_str() {
                    "monthly" => Ok(Cadence::Monthly),
                    "weekly" => Ok(Cadence::Weekly),
                    _ => bail!("expected monthly or weekly"),
                })?,
                "cadence",
            )?,
            jobs,
            approvals_required: required(
                raw.parse("approvals_required", |s| parse_range(s, 1, 100))?,
                "approvals_required",
            )?,
        })
    }

    /// The domain of the inbound address, used for Message-IDs.
    pub fn mail_domain(&self) -> &str {
        self.inbound_address.domain()
    }

    /// An absolute link to `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(toml: &str, env: &[(&str, &str)]) -> anyhow::Result<Config> {
        let mut raw = RawConfig::load(None, |k| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()))?;
        raw.apply_toml(toml)?;
        for (k, v) in env {
            if let Some(key) = KEYS.iter().find(|key| key.env_name() == *k) {
                raw.values.insert(key.name, (v.to_string(), Source::Env));
            }
        }
        Config::from_raw(&raw)
    }

    #[test]
    fn defaults_give_a_working_configuration() {
        let c = load("", &[]).unwrap();
        assert_eq!(c.database_url, "sqlite://labloop.db");
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert!(c.smtp_url.is_none());
        assert_eq!(c.from.to_string(), "Improvement Lab <lab@localhost>");
        assert_eq!(c.jobs.cycle_reminders.as_deref(), Some("0 0 9 1 * *"));
    }

    #[test]
    fn the_environment_wins_over_the_file() {
        let c = load("listen = \"127.0.0.1:9000\"\n", &[("LABLOOP_LISTEN", "127.0.0.1:9100")]).unwrap();
        assert_eq!(c.listen.port(), 9100);
    }

    #[test]
    fn nested_keys_come_from_tables_and_from_env() {
        let c = load(
            "[jobs]\ncycle_followups = \"off\"\n",
            &[("LABLOOP_JOBS_CYCLE_CLOSE", "0 0 18 28 * *")],
        )
        .unwrap();
        assert!(c.jobs.cycle_followups.is_none());
        assert_eq!(c.jobs.cycle_close.as_deref(), Some("0 0 18 28 * *"));
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let cases = [
            ("LABLOOP_LISTEN", "nonsense", "LABLOOP_LISTEN"),
            ("LABLOOP_SMTP_URL", "http://x", "smtp_url"),
            ("LABLOOP_SEND_RATE", "fast", "send_rate"),
            ("LABLOOP_SMTP_POOL", "0", "smtp_pool"),
            ("LABLOOP_INBOUND_ADDRESS", "not an address", "inbound_address"),
            ("LABLOOP_TIMEZONE", "Mars/Olympus", "timezone"),
            ("LABLOOP_JOBS_CYCLE_REMINDERS", "every tuesday", "jobs.cycle_reminders"),
            ("LABLOOP_SECRET", "short", "LABLOOP_SECRET"),
        ];
        for (env, value, expected) in cases {
            let err = load("", &[(env, value)])
                .err()
                .unwrap_or_else(|| panic!("{env}={value} was accepted"));
            assert!(
                err.to_string().contains(expected),
                "{env}={value}: error {err:#} does not name {expected}"
            );
        }
    }

    #[test]
    fn unknown_keys_in_the_file_are_refused() {
        let err = load("lisen = \"x\"\n", &[]).unwrap_err();
        assert!(format!("{err:#}").contains("unknown key `lisen`"), "{err:#}");
    }

    #[test]
    fn secrets_are_masked_when_described() {
        let mut raw = RawConfig::load(None, |_| None).unwrap();
        raw.apply_toml("smtp_url = \"smtp://user:hunter2hunter2@mail.example.org:587\"\napi_key = \"abcdefghijkl\"\n")
            .unwrap();
        let lines = raw.describe();
        let text = format!("{lines:?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("abcdefghijkl"), "{text}");
        assert!(text.contains("mail.example.org"), "{text}");
    }
}
