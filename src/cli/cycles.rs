//! `labloop team|member|held|jobs|records`: the operator's side of testing cycles.
use chrono::Utc;

use super::{ExportFormat, JobsCommand, MemberCommand, TeamCommand};
use crate::context::AppContext;
use crate::cycles::teams;
use crate::domain::EmailAddress;
use crate::scheduler::Job;

fn address(s: &str) -> anyhow::Result<EmailAddress> {
    EmailAddress::parse(s).map_err(|e| anyhow::anyhow!("{s}: {e}"))
}

/// `labloop team add|list`.
pub async fn team(ctx: AppContext, cmd: TeamCommand) -> anyhow::Result<()> {
    match cmd {
        TeamCommand::Add { name, members } => {
            let members = members.iter().map(|m| address(m)).collect::<anyhow::Result<Vec<_>>>()?;
            let team = teams::add_team(&ctx.db, &name, &members, Utc::now()).await?;
            println!(
                "added team {:?} (id {}) with {} members",
                team.name,
                team.id,
                members.len()
            );
        }
        TeamCommand::List { json } => {
            let all = teams::list(&ctx.db).await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&all)?);
            } else if all.is_empty() {
                println!("no teams yet: add one with `labloop team add NAME --member EMAIL`");
            } else {
                for t in all {
                    println!("{} (id {}): {} members", t.name, t.id, t.members.len());
                    for m in t.members {
                        let name = m.name.map(|n| format!("{n} ")).unwrap_or_default();
                        println!("  {name}<{}>{}", m.email, if m.bouncing { "  [bouncing]" } else { "" });
                    }
                }
            }
        }
    }
    Ok(())
}

/// `labloop member add|remove`.
pub async fn member(ctx: AppContext, cmd: MemberCommand) -> anyhow::Result<()> {
    match cmd {
        MemberCommand::Add { team, email, name } => {
            let t = teams::team_named(&ctx.db, &team).await?;
            let email = address(&email)?;
            if name.as_deref().is_some_and(|n| n.chars().any(char::is_control)) {
                anyhow::bail!("a name must be one line");
            }
            if teams::add_member(&ctx.db, &t, &email, name.as_deref(), Utc::now()).await? {
                println!("{email} is now on {}", t.name);
            } else {
                println!("{email} was already on {}", t.name);
            }
        }
        MemberCommand::Remove { team, email } => {
            let t = teams::team_named(&ctx.db, &team).await?;
            let email = address(&email)?;
            if !teams::remove_member(&ctx.db, &t, &email).await? {
                anyhow::bail!("{email} is not on {}", t.name);
            }
            println!("{email} is no longer on {}", t.name);
        }
    }
    Ok(())
}

/// `labloop held list`.
pub async fn held(ctx: AppContext, json: bool) -> anyhow::Result<()> {
    let held = crate::inbound::held::list(&ctx.db).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&held)?);
        return Ok(());
    }
    if held.is_empty() {
        println!("no held messages");
    }
    for h in held {
        println!(
            "#{}  {}  from {}  {:?}\n    {}",
            h.id,
            h.received_at.format("%Y-%m-%d %H:%M"),
            h.from.as_deref().unwrap_or("(unknown)"),
            h.subject.as_deref().unwrap_or(""),
            h.reason
        );
    }
    Ok(())
}

/// `labloop jobs list|run`.
pub async fn jobs(ctx: AppContext, cmd: JobsCommand) -> anyhow::Result<()> {
    match cmd {
        JobsCommand::List => {
            for j in crate::scheduler::status(&ctx, Utc::now()).await? {
                let schedule = j.schedule.as_deref().unwrap_or("off");
                let next = j
                    .next_run
                    .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
                    .unwrap_or_else(|| "-".into());
                let last = j
                    .last_run
                    .map(|(t, s)| format!("{} ({s})", t.format("%Y-%m-%d %H:%M %Z")))
                    .unwrap_or_else(|| "never".into());
                println!("{:<17} {:<16} next {:<24} last {last}", j.name, schedule, next);
            }
        }
        JobsCommand::Run { name } => {
            let job = Job::named(&name).ok_or_else(|| {
                let names: Vec<&str> = Job::ALL.iter().map(|j| j.name()).collect();
                anyhow::anyhow!("no job called {name:?}; the jobs are {}", names.join(", "))
            })?;
            let summary = crate::scheduler::run_now(&ctx, job, Utc::now()).await?;
            println!("{}: {summary}", job.name());
        }
    }
    Ok(())
}

/// `labloop records export`.
pub async fn export(ctx: AppContext, format: ExportFormat) -> anyhow::Result<()> {
    let records = crate::cycles::export::all(&ctx.db).await?;
    let stdout = std::io::stdout();
    match format {
        ExportFormat::Json => {
            serde_json::to_writer_pretty(stdout.lock(), &records)?;
            println!();
        }
        ExportFormat::Csv => crate::cycles::export::write_csv(&records, stdout.lock())?,
    }
    eprintln!("exported {} records", records.len());
    Ok(())
}
