//! The `labloop` command line.
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use clap::{Parser, Subcommand};

use crate::config::{Config, RawConfig};
use crate::context::AppContext;

mod cycles;
mod newsletter;
mod subscribers;

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
    /// Test teams: add, list.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Team members: add, remove.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Inbound mail held for a person to look at.
    #[command(subcommand)]
    Held(HeldCommand),
    /// Scheduled jobs: list them, or run one now.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Cycle records.
    #[command(subcommand)]
    Records(RecordsCommand),
    /// Newsletter editors.
    #[command(subcommand)]
    Editor(EditorCommand),
    /// Newsletter issues: list, approve, follow a send.
    #[command(subcommand)]
    Newsletter(NewsletterCommand),
}

#[derive(Subcommand)]
pub enum EditorCommand {
    /// Add an editor (they sign in at /admin with a link sent by email).
    Add {
        email: String,
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum NewsletterCommand {
    /// List issues with their status and delivery counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Approve an issue on an editor's behalf.
    Approve {
        id: i64,
        #[arg(long, value_name = "EMAIL")]
        editor: String,
    },
    /// Show how far an issue's send has got (a live progress bar on a terminal).
    Status { id: i64 },
    /// Print an issue as subscribers get it: the text (default), the HTML, or the whole
    /// message as sent (with a sample address in place of a subscriber's).
    Preview {
        id: i64,
        #[arg(long, conflicts_with = "raw")]
        html: bool,
        #[arg(long)]
        raw: bool,
    },
}

#[derive(Subcommand)]
pub enum TeamCommand {
    /// Add a test team with its members.
    Add {
        name: String,
        /// A member's email address (repeat for each member).
        #[arg(long = "member", value_name = "EMAIL")]
        members: Vec<String>,
    },
    /// List teams and their members.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum MemberCommand {
    /// Put someone on a team.
    Add {
        team: String,
        email: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// Take someone off a team (their past records stay).
    Remove { team: String, email: String },
}

#[derive(Subcommand)]
pub enum HeldCommand {
    /// List held messages, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum JobsCommand {
    /// Each job with its schedule, next run and last run.
    List,
    /// Run a job now (cycle-reminders, cycle-followups, cycle-close, newsletter-draft).
    Run { name: String },
}

#[derive(Subcommand)]
pub enum RecordsCommand {
    /// Write every cycle record on standard output.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
    },
}

/// Output format of `labloop records export`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
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
        Command::Subscribers(cmd) => subscribers::run(AppContext::build(config).await?, cmd).await?,
        Command::Team(cmd) => cycles::team(AppContext::build(config).await?, cmd).await?,
        Command::Member(cmd) => cycles::member(AppContext::build(config).await?, cmd).await?,
        Command::Held(HeldCommand::List { json }) => cycles::held(AppContext::build(config).await?, json).await?,
        Command::Jobs(cmd) => cycles::jobs(AppContext::build(config).await?, cmd).await?,
        Command::Records(RecordsCommand::Export { format }) => {
            cycles::export(AppContext::build(config).await?, format).await?
        }
        Command::Editor(cmd) => newsletter::editor(AppContext::build(config).await?, cmd).await?,
        Command::Newsletter(cmd) => newsletter::run(AppContext::build(config).await?, cmd).await?,
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
