//! The operator's interface to cycles: the CLI and the JSON API.
use crate::config_cli::{cli_env, labloop};
use crate::cycles::{ANSWERS, november, reminder_to, reply_to, team_with};
use crate::helpers::{Backend, TestApp, TestDb, spawn_app};
use crate::on_both_databases;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

async fn teams_members_jobs_held_and_exports_from_the_command_line(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let env = cli_env(&db);
    let run = |args: &[&str]| labloop(dir.path(), &env, args, b"");

    let out = run(&[
        "team",
        "add",
        "Stroke Lunch Club",
        "--member",
        "zoe@uni.example.ac.uk",
        "--member",
        "Amir@Uni.example.ac.uk",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&["team", "add", "Stroke Lunch Club"]);
    assert!(
        !out.status.success() && text(&out.stderr).contains("already a team"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !run(&["team", "add", "Bad", "--member", "not-an-address"])
            .status
            .success()
    );
    assert!(
        run(&[
            "member",
            "add",
            "stroke lunch club",
            "kim@uni.example.ac.uk",
            "--name",
            "Kim Lee"
        ])
        .status
        .success()
    );
    assert!(
        run(&["member", "remove", "Stroke Lunch Club", "amir@uni.example.ac.uk"])
            .status
            .success()
    );
    let out = run(&["member", "remove", "Stroke Lunch Club", "amir@uni.example.ac.uk"]);
    assert!(!out.status.success() && text(&out.stderr).contains("is not on"));
    assert!(text(&run(&["member", "add", "No Such Team", "x@y.org"]).stderr).contains("no team called"));
    let list = text(&run(&["team", "list"]).stdout);
    assert!(
        list.contains("Stroke Lunch Club")
            && list.contains("Kim Lee <kim@uni.example.ac.uk>")
            && !list.contains("amir"),
        "{list}"
    );

    let jobs = text(&run(&["jobs", "list"]).stdout);
    for name in ["cycle-reminders", "cycle-followups", "cycle-close"] {
        assert!(jobs.contains(name), "{jobs}");
    }
    assert!(jobs.contains("next 20"), "next run shown: {jobs}");
    let out = run(&["jobs", "run", "cycle-reminders"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("2 emails queued"), "{}", text(&out.stdout));
    assert!(
        text(&run(&["jobs", "run", "cycle-reminders"]).stdout).contains("0 emails queued"),
        "idempotent"
    );
    assert!(text(&run(&["jobs", "run", "nonsense"]).stderr).contains("no job called"));
    assert!(text(&run(&["jobs", "list"]).stdout).contains("(ok)"), "last run shown");

    let stranger = "From: someone@else.example\r\nTo: lab@lab.example.org\r\nSubject: Hello\r\nMessage-ID: <h1@else.example>\r\n\r\nWho do I talk to about joining?\r\n";
    labloop(dir.path(), &env, &["ingest"], stranger.as_bytes());
    let held = text(&run(&["held", "list"]).stdout);
    assert!(
        held.contains("someone@else.example") && held.contains("not addressed to any workflow"),
        "{held}"
    );

    let json = text(&run(&["records", "export", "--format", "json"]).stdout);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&json).unwrap(),
        serde_json::json!([])
    );
    let csv = text(&run(&["records", "export", "--format", "csv"]).stdout);
    assert!(csv.starts_with("team,cycle,period_start"), "{csv}");
}

async fn records_export_as_json_and_csv(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    team_with(&app, "MSK Physio", &["sian@hb.example.wales"]).await;
    labloop::cycles::jobs::remind(&app.ctx, november()).await.unwrap();
    app.deliver().await;
    app.post_inbound(reply_to(
        &reminder_to(&app, "sian@hb.example.wales"),
        "sian@hb.example.wales",
        "e1@x",
        ANSWERS,
    ))
    .await;

    let records = labloop::cycles::export::all(&app.ctx.db).await.unwrap();
    let v = serde_json::to_value(&records).unwrap();
    let r = &v[0];
    assert_eq!(r["team"], "MSK Physio");
    assert_eq!(r["cycle"], 1);
    assert_eq!(r["period"]["start"], "2026-11-01");
    assert_eq!(r["fields"]["decision"], "adapt");
    assert_eq!(
        r["fields"]["measures"][0],
        serde_json::json!({"name": "Patients offered the group", "value": 14, "unit": null})
    );
    assert_eq!(r["source"], "email");
    assert_eq!(r["submitted_by"], "sian@hb.example.wales");
    for key in ["needs_review", "updated_at"] {
        assert!(r.get(key).is_some(), "{key}");
    }
    let mut csv = Vec::new();
    labloop::cycles::export::write_csv(&records, &mut csv).unwrap();
    let csv = text(&csv);
    assert!(
        csv.contains("Patients offered the group: 14; Waiting time: 3 weeks"),
        "{csv}"
    );
}

async fn api(
    app: &TestApp,
    method: &str,
    path: &str,
    key: Option<&str>,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let url = app.url(path);
    let mut req = match method {
        "POST" => app.client.post(url),
        "DELETE" => app.client.delete(url),
        _ => app.client.get(url),
    };
    if let Some(k) = key {
        req = req.insert_header(("Authorization", format!("Bearer {k}")));
    }
    let mut r = match body {
        Some(b) => req.send_json(&b).await.unwrap(),
        None => req.send().await.unwrap(),
    };
    let bytes = r.body().await.unwrap();
    (
        r.status().as_u16(),
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

async fn the_json_api_manages_teams_and_lists_cycles_records_and_held_mail(backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let key = Some("test-api-key");
    for path in ["/api/teams", "/api/cycles", "/api/records", "/api/held"] {
        assert_eq!(api(&app, "GET", path, None, None).await.0, 401, "{path} without a key");
        assert_eq!(
            api(&app, "GET", path, Some("wrong-key"), None).await.0,
            401,
            "{path} with a wrong key"
        );
    }
    let (status, team) = api(
        &app,
        "POST",
        "/api/teams",
        key,
        Some(serde_json::json!({"name": "Pharmacy", "members": ["priyanka@trust.example.uk"]})),
    )
    .await;
    assert_eq!(status, 201, "{team}");
    assert_eq!(team["members"][0]["email"], "priyanka@trust.example.uk");
    assert_eq!(
        api(
            &app,
            "POST",
            "/api/teams",
            key,
            Some(serde_json::json!({"name": "Pharmacy"}))
        )
        .await
        .0,
        409
    );
    assert_eq!(
        api(
            &app,
            "POST",
            "/api/teams",
            key,
            Some(serde_json::json!({"name": "X", "members": ["nope"]}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        api(&app, "POST", "/api/teams", key, Some(serde_json::json!({"nom": "X"})))
            .await
            .0,
        400,
        "malformed JSON body"
    );
    let (status, _) = api(
        &app,
        "POST",
        "/api/teams/Pharmacy/members",
        key,
        Some(serde_json::json!({"email": "tom@trust.example.uk", "name": "Tom"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        api(
            &app,
            "DELETE",
            "/api/teams/Pharmacy/members/tom@trust.example.uk",
            key,
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        api(
            &app,
            "DELETE",
            "/api/teams/Pharmacy/members/tom@trust.example.uk",
            key,
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        api(
            &app,
            "POST",
            "/api/teams/Nobody/members",
            key,
            Some(serde_json::json!({"email": "a@b.org"}))
        )
        .await
        .0,
        404
    );

    labloop::cycles::jobs::remind(&app.ctx, november()).await.unwrap();
    let (status, cycles) = api(&app, "GET", "/api/cycles?state=open", key, None).await;
    assert_eq!(status, 200);
    assert_eq!(cycles[0]["team"], "Pharmacy");
    assert_eq!(cycles[0]["answered"], false);
    assert_eq!(api(&app, "GET", "/api/cycles?state=sleeping", key, None).await.0, 400);

    app.post_inbound(
        "From: x@y.org\r\nTo: lab@lab.example.org\r\nSubject: hi\r\nMessage-ID: <held@y.org>\r\n\r\nhello\r\n",
    )
    .await;
    let (_, held) = api(&app, "GET", "/api/held", key, None).await;
    assert_eq!(held[0]["from"], "x@y.org");
    let (_, records) = api(&app, "GET", "/api/records", key, None).await;
    assert_eq!(records, serde_json::json!([]));
    let (_, teams) = api(&app, "GET", "/api/teams", key, None).await;
    assert_eq!(teams.as_array().unwrap().len(), 1);
}

on_both_databases!(
    teams_members_jobs_held_and_exports_from_the_command_line,
    records_export_as_json_and_csv,
    the_json_api_manages_teams_and_lists_cycles_records_and_held_mail,
);
