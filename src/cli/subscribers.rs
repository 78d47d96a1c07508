//! `labloop subscribers import|export|erase`.
use std::io::{IsTerminal, Write};

use anyhow::Context;
use chrono::Utc;

use super::SubscribersCommand;
use crate::context::AppContext;
use crate::domain::EmailAddress;

/// Runs a subscribers command.
pub async fn run(ctx: AppContext, cmd: SubscribersCommand) -> anyhow::Result<()> {
    use crate::subscriptions::transfer;
    match cmd {
        SubscribersCommand::Export => {
            let stdout = std::io::stdout();
            let n = transfer::export(&ctx.db, stdout.lock()).await?;
            eprintln!("exported {n} subscribers");
        }
        SubscribersCommand::Import { file, confirmed } => {
            let f = std::fs::File::open(&file).with_context(|| format!("cannot open {}", file.display()))?;
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            let bar = if std::io::stderr().is_terminal() {
                indicatif::ProgressBar::new(size).with_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta} left")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                )
            } else {
                indicatif::ProgressBar::hidden()
            };
            let report = transfer::import(&ctx, std::io::BufReader::new(f), confirmed, Utc::now(), |b| {
                bar.set_position(b)
            })
            .await?;
            bar.finish_and_clear();
            let mut err = std::io::stderr().lock();
            for (line, why) in &report.errors {
                writeln!(err, "line {line}: {why}")?;
            }
            for (line, why) in &report.skipped {
                writeln!(err, "line {line}: skipped {why}")?;
            }
            println!(
                "imported {} new ({}), confirmed {} pending, {} unchanged, {} skipped, {} bad rows",
                report.added,
                if confirmed {
                    "confirmed"
                } else {
                    "confirmation emails queued"
                },
                report.upgraded,
                report.unchanged,
                report.skipped.len(),
                report.errors.len()
            );
        }
        SubscribersCommand::Erase { email } => {
            let email = EmailAddress::parse(&email).map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
            let e = transfer::erase(&ctx.db, &email, Utc::now()).await?;
            println!(
                "erased {email}: {}, {} sent emails and {} received messages removed; the address stays suppressed",
                if e.subscriber {
                    "subscriber removed"
                } else {
                    "no subscriber record"
                },
                e.emails,
                e.inbound
            );
        }
    }
    Ok(())
}
