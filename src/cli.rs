//! The `labloop` command line.
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use clap::{Parser, Subcommand};

use crate::config::{Config, RawConfig};
use crate::context::AppContext;
use crate::domain::EmailAddress;

/// labloop: the email-and-form workflow engine of an improvement Lab.
#[derive(Parser)]
#[command(name = "labloop", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: ./labloop.toml if it exists).
    #[arg(long, global = true, env = "LABLOOP_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run everything: web server, email delivery, scheduled jobs.
    Serve,
    /// Print the effective configuration (secrets masked) and where each value came from.
    Config,
    /// Apply database migrations and exit.
    Migrate,
    /// Read one raw email on standard input and process it as if it arrived by mail.
    Ingest,
    /// Print what labloop reads in raw emails (stdin, or each FILE): one JSON object per message.
    ParseReply {
        /// Email files; standard input when none.
        files: Vec<PathBuf>,
    },
    /// Subscribers: import, export, erase.
    #[command(subcommand)]
    Subscribers(SubscribersCommand),
}

#[derive(Subcommand)]
pub enum SubscribersCommand {
    /// Import subscribers from a CSV file with an `email` column (and optionally `name`).
    Import {
        file: PathBuf,
        /// Consent was collected elsewhere: confirm at once instead of sending confirmations.
        #[arg(long)]
        confirmed: bool,
    },
    /// Write every subscriber and their consent as CSV on standard output.
    Export,
    /// Erase a subscriber's personal data (a hash stays on the suppression list).
    Erase { email: String },
}

/// Runs the command line; returns the process exit code.
pub async fn run(cli: Cli) -> ExitCode {
    match dispatch(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::ParseReply { files } = &cli.command {
        return crate::inbound::parse_reply::run(files);
    }
    let (config, raw) = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve => crate::startup::serve(config).await?,
        Command::Config => print_config(&raw),
        Command::Migrate => {
            AppContext::build(config).await?;
            println!("database is up to date");
        }
        Command::Ingest => return ingest(config).await,
        Command::Subscribers(cmd) => subscribers(AppContext::build(config).await?, cmd).await?,
        Command::ParseReply { .. } => unreachable!("handled above"),
    }
    Ok(ExitCode::SUCCESS)
}

fn print_config(raw: &RawConfig) {
    let lines = raw.describe();
    let width = lines.iter().map(|(k, _, _)| k.len()).max().unwrap_or(0);
    for (k, v, source) in lines {
        println!("{k:width$}  {v}  ({source})");
    }
}

/// sysexits codes a mail server understands: 65 refuses the message for good
/// (it bounces), 75 asks it to try again later.
const EX_DATAERR: u8 = 65;
const EX_TEMPFAIL: u8 = 75;

async fn ingest(config: Config) -> anyhow::Result<ExitCode> {
    let mut raw = Vec::new();
    std::io::stdin()
        .take(crate::inbound::MAX_MESSAGE_BYTES as u64 + 1)
        .read_to_end(&mut raw)
        .context("cannot read the message from standard input")?;
    let ctx = match AppContext::build(config).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e:#}");
            return Ok(ExitCode::from(EX_TEMPFAIL));
        }
    };
    match crate::inbound::receive(&ctx, &raw, crate::inbound::Via::Ingest, Utc::now()).await {
        Ok(r) => {
            println!("{}: {} ({})", r.status_word(), r.outcome, r.message_id);
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ (crate::inbound::InboundError::NotAnEmail { .. } | crate::inbound::InboundError::TooLarge(_))) => {
            eprintln!("refused: {e}");
            Ok(ExitCode::from(EX_DATAERR))
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(ExitCode::from(EX_TEMPFAIL))
        }
    }
}

async fn subscribers(ctx: AppContext, cmd: SubscribersCommand) -> anyhow::Result<()> {
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
