//! The table of every configuration key: name, default, secrecy and help.

/// One configuration key: its name in `labloop.toml` (`table.key` for nested keys),
/// its default, whether it is secret, and what it is for.
pub struct Key {
    pub name: &'static str,
    pub default: Option<&'static str>,
    pub secret: bool,
    pub help: &'static str,
}

impl Key {
    /// The environment variable that overrides this key: `LABLOOP_` + upper-cased name.
    pub fn env_name(&self) -> String {
        format!("LABLOOP_{}", self.name.replace('.', "_").to_ascii_uppercase())
    }
}

const fn key(name: &'static str, default: Option<&'static str>, secret: bool, help: &'static str) -> Key {
    Key {
        name,
        default,
        secret,
        help,
    }
}

/// Every configuration key labloop understands.
pub const KEYS: &[Key] = &[
    key(
        "database_url",
        Some("sqlite://labloop.db"),
        true,
        "Database URL: sqlite://FILE or postgres://…",
    ),
    key(
        "smtp_url",
        None,
        true,
        "SMTP server, smtp://[user:pass@]host:port or smtps://…; unset: write .eml files to outbox_dir",
    ),
    key(
        "outbox_dir",
        Some("outbox"),
        false,
        "Folder for .eml files when no SMTP server is configured",
    ),
    key(
        "listen",
        Some("127.0.0.1:8080"),
        false,
        "Address the web server listens on",
    ),
    key(
        "base_url",
        None,
        false,
        "Public URL used in links (default http://<listen>)",
    ),
    key(
        "secret",
        None,
        true,
        "Key that signs links and reply addresses (unset: generated once and stored in the database)",
    ),
    key(
        "from",
        None,
        false,
        "From address of outgoing mail (default \"<lab_name> <inbound_address>\")",
    ),
    key(
        "inbound_address",
        Some("lab@localhost"),
        false,
        "Base address replies go to; plus-addresses hang off it",
    ),
    key("api_key", None, true, "Bearer key for /api (unset: /api is disabled)"),
    key(
        "inbound_key",
        None,
        true,
        "Bearer key for POST /inbound (unset: the endpoint is disabled)",
    ),
    key("smtp_pool", Some("4"), false, "SMTP connections used in parallel"),
    key(
        "send_rate",
        Some("0"),
        false,
        "Messages per second sent to SMTP (0 = unlimited)",
    ),
    key(
        "signup_rate_limit",
        Some("20"),
        false,
        "Sign-ups accepted per client IP per hour (0 = no limit)",
    ),
    key(
        "trust_proxy",
        Some("false"),
        false,
        "Take the client IP from X-Forwarded-For (only behind your own proxy)",
    ),
    key(
        "lab_name",
        Some("Improvement Lab"),
        false,
        "The Lab's name, used in emails and pages",
    ),
    key(
        "templates_dir",
        None,
        false,
        "Folder whose templates override the built-in ones",
    ),
    key(
        "timezone",
        Some("Europe/London"),
        false,
        "The programme's timezone (schedules and cycle periods)",
    ),
    key("cadence", Some("monthly"), false, "Cycle length: monthly or weekly"),
    key(
        "jobs.cycle_reminders",
        Some("0 0 9 1 * *"),
        false,
        "When cycles open and reminders go out (cron, or \"off\")",
    ),
    key(
        "jobs.cycle_followups",
        Some("0 0 9 15 * *"),
        false,
        "When teams that have not answered get a follow-up (cron, or \"off\")",
    ),
    key(
        "jobs.cycle_close",
        Some("0 55 23 L * *"),
        false,
        "When cycles close (cron, or \"off\")",
    ),
    key(
        "jobs.newsletter_draft",
        Some("0 0 9 2 * *"),
        false,
        "When the newsletter draft for the period just ended is made (cron, or \"off\")",
    ),
    key(
        "approvals_required",
        Some("1"),
        false,
        "Editor approvals needed before a newsletter is sent",
    ),
];
