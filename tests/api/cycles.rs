//! Workflow 2: cycles opened and reminded by the jobs, replies turned into records,
//! held messages, follow-ups and closing.
use chrono::{DateTime, TimeZone, Utc};
use entity::cycle::{self, State};
use entity::{cycle_notice, cycle_record, held_message, person};
use labloop::cycles::{jobs, records, teams};
use labloop::domain::EmailAddress;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::{Backend, StubMessage, TestApp, header_of, spawn_app};
use crate::on_both_databases;

/// 09:00 on 1 November 2026 in London (GMT): when November's reminders go out.
pub fn november() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
}

pub async fn team_with(app: &TestApp, name: &str, members: &[&str]) -> entity::team::Model {
    let members: Vec<EmailAddress> = members.iter().map(|m| EmailAddress::parse(m).unwrap()).collect();
    teams::add_team(&app.ctx.db, name, &members, Utc::now()).await.unwrap()
}

/// The last reminder (or follow-up) sent to `to`.
pub fn reminder_to(app: &TestApp, to: &str) -> StubMessage {
    app.sent_to(to)
        .into_iter()
        .rev()
        .find(|m| header_of(&m.bytes, "Subject").is_some_and(|s| s.contains("Cycle") || s.contains("cycle")))
        .unwrap_or_else(|| panic!("no reminder to {to}"))
}

/// A reply to `reminder` from `from`, with `body`, as a mail client would send it.
/// `reply` sent to a token nobody issued, with no thread to fall back on.
fn with_forged_token(reminder: &StubMessage, reply: String) -> String {
    reply
        .replace(
            &header_of(&reminder.bytes, "Reply-To").unwrap(),
            "lab+c.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@lab.example.org",
        )
        .replace("In-Reply-To:", "X-Old-In-Reply-To:")
        .replace("References:", "X-Old-References:")
}

pub fn reply_to(reminder: &StubMessage, from: &str, message_id: &str, body: &str) -> String {
    let to = header_of(&reminder.bytes, "Reply-To").unwrap();
    let id = header_of(&reminder.bytes, "Message-ID").unwrap();
    let subject = header_of(&reminder.bytes, "Subject").unwrap();
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Re: {subject}\r\nDate: Mon, 16 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{message_id}>\r\nIn-Reply-To: {id}\r\nReferences: {id}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n\r\nOn Sun, 1 Nov 2026 at 09:00, Improvement Lab <lab@lab.example.org> wrote:\r\n> 1. What change or idea did you test this cycle?\r\n> 2. What did you predict would happen?\r\n"
    )
}

pub const ANSWERS: &str = "1. A group class for knee pain instead of one-to-one sessions\r\n2. More patients seen sooner\r\n3. Ten people came to the first class, eight to the second\r\n4. Patients offered the group: 14\r\nWaiting time: 3 weeks\r\n5. Attendance held up better than we predicted\r\n6. We'll adapt it\r\n7. An evening class for people who work\r\n\r\nThanks,\r\nSiân";

async fn the_team(app: &TestApp) -> entity::team::Model {
    team_with(app, "MSK Physio", &["sian@hb.example.wales", "dai@hb.example.wales"]).await
}

async fn reminders_open_the_cycle_and_reach_every_member_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let t = the_team(&app).await;
    team_with(&app, "Empty team", &[]).await;

    let report = jobs::remind(&app.ctx, november()).await.unwrap();
    assert_eq!((report.cycles_opened, report.emails_queued), (1, 2), "{report}");
    let again = jobs::remind(&app.ctx, november()).await.unwrap();
    assert_eq!(
        (again.cycles_opened, again.emails_queued, again.already_sent),
        (0, 0, 2),
        "a second run sends nothing"
    );
    // Two instances at once: the unique key still allows one reminder each.
    let (a, b) = tokio::join!(jobs::remind(&app.ctx, november()), jobs::remind(&app.ctx, november()));
    assert_eq!(a.unwrap().emails_queued + b.unwrap().emails_queued, 0);

    let cycles = cycle::Entity::find()
        .filter(cycle::Column::TeamId.eq(t.id))
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(cycles.len(), 1);
    assert_eq!((cycles[0].number, cycles[0].state), (1, State::Open));
    assert_eq!(cycles[0].period_start.to_string(), "2026-11-01");
    assert_eq!(cycles[0].period_end.to_string(), "2026-11-30");

    app.deliver().await;
    let mail = reminder_to(&app, "sian@hb.example.wales");
    assert_eq!(app.sent_to("dai@hb.example.wales").len(), 1);
    assert_eq!(
        header_of(&mail.bytes, "Subject").unwrap(),
        "Cycle 1 (November 2026): what did you test?"
    );
    assert_eq!(
        header_of(&mail.bytes, "Auto-Submitted").as_deref(),
        Some("auto-generated")
    );
    let reply_address = header_of(&mail.bytes, "Reply-To").unwrap();
    assert!(
        reply_address.starts_with("lab+c.") && reply_address.ends_with("@lab.example.org"),
        "{reply_address}"
    );
    let local = reply_address.split('@').next().unwrap();
    assert!(local.len() <= 64, "{local}");
    let text = crate::helpers::smtp::body_text(&mail.bytes);
    for (i, q) in labloop::cycles::QUESTIONS.iter().enumerate() {
        assert!(
            text.contains(&format!("{}. {q}\n\n", i + 1)),
            "question {} worded exactly, followed by a blank line:\n{text}",
            i + 1
        );
    }
    assert!(text.contains(&app.url("/cycles/form/")), "form link");
}

async fn a_reply_becomes_a_record_and_the_sender_gets_a_threaded_receipt(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let t = the_team(&app).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "sian@hb.example.wales");

    let (status, receipt) = app
        .post_inbound(reply_to(
            &reminder,
            "Siân Evans <Sian@hb.example.wales>",
            "r1@hb.example.wales",
            ANSWERS,
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(receipt["kind"], "cycle_reply", "{receipt}");
    assert_eq!(receipt["status"], "processed", "{receipt}");

    let c = cycle::Entity::find()
        .filter(cycle::Column::TeamId.eq(t.id))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let view = records::for_cycle(&app.ctx.db, c.id)
        .await
        .unwrap()
        .expect("record saved");
    let f = view.fields();
    assert_eq!(
        f.change.as_deref(),
        Some("A group class for knee pain instead of one-to-one sessions")
    );
    assert_eq!(f.decision, Some(labloop::inbound::reply::Decision::Adapt));
    assert_eq!(f.next_steps.as_deref(), Some("An evening class for people who work"));
    assert_eq!(f.measures.len(), 2);
    assert_eq!(view.record.source, "email");
    let sian = person::Entity::find()
        .filter(person::Column::Email.eq("sian@hb.example.wales"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.record.submitted_by, Some(sian.id));

    app.deliver().await;
    let receipt = app
        .sent_to("sian@hb.example.wales")
        .into_iter()
        .find(|m| header_of(&m.bytes, "In-Reply-To").is_some())
        .expect("a receipt");
    assert_eq!(
        header_of(&receipt.bytes, "In-Reply-To").as_deref(),
        Some("<r1@hb.example.wales>")
    );
    assert!(header_of(&receipt.bytes, "Subject").unwrap().starts_with("Re: Cycle 1"));
    let text = crate::helpers::smtp::body_text(&receipt.bytes);
    for expected in [
        "Change tested:",
        "A group class for knee pain",
        "Patients offered the group: 14",
        "Waiting time: 3 weeks",
        "Decision:",
        "adapt",
        "/cycles/form/",
    ] {
        assert!(text.contains(expected), "receipt shows {expected:?}:\n{text}");
    }
}

async fn a_second_reply_updates_the_record_and_keeps_the_first_version(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "dai@hb.example.wales");
    app.post_inbound(reply_to(&reminder, "dai@hb.example.wales", "v1@x", ANSWERS))
        .await;
    let correction = ANSWERS.replace("We'll adapt it", "Adopt");
    let (_, r) = app
        .post_inbound(reply_to(&reminder, "dai@hb.example.wales", "v2@x", &correction))
        .await;
    assert!(r["outcome"].as_str().unwrap().contains("version 2"), "{r}");

    let rec = cycle_record::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    assert_eq!((rec.version, rec.decision.as_deref()), (2, Some("adopt")));
    let versions = records::versions(&app.ctx.db, rec.id).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert!(versions[0].snapshot.contains("\"adapt\""), "{}", versions[0].snapshot);

    // The same message delivered again changes nothing.
    let (_, dup) = app
        .post_inbound(reply_to(&reminder, "dai@hb.example.wales", "v2@x", &correction))
        .await;
    assert_eq!(dup["status"], "duplicate");
    assert_eq!(
        cycle_record::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .version,
        2
    );
}

/// "Forgot the numbers: …" after the answers: the record keeps the answers it does not
/// repeat, for a person to check; "Thanks!" after them changes nothing and is held.
async fn a_later_reply_keeps_what_it_leaves_out_and_one_with_no_answers_is_held(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "dai@hb.example.wales");
    app.post_inbound(reply_to(&reminder, "dai@hb.example.wales", "k1@x", ANSWERS))
        .await;
    let more = "Sorry, one more for question 4:\r\n\r\nMeasures: Patients who came back for a second class: 8";
    let (_, r) = app
        .post_inbound(reply_to(&reminder, "dai@hb.example.wales", "k2@x", more))
        .await;
    assert!(r["outcome"].as_str().unwrap().contains("version 2"), "{r}");
    let rec = cycle_record::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    let view = records::for_cycle(&app.ctx.db, rec.cycle_id).await.unwrap().unwrap();
    let f = view.fields();
    assert_eq!(
        f.change.as_deref(),
        Some("A group class for knee pain instead of one-to-one sessions")
    );
    assert_eq!(f.next_steps.as_deref(), Some("An evening class for people who work"));
    assert_eq!(f.decision.map(|d| format!("{d:?}")).as_deref(), Some("Adapt"));
    let names: Vec<&str> = f.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Patients who came back for a second class"]);
    assert!(rec.needs_review, "a record put together from two messages is checked");
    assert!(rec.warnings.contains("kept from version 1"), "{}", rec.warnings);

    let (_, thanks) = app
        .post_inbound(reply_to(
            &reminder,
            "dai@hb.example.wales",
            "k3@x",
            "Thanks, that's great!",
        ))
        .await;
    assert_eq!(thanks["status"], "held", "{thanks}");
    assert!(thanks["outcome"].as_str().unwrap().contains("no answers"), "{thanks}");
    let rec = cycle_record::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    assert_eq!((rec.version, rec.change.as_deref().is_some()), (2, true));
    assert_eq!(held_message::Entity::find().count(&app.ctx.db).await.unwrap(), 1);

    // A request to stop the reminders is one, and a person takes the member off the team.
    let leave = "Hi can you take me off these emails please I've moved to the community team from March";
    let (_, r) = app
        .post_inbound(reply_to(&reminder, "dai@hb.example.wales", "k4@x", leave))
        .await;
    assert_eq!(
        (r["kind"].as_str(), r["status"].as_str()),
        (Some("unsubscribe_request"), Some("held")),
        "{r}"
    );
    assert!(
        r["outcome"]
            .as_str()
            .unwrap()
            .contains("labloop member remove \"MSK Physio\" dai@hb.example.wales"),
        "{r}"
    );
    assert_eq!(held_message::Entity::find().count(&app.ctx.db).await.unwrap(), 2);
    let rec = cycle_record::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    assert_eq!(rec.version, 2, "a request to leave changes no record");
}

async fn a_reply_is_matched_by_its_thread_when_the_address_has_no_token(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "sian@hb.example.wales");
    let to_base = reply_to(&reminder, "sian@hb.example.wales", "t1@x", ANSWERS)
        .replace(&header_of(&reminder.bytes, "Reply-To").unwrap(), "lab@lab.example.org");
    let (_, r) = app.post_inbound(to_base).await;
    assert_eq!(r["status"], "processed", "{r}");
    assert_eq!(cycle_record::Entity::find().count(&app.ctx.db).await.unwrap(), 1);
}

async fn replies_from_strangers_other_teams_or_forged_tokens_are_held(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "sian@hb.example.wales");

    let (_, stranger) = app
        .post_inbound(reply_to(&reminder, "mallory@evil.example", "s1@x", ANSWERS))
        .await;
    assert_eq!(stranger["status"], "held", "{stranger}");
    assert!(stranger["outcome"].as_str().unwrap().contains("not a member"));
    // A member of another team replying to this team's reminder.
    let (_, other) = app
        .post_inbound(reply_to(&reminder, "nurse@trust.example.uk", "s2@x", ANSWERS))
        .await;
    assert_eq!(other["status"], "held", "{other}");
    // A token nobody issued, with no thread to fall back on.
    let forged = with_forged_token(&reminder, reply_to(&reminder, "sian@hb.example.wales", "s3@x", ANSWERS));
    let (_, f) = app.post_inbound(forged).await;
    assert_eq!(f["status"], "held", "{f}");
    assert!(f["outcome"].as_str().unwrap().contains("token"), "{f}");
    // A request to leave with that forged token, and one from a stranger: held, and
    // neither names a command that would take anyone off a team.
    let leave = "Please take me off these emails, I have left the ward.";
    let forged_leave = with_forged_token(&reminder, reply_to(&reminder, "sian@hb.example.wales", "s3l@x", leave));
    let (_, f) = app.post_inbound(forged_leave).await;
    assert_eq!(
        (f["kind"].as_str(), f["status"].as_str()),
        (Some("unsubscribe_request"), Some("held")),
        "{f}"
    );
    assert!(f["outcome"].as_str().unwrap().contains("token"), "{f}");
    let (_, s) = app
        .post_inbound(reply_to(&reminder, "mallory@evil.example", "s1l@x", leave))
        .await;
    assert_eq!(
        (s["kind"].as_str(), s["status"].as_str()),
        (Some("unsubscribe_request"), Some("held")),
        "{s}"
    );
    let outcome = s["outcome"].as_str().unwrap();
    assert!(
        outcome.contains("not a member") && !outcome.contains("member remove"),
        "{s}"
    );
    // A token that is not even base32 (hand-typed, or mangled by a mail client): still a
    // cycle reply, refused by the token's check, held.
    let mangled = reply_to(&reminder, "sian@hb.example.wales", "s4@x", ANSWERS)
        .replace(
            &header_of(&reminder.bytes, "Reply-To").unwrap(),
            "lab+c.re1thr087el7v5148c3ft9gjf1gh@lab.example.org",
        )
        .replace("In-Reply-To:", "X-Old-In-Reply-To:")
        .replace("References:", "X-Old-References:");
    let (_, m) = app.post_inbound(mangled).await;
    assert_eq!(m["status"], "held", "{m}");
    assert_eq!(m["kind"], "cycle_reply", "{m}");
    assert!(m["outcome"].as_str().unwrap().contains("token"), "{m}");

    assert_eq!(
        cycle_record::Entity::find().count(&app.ctx.db).await.unwrap(),
        0,
        "nothing recorded"
    );
    let held = held_message::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(held.len(), 6, "four replies and two requests to leave");
    assert!(
        held.iter().take(2).all(|h| h.team_id.is_some()),
        "held with the team it concerns"
    );
}

async fn an_expired_token_is_held(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let t = the_team(&app).await;
    // A cycle from long ago: its links expired 90 days after its period.
    let old = Utc.with_ymd_and_hms(2025, 1, 1, 9, 0, 0).unwrap();
    let (c, _) = jobs::open_cycle(
        &app.ctx.db,
        &t,
        labloop::cycles::Period::containing(old, app.ctx.config.timezone, app.ctx.config.cadence),
        old,
    )
    .await
    .unwrap();
    let sian = teams::person_by_email(&app.ctx.db, &EmailAddress::parse("sian@hb.example.wales").unwrap())
        .await
        .unwrap()
        .unwrap();
    let address = labloop::cycles::emails::reply_address(&app.ctx, &c, sian.id);
    let msg = format!(
        "From: sian@hb.example.wales\r\nTo: {address}\r\nSubject: Re: Cycle 1\r\nMessage-ID: <late@x>\r\n\r\n{ANSWERS}\r\n"
    );
    let (_, r) = app.post_inbound(msg).await;
    assert_eq!(r["status"], "held", "{r}");
    assert!(r["outcome"].as_str().unwrap().contains("expired"), "{r}");
}

async fn machine_mail_and_empty_replies_never_become_records(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "sian@hb.example.wales");
    let to = header_of(&reminder.bytes, "Reply-To").unwrap();

    let ooo = format!(
        "From: sian@hb.example.wales\r\nTo: {to}\r\nSubject: Automatic reply: Cycle 1\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo@x>\r\n\r\nI am on leave until 20 November.\r\n"
    );
    let (_, r) = app.post_inbound(ooo).await;
    assert_eq!(
        (r["kind"].as_str(), r["status"].as_str()),
        (Some("auto_reply"), Some("ignored")),
        "{r}"
    );

    let quote_only = reply_to(&reminder, "sian@hb.example.wales", "q@x", "");
    let (_, r) = app.post_inbound(quote_only).await;
    assert_eq!(r["status"], "held", "only a quote: {r}");
    let empty =
        format!("From: sian@hb.example.wales\r\nTo: {to}\r\nSubject: Re: Cycle 1\r\nMessage-ID: <empty@x>\r\n\r\n");
    let (_, r) = app.post_inbound(empty).await;
    assert_eq!(r["status"], "held", "empty body: {r}");

    // A bounce of a reminder marks that member's address as bouncing.
    let dsn = format!(
        "From: MAILER-DAEMON@mx.hb.example.wales\r\nTo: {}\r\nSubject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn@x>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\nFinal-Recipient: rfc822; dai@hb.example.wales\r\nAction: failed\r\nStatus: 5.1.1\r\n--b--\r\n",
        reminder_to(&app, "dai@hb.example.wales").envelope_from
    );
    let (_, r) = app.post_inbound(dsn).await;
    assert_eq!(r["kind"], "bounce", "{r}");
    let dai = person::Entity::find()
        .filter(person::Column::Email.eq("dai@hb.example.wales"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(dai.bouncing);
    assert_eq!(cycle_record::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
}

async fn awkward_mail_to_a_cycle_address_gets_a_clear_outcome(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "sian@hb.example.wales");
    let to = header_of(&reminder.bytes, "Reply-To").unwrap();

    // Unknown charset: decoded as well as can be, recorded, and flagged with a warning.
    let odd = format!(
        "From: sian@hb.example.wales\r\nTo: {to}\r\nSubject: Re: Cycle 1\r\nMessage-ID: <cs@x>\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n{ANSWERS}\r\n"
    );
    let (_, r) = app.post_inbound(odd).await;
    assert_eq!(r["status"], "processed", "{r}");
    let rec = cycle_record::Entity::find().one(&app.ctx.db).await.unwrap().unwrap();
    assert!(rec.warnings.contains("unknown charset"), "{}", rec.warnings);

    // Malformed MIME: an unterminated multipart.
    let broken = format!(
        "From: sian@hb.example.wales\r\nTo: {to}\r\nSubject: Re: Cycle 1\r\nMessage-ID: <mime@x>\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\n{ANSWERS}\r\n--zz\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK!!!not-base64"
    );
    let (status, r) = app.post_inbound(broken).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["status"], "processed", "{r}");

    // A 20 MB attachment: the answers are still read.
    let pdf = "QUJD".repeat(20 * 1024 * 1024 / 4);
    let big = format!(
        "From: sian@hb.example.wales\r\nTo: {to}\r\nSubject: Re: Cycle 1\r\nMessage-ID: <big@x>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Type: text/plain\r\n\r\n{ANSWERS}\r\n--zz\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{pdf}\r\n--zz--\r\n"
    );
    let (status, r) = app.post_inbound(big).await;
    assert_eq!((status, r["status"].as_str()), (200, Some("processed")), "{r}");
    assert_eq!(
        cycle_record::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .version,
        3
    );
}

async fn follow_ups_go_once_to_teams_that_have_not_answered(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    let reminder = reminder_to(&app, "sian@hb.example.wales");
    app.post_inbound(reply_to(&reminder, "sian@hb.example.wales", "a@x", ANSWERS))
        .await;

    let mid = Utc.with_ymd_and_hms(2026, 11, 15, 9, 0, 0).unwrap();
    let report = jobs::follow_up(&app.ctx, mid).await.unwrap();
    assert_eq!(report.emails_queued, 1, "only the team that has not answered: {report}");
    assert_eq!(jobs::follow_up(&app.ctx, mid).await.unwrap().emails_queued, 0, "once");
    let kinds: Vec<String> = cycle_notice::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.kind)
        .collect();
    assert_eq!(kinds.iter().filter(|k| *k == "followup").count(), 1);
    app.deliver().await;
    let follow = reminder_to(&app, "nurse@trust.example.uk");
    assert!(
        header_of(&follow.bytes, "Subject")
            .unwrap()
            .starts_with("Reminder: cycle 1")
    );
}

async fn closing_marks_answered_cycles_closed_and_the_rest_missed(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    the_team(&app).await;
    team_with(&app, "Falls", &["nurse@trust.example.uk"]).await;
    jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    app.post_inbound(reply_to(
        &reminder_to(&app, "sian@hb.example.wales"),
        "sian@hb.example.wales",
        "a@x",
        ANSWERS,
    ))
    .await;

    let early = jobs::close(&app.ctx, Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap())
        .await
        .unwrap();
    assert_eq!((early.closed, early.missed), (0, 0), "not before the period ends");
    let end = Utc.with_ymd_and_hms(2026, 11, 30, 23, 55, 0).unwrap();
    let report = jobs::close(&app.ctx, end).await.unwrap();
    assert_eq!((report.closed, report.missed), (1, 1), "{report}");
    let states: Vec<State> = cycle::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.state)
        .collect();
    assert!(states.contains(&State::Closed) && states.contains(&State::Missed));

    // A late reply to a closed cycle is held, not recorded.
    let (_, r) = app
        .post_inbound(reply_to(
            &reminder_to(&app, "nurse@trust.example.uk"),
            "nurse@trust.example.uk",
            "late@x",
            ANSWERS,
        ))
        .await;
    assert_eq!(r["status"], "held", "{r}");
    // December opens cycle 2.
    jobs::remind(&app.ctx, Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap())
        .await
        .unwrap();
    let numbers: Vec<i32> = cycle::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.number)
        .collect();
    assert!(numbers.contains(&2), "{numbers:?}");
}

on_both_databases!(
    reminders_open_the_cycle_and_reach_every_member_once,
    a_reply_becomes_a_record_and_the_sender_gets_a_threaded_receipt,
    a_second_reply_updates_the_record_and_keeps_the_first_version,
    a_later_reply_keeps_what_it_leaves_out_and_one_with_no_answers_is_held,
    a_reply_is_matched_by_its_thread_when_the_address_has_no_token,
    replies_from_strangers_other_teams_or_forged_tokens_are_held,
    an_expired_token_is_held,
    machine_mail_and_empty_replies_never_become_records,
    awkward_mail_to_a_cycle_address_gets_a_clear_outcome,
    follow_ups_go_once_to_teams_that_have_not_answered,
    closing_marks_answered_cycles_closed_and_the_rest_missed,
);
