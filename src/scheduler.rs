//! Scheduled jobs: cron strings from the configuration, in the programme's timezone.

/// Parses a cron expression (seconds optional) as the scheduler will read it.
pub fn parse_schedule(expr: &str) -> anyhow::Result<croner::Cron> {
    croner::Cron::new(expr)
        .with_seconds_optional()
        .parse()
        .map_err(|e| anyhow::anyhow!("not a valid cron expression: {e}"))
}
