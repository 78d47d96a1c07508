//! `labloop editor add` and `labloop newsletter list|approve|status`.
use std::io::IsTerminal;

use chrono::Utc;
use entity::newsletter_issue::Status;
use serde::Serialize;

use super::{EditorCommand, NewsletterCommand};
use crate::context::AppContext;
use crate::domain::EmailAddress;
use crate::newsletter::review::{self, Approved};
use crate::newsletter::{editors, issues};

/// `labloop editor add`.
pub async fn editor(ctx: AppContext, cmd: EditorCommand) -> anyhow::Result<()> {
    let EditorCommand::Add { email, name } = cmd;
    let email = EmailAddress::parse(&email).map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
    if name.as_deref().is_some_and(|n| n.chars().any(char::is_control)) {
        anyhow::bail!("a name must be one line");
    }
    let e = editors::add(&ctx.db, &email, name.as_deref(), Utc::now()).await?;
    println!(
        "{} is an editor (id {}); they sign in at {}",
        e.email,
        e.id,
        ctx.config.url("/admin")
    );
    Ok(())
}

/// One issue as `newsletter list --json` prints it.
#[derive(Serialize)]
struct Listed {
    id: i64,
    period: String,
    status: &'static str,
    total: i64,
    sent: i64,
    failed: i64,
}

/// `labloop newsletter …`.
pub async fn run(ctx: AppContext, cmd: NewsletterCommand) -> anyhow::Result<()> {
    match cmd {
        NewsletterCommand::List { json } => {
            let mut out = Vec::new();
            for i in issues::all(&ctx.db).await? {
                let p = issues::progress(&ctx.db, i.id).await?;
                out.push(Listed {
                    id: i.id,
                    period: i.slug.clone(),
                    status: issues::status_word(i.status),
                    total: if p.total > 0 { p.total } else { i.total },
                    sent: p.sent,
                    failed: p.failed + p.bounced,
                });
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else if out.is_empty() {
                println!("no issues yet");
            } else {
                for l in out {
                    println!(
                        "{:>4}  {:<10}  {:<18}  {} of {} sent, {} failed",
                        l.id, l.period, l.status, l.sent, l.total, l.failed
                    );
                }
            }
        }
        NewsletterCommand::Approve { id, editor } => {
            let email = EmailAddress::parse(&editor).map_err(|e| anyhow::anyhow!("{editor}: {e}"))?;
            let e = editors::by_email(&ctx.db, &email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("{email} is not an editor (labloop editor add {email})"))?;
            match review::approve(&ctx, id, &e, "cli", Utc::now()).await? {
                Approved::SendStarted { recipients } => {
                    println!("approved; sending to {recipients} subscribers (labloop serve sends it)")
                }
                Approved::Recorded { have, need } => println!("approved: {have} of {need} approvals"),
                Approved::AlreadyApproved => println!("{email} had already approved issue {id}"),
            }
        }
        NewsletterCommand::Status { id } => status(&ctx, id).await?,
        NewsletterCommand::Preview { id, html, raw } => {
            let issue = issues::get(&ctx.db, id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no newsletter issue {id}"))?;
            if raw {
                let prepared = crate::newsletter::render::Prepared::new(&ctx, &issue)?;
                let (_, bytes) = prepared.message(&ctx, "subscriber@example.org", 0);
                std::io::Write::write_all(&mut std::io::stdout(), &bytes)?;
            } else {
                let sample = ctx.config.url("/unsubscribe/preview");
                let r = crate::newsletter::render::render(&ctx, &issue, Some(&sample))?;
                println!(
                    "{}",
                    if html {
                        r.html
                    } else {
                        format!("Subject: {}\n\n{}", r.subject, r.text)
                    }
                );
            }
        }
    }
    Ok(())
}

/// Prints an issue's progress; on a terminal, follows a send with a progress bar
/// until it has finished.
async fn status(ctx: &AppContext, id: i64) -> anyhow::Result<()> {
    let issue = issues::get(&ctx.db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no newsletter issue {id}"))?;
    let label = issue.period_label(ctx.config.cadence);
    let p = issues::progress(&ctx.db, id).await?;
    let line = |status: Status, p: &issues::Progress| {
        format!(
            "issue {id} ({label}): {} — {} of {} sent, {} failed, {} bounced, {} skipped, {} to go",
            issues::status_word(status),
            p.sent,
            p.total,
            p.failed,
            p.bounced,
            p.skipped,
            p.queued + p.sending
        )
    };
    if issue.issue.status != Status::Sending || !std::io::stdout().is_terminal() {
        println!("{}", line(issue.issue.status, &p));
        return Ok(());
    }
    let bar = indicatif::ProgressBar::new(p.total.max(0) as u64).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} sent {per_sec} {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    loop {
        let p = issues::progress(&ctx.db, id).await?;
        bar.set_position(p.done().max(0) as u64);
        let now = issues::get(&ctx.db, id)
            .await?
            .map(|i| i.issue.status)
            .unwrap_or(Status::Sent);
        if now != Status::Sending {
            bar.finish_and_clear();
            println!("{}", line(now, &p));
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}
