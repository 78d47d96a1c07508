//! Extraction from what mail clients send: HTML-only bodies, signatures,
//! footers, quote headers in other languages, prose, and replies that need
//! a person to look at them.

use super::super::Decision::{Abandon, Adapt, Adopt};
use super::super::extract;
use super::support::{Expect, QUOTED_REMINDER, check};

const LABELLED: &str = "Change: a falls-risk checklist at the front desk
Prediction: more high-risk patients found early
What happened: receptionists found it easy
Measures: Patients screened: 140
Learning: it needs a clear referral route
Decision: adopt
Next steps: agree the route with the falls team";

fn labelled_expect<'a>() -> Expect<'a> {
    Expect {
        change: Some("a falls-risk checklist at the front desk"),
        prediction: Some("more high-risk patients found early"),
        what_happened: Some("receptionists found it easy"),
        measures: &[("Patients screened", "140", None)],
        learning: Some("it needs a clear referral route"),
        decision: Some(Adopt),
        next_steps: Some("agree the route with the falls team"),
        ..Expect::default()
    }
}

#[test]
fn signatures_footers_and_disclaimers_are_not_answers() {
    let closings: &[(&str, &str)] = &[
        ("iphone", "Sent from my iPhone"),
        ("galaxy", "Sent from my Galaxy"),
        ("outlook android", "Get Outlook for Android"),
        ("usenet", "-- \nSam Patel\nOccupational Therapist\n07700 900123"),
        (
            "sign-off name title",
            "Kind regards,\nSam Patel\nOccupational Therapist | Falls Service\nWestshire University Health Board",
        ),
        ("cheers name", "Cheers,\nSam"),
        ("best wishes blank", "Best wishes,\n\nSam Patel"),
        (
            "closing remark",
            "Let me know if you need anything else.\n\nThanks,\nSam",
        ),
        ("lone name", "Sam"),
        (
            "nhs disclaimer",
            "Thanks\nSam\n\n********************************************************************\nThis message may contain confidential information. If you are not the intended recipient please inform the sender that you have received the message in error before deleting it.\n\nNHSmail is the secure email and directory service available for all NHS staff in England.",
        ),
        (
            "trust disclaimer",
            "Sam\n\nThe information contained in this email is confidential and intended for the named recipient only.",
        ),
        (
            "disclaimer label",
            "Disclaimer: This e-mail and any attachments are confidential.",
        ),
    ];
    for (name, closing) in closings {
        let body = format!("{LABELLED}\n\n{closing}\n\n{QUOTED_REMINDER}");
        let got = extract(Some(&body), None);
        check(name, &got, &labelled_expect());
        for gone in [
            "Occupational Therapist",
            "confidential",
            "iPhone",
            "Galaxy",
            "Outlook for",
        ] {
            assert!(!got.reply_text.contains(gone), "case {name:?}: {gone:?} removed");
        }
    }
}

#[test]
fn quote_headers_in_other_languages() {
    let headers: &[(&str, &str)] = &[
        (
            "welsh",
            "Ar Maw, 3 Tach 2026 am 09:00, Improvement Lab <lab@lab.example.org> ysgrifennodd:",
        ),
        (
            "french",
            "Le mar. 3 nov. 2026 à 09:00, Improvement Lab <lab@lab.example.org> a écrit :",
        ),
        (
            "german",
            "Am Di., 3. Nov. 2026 um 09:00 Uhr schrieb Improvement Lab <lab@lab.example.org>:",
        ),
        (
            "spanish",
            "El mar, 3 nov 2026 a las 9:00, Improvement Lab (<lab@lab.example.org>) escribió:",
        ),
        (
            "dutch",
            "Op di 3 nov. 2026 om 09:00 schreef Improvement Lab <lab@lab.example.org>:",
        ),
        (
            "apple",
            "On 3 Nov 2026, at 09:00, Improvement Lab <lab@lab.example.org> wrote:",
        ),
        (
            "wrapped",
            "On Tue, 3 Nov 2026 at 09:00, Improvement Lab <\nlab@lab.example.org> wrote:",
        ),
    ];
    for (name, header) in headers {
        let quote = QUOTED_REMINDER.lines().skip(1).collect::<Vec<_>>().join("\n");
        let body = format!("{LABELLED}\n\n{header}\n{quote}");
        check(name, &extract(Some(&body), None), &labelled_expect());
    }
    let outlook: &[(&str, &str)] = &[
        (
            "original message",
            "-----Original Message-----\nFrom: Improvement Lab\nSent: 03 November 2026 09:00",
        ),
        (
            "french outlook",
            "De : Improvement Lab <lab@lab.example.org>\nEnvoyé : mardi 3 novembre 2026 09:00\nÀ : Sam\nObjet : Cycle 3",
        ),
        (
            "german outlook",
            "Von: Improvement Lab <lab@lab.example.org>\nGesendet: Dienstag, 3. November 2026 09:00\nAn: Sam\nBetreff: Zyklus 3",
        ),
        (
            "dutch outlook",
            "Van: Improvement Lab <lab@lab.example.org>\nVerzonden: dinsdag 3 november 2026 09:00\nAan: Sam\nOnderwerp: Cyclus 3",
        ),
        (
            "spanish outlook",
            "De: Improvement Lab <lab@lab.example.org>\nEnviado: martes, 3 de noviembre de 2026 9:00\nPara: Sam\nAsunto: Ciclo 3",
        ),
        (
            "welsh outlook",
            "Oddi wrth: Improvement Lab <lab@lab.example.org>\nAnfonwyd: 03 Tachwedd 2026 09:00\nAt: Sam\nPwnc: Cylch 3",
        ),
    ];
    for (name, header) in outlook {
        let body = format!("{LABELLED}\n\n{header}\n\nHi Sam,\n1. What change or idea did you test this cycle?\n");
        check(name, &extract(Some(&body), None), &labelled_expect());
    }
}

#[test]
fn html_only_replies() {
    let gmail = concat!(
        "<div dir=\"ltr\"><div>Hi Lab,</div><div><br></div>",
        "<div><b>Change:</b> a falls-risk checklist at the front desk</div>",
        "<div><b>Prediction:</b> more high-risk patients found early</div>",
        "<div><b>What happened:</b> receptionists found it easy</div>",
        "<div><b>Measures:</b> Patients screened: 140</div>",
        "<div><b>Learning:</b> it needs a clear referral route</div>",
        "<div><b>Decision:</b> Adopt</div>",
        "<div><b>Next steps:</b> agree the route with the falls team</div><div><br></div>",
        "<div>Diolch,</div><div>Ffion</div></div><br>",
        "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Tue, 3 Nov 2026 at 09:00, ",
        "Improvement Lab &lt;<a href=\"mailto:lab@lab.example.org\">lab@lab.example.org</a>&gt; wrote:<br></div>",
        "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex\">",
        "<div>1. What change or idea did you test this cycle?</div><div><br></div>",
        "<div>2. What did you predict would happen?</div></blockquote></div>"
    );
    let outlook = concat!(
        "<html><head><style>p.MsoNormal{margin:0cm}</style></head><body><div class=WordSection1>",
        "<p class=MsoNormal>Change: a falls-risk checklist at the front desk<o:p></o:p></p>",
        "<p class=MsoNormal>Prediction: more high-risk patients found early<o:p></o:p></p>",
        "<p class=MsoNormal>What happened: receptionists found it easy<o:p></o:p></p>",
        "<p class=MsoNormal>Measures:<o:p></o:p></p><ul><li>Patients screened: 140</li></ul>",
        "<p class=MsoNormal>Learning: it needs a clear referral route<o:p></o:p></p>",
        "<p class=MsoNormal>Decision: Adopt &#8211; no changes<o:p></o:p></p>",
        "<p class=MsoNormal>Next steps: agree the route with the falls team<o:p></o:p></p>",
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Kind regards,<o:p></o:p></p>",
        "<p class=MsoNormal>Sian Evans<o:p></o:p></p><p class=MsoNormal>Falls Lead<o:p></o:p></p>",
        "<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>From:</b> ",
        "Improvement Lab &lt;lab@lab.example.org&gt;<br><b>Sent:</b> 03 November 2026 09:00<br>",
        "<b>To:</b> Sian Evans<br><b>Subject:</b> Cycle 3</p></div>",
        "<p class=MsoNormal>1. What change or idea did you test this cycle?</p></div></body></html>"
    );
    // Unlabelled answers in the reminder's order above Outlook's history: Word's
    // paragraphs are lines, so the two measures stay one answer.
    let outlook_in_order = concat!(
        "<html><head><style>p.MsoNormal{margin:0cm}</style></head><body><div class=WordSection1>",
        "<p class=MsoNormal>Hi,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>A falls-risk checklist at the front desk<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>More high-risk patients found early<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>Receptionists found it easy<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>Patients screened: 140<o:p></o:p></p><p class=MsoNormal>Referred to the falls team: 12<o:p></o:p></p>",
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>It needs a clear referral route<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>Adopt<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>Agree the route with the falls team<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>",
        "<p class=MsoNormal>Thanks<o:p></o:p></p><p class=MsoNormal>Sian<o:p></o:p></p>",
        "<div style='border:none;border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>From:</b> ",
        "Improvement Lab &lt;lab@lab.example.org&gt;<br><b>Sent:</b> 03 November 2026 09:00<br>",
        "<b>To:</b> Sian Evans<br><b>Subject:</b> Cycle 3</p></div>",
        "<p class=MsoNormal>1. What change or idea did you test this cycle?</p>",
        "<p class=MsoNormal>2. What did you predict would happen?</p>",
        "<p class=MsoNormal>3. What happened when you tried it?</p>",
        "<p class=MsoNormal>4. What did you measure?</p></div></body></html>"
    );
    check(
        "outlook answers in order",
        &extract(None, Some(outlook_in_order)),
        &Expect {
            change: Some("A falls-risk checklist at the front desk"),
            prediction: Some("More high-risk patients found early"),
            what_happened: Some("Receptionists found it easy"),
            measures: &[
                ("Patients screened", "140", None),
                ("Referred to the falls team", "12", None),
            ],
            learning: Some("It needs a clear referral route"),
            decision: Some(Adopt),
            next_steps: Some("Agree the route with the falls team"),
            ..Expect::default()
        },
    );
    let owa = concat!(
        "<div>Change - a falls-risk checklist at the front desk<br>Prediction - more high-risk patients found early<br>",
        "What happened - receptionists found it easy<br>Measures - Patients screened: 140<br>",
        "Learning - it needs a clear referral route<br>Decision - keep it as is<br>",
        "Next - agree the route with the falls team</div>",
        "<div id=\"appendonsend\"></div><hr style=\"display:inline-block;width:98%\">",
        "<div id=\"divRplyFwdMsg\"><b>From:</b> Improvement Lab<br><b>Sent:</b> 03 November 2026<br>",
        "<b>To:</b> Kim<br><b>Subject:</b> Cycle 3</div><div>1. What change or idea did you test this cycle?</div>"
    );
    for (name, html) in [("gmail", gmail), ("outlook desktop", outlook), ("outlook web", owa)] {
        let got = extract(None, Some(html));
        check(name, &got, &labelled_expect());
        assert!(!got.reply_text.contains("From:"), "case {name:?}: history removed");
    }
    let blank_text = extract(Some("  \n \n"), Some(gmail));
    check("blank text part", &blank_text, &labelled_expect());
    let html_in_text = extract(Some(gmail), None);
    check("html in the text part", &html_in_text, &labelled_expect());
}

#[test]
fn inline_answers_in_html_and_in_outlook_history() {
    let apple = concat!(
        "<div>Answers below, sorry for the delay!</div><br><div>On 3 Nov 2026, at 09:00, Improvement Lab ",
        "&lt;lab@lab.example.org&gt; wrote:</div><blockquote type=\"cite\"><div>Hi,</div>",
        "<div>1. What change or idea did you test this cycle?</div></blockquote>",
        "<div>A falls-risk checklist at the front desk</div>",
        "<blockquote type=\"cite\"><div>2. What did you predict would happen?</div></blockquote>",
        "<div>More high-risk patients found early</div>",
        "<blockquote type=\"cite\"><div>6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`)</div></blockquote>",
        "<div>Abandon</div><blockquote type=\"cite\"><div>7. What will you test next cycle?</div></blockquote>",
        "<div>A referral card</div><blockquote type=\"cite\"><div>Thanks, the Lab</div></blockquote>"
    );
    check(
        "apple html inline",
        &extract(None, Some(apple)),
        &Expect {
            change: Some("A falls-risk checklist at the front desk"),
            prediction: Some("More high-risk patients found early"),
            decision: Some(Abandon),
            next_steps: Some("A referral card"),
            warnings: &["no answer for: what_happened, measures, learning"],
            ..Expect::default()
        },
    );
    let outlook_history = "Please see my answers below in blue.

Thanks
Helen

From: Improvement Lab <lab@lab.example.org>
Sent: 03 November 2026 09:00
To: Helen Price <helen.price@nhs.net>
Subject: Cycle 3

Hi Helen,

1. What change or idea did you test this cycle?
A triage huddle at 8.30 every morning

2. What did you predict would happen?
Fewer urgent referrals waiting over 48 hours

3. What happened when you tried it?

4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")
Urgent referrals waiting over 48h: 3

5. What did you learn, and how did it compare with your prediction?
It worked better than we thought.

6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`)
Adopt

7. What will you test next cycle?
The same huddle at weekends

You can also use the form: https://lab.example.org/cycles/6f1c2a9b
";
    check(
        "outlook history",
        &extract(Some(outlook_history), None),
        &Expect {
            change: Some("A triage huddle at 8.30 every morning"),
            prediction: Some("Fewer urgent referrals waiting over 48 hours"),
            measures: &[("Urgent referrals waiting over 48h", "3", None)],
            learning: Some("It worked better than we thought."),
            decision: Some(Adopt),
            next_steps: Some("The same huddle at weekends"),
            warnings: &["no answer for: what_happened"],
            reply_has: &["Please see my answers", "The same huddle at weekends"],
            reply_lacks: &["use the form"],
            ..Expect::default()
        },
    );
}

#[test]
fn replies_that_need_review() {
    let prose = format!(
        "Hi Lab team,\n\nSorry we didn't fill this in properly. We tried a new referral letter and people said it was clearer. We'll talk about it at the next team meeting.\n\nBest wishes,\nAnna\n\n{QUOTED_REMINDER}"
    );
    check(
        "free prose",
        &extract(Some(&prose), None),
        &Expect {
            needs_review: true,
            warnings: &["no answers"],
            reply_has: &["new referral letter", "Best wishes,\nAnna"],
            reply_lacks: &["wrote:"],
            ..Expect::default()
        },
    );
    let unplaced = format!("Quick note first: the clinic room flooded in week 2.\n\n{LABELLED}");
    check(
        "unplaced text",
        &extract(Some(&unplaced), None),
        &Expect {
            needs_review: true,
            warnings: &["text not placed in any field: Quick note first: the clinic room flooded"],
            reply_has: &["the clinic room flooded"],
            ..labelled_expect()
        },
    );
    let unsure = LABELLED.replace("Decision: adopt", "Decision: not sure yet, need to ask the team");
    check(
        "decision not recognised",
        &extract(Some(&unsure), None),
        &Expect {
            decision: None,
            needs_review: true,
            warnings: &["not adopt, adapt or abandon", "not sure yet"],
            ..labelled_expect()
        },
    );
    // Figures promised for later, or said to be in an attachment or an earlier reply.
    for (name, measures, warning) in [
        (
            "figures to follow",
            "Numbers to follow – Carys is pulling them off the system",
            "figures are still to come",
        ),
        (
            "measures in an attachment",
            "in the attached spreadsheet (too many to type out)",
            "points to an attachment",
        ),
        ("measures as last month", "same as last month", "an earlier reply"),
    ] {
        let body = LABELLED.replace("Measures: Patients screened: 140", &format!("Measures: {measures}"));
        check(
            name,
            &extract(Some(&body), None),
            &Expect {
                measures: &[],
                needs_review: true,
                warnings: &[warning],
                ..labelled_expect()
            },
        );
    }
    let paragraphs = format!(
        "Hi,\n\nA falls-risk checklist at the front desk\n\nMore high-risk patients found early\n\nReceptionists found it easy\n\nPatients screened: 140\n\nIt needs a clear referral route\n\nAdopt\n\nAgree the route with the falls team\n\nThanks,\nSam\n\n{QUOTED_REMINDER}"
    );
    check(
        "seven paragraphs",
        &extract(Some(&paragraphs), None),
        &Expect {
            change: Some("A falls-risk checklist at the front desk"),
            prediction: Some("More high-risk patients found early"),
            what_happened: Some("Receptionists found it easy"),
            measures: &[("Patients screened", "140", None)],
            learning: Some("It needs a clear referral route"),
            decision: Some(Adopt),
            next_steps: Some("Agree the route with the falls team"),
            ..Expect::default()
        },
    );
    // Seven paragraphs of a letter with no reminder quoted are no answers.
    let letter = format!(
        "Hi,\n\n{long}\n\n{long}\n\n{long}\n\nWe saw 40 patients in all.\n\n{long}\n\nWe will keep it.\n\n{long}\n\nThanks,\nSam",
        long = "We talked about the checklist at every huddle this month and the receptionists were keen from the start, \
                although the afternoon staff took a while to see the point of it because they rarely see the patients \
                who fall, and the ones who do are usually sent straight through to the nurses without a word, which \
                is something we keep meaning to raise at the practice meeting but never quite get to, what with \
                the winter pressures and the new phone system."
    );
    let e = extract(Some(&letter), None);
    assert!(e.fields.is_empty(), "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
    // Without a decision in the sixth place the order is a guess, for a person.
    let undecided = paragraphs.replace("\n\nAdopt\n\n", "\n\nWe need to talk about it as a team\n\n");
    check(
        "seven paragraphs, no decision sixth",
        &extract(Some(&undecided), None),
        &Expect {
            change: Some("A falls-risk checklist at the front desk"),
            prediction: Some("More high-risk patients found early"),
            what_happened: Some("Receptionists found it easy"),
            measures: &[("Patients screened", "140", None)],
            learning: Some("It needs a clear referral route"),
            next_steps: Some("Agree the route with the falls team"),
            needs_review: true,
            warnings: &["by their order"],
            ..Expect::default()
        },
    );
    check(
        "empty",
        &extract(None, None),
        &Expect {
            needs_review: true,
            warnings: &["no text"],
            ..Expect::default()
        },
    );
    check(
        "only a quote",
        &extract(Some(QUOTED_REMINDER), None),
        &Expect {
            needs_review: true,
            warnings: &["no text"],
            ..Expect::default()
        },
    );
}

#[test]
fn decision_wordings_through_extract() {
    let cases = [
        (
            "adapt sentence",
            "We will abandon the paper form and adapt to a verbal check",
            Some(Adapt),
        ),
        ("roll out", "Roll it out to the other two sites", Some(Adopt)),
        ("scrap", "Scrap it, too much admin", Some(Abandon)),
    ];
    for (name, decision_text, expected) in cases {
        let body = LABELLED.replace("Decision: adopt", &format!("Decision: {decision_text}"));
        check(
            name,
            &extract(Some(&body), None),
            &Expect {
                decision: expected,
                ..labelled_expect()
            },
        );
    }
}
