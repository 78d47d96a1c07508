//! Answers in plain-text tables and spreadsheets, bottom-posted under a quote that opens
//! with its own attribution, passed on inside an internal thread, and notes that put the
//! decision right or say the answers are another cycle's.

use super::super::Decision::{Abandon, Adapt, Adopt};
use super::super::decision::corrected;
use super::super::{extract, extract_message};
use super::support::{Expect, QUOTED_REMINDER, check};

/// The reminder as iOS quotes it under a bottom-posted reply: its attribution inside the
/// quote, and labloop's footer at its end.
fn quote_with_footer() -> String {
    let (_, quoted) = QUOTED_REMINDER.split_once('\n').expect("an attribution line");
    let body = quoted.replace(
        "> Thanks,\n> The Improvement Lab team\n",
        "> --\n> You receive this because you subscribed to updates from Improvement Lab.\n\
         > Unsubscribe: https://lab.example.org/unsubscribe/u.gwpmeied4jmjnd65oybjq2qg",
    );
    assert!(body.contains("Unsubscribe"), "the footer replaced the sign-off");
    format!("> On 2 Jun 2031, at 08:00, Lab cycles <lab@lab.example.org> wrote:\n>\n{body}")
}

#[test]
fn answers_under_a_quote_that_opens_with_its_attribution_and_ends_with_the_footer() {
    let body = format!(
        "Sent from my iPad\n\n{}\n\n1. Med rec by pharm tech within 24h\n2. more done within 24h\n\
         3. 80% done in 24h\n4. Med recs within 24h: 80%\n5. works\n6. adopt\n7. weekend cover\n",
        quote_with_footer()
    );
    for body in [body.clone(), body.replace("Sent from my iPad\n\n", "")] {
        let e = extract(Some(&body), None);
        check(
            "bottom-posted under the footer",
            &e,
            &Expect {
                change: Some("Med rec by pharm tech within 24h"),
                prediction: Some("more done within 24h"),
                what_happened: Some("80% done in 24h"),
                measures: &[("Med recs within 24h", "80", Some("%"))],
                learning: Some("works"),
                decision: Some(Adopt),
                next_steps: Some("weekend cover"),
                reply_lacks: &["time for your cycle update", "Unsubscribe"],
                ..Expect::default()
            },
        );
    }
}

#[test]
fn numbered_answers_run_on_one_line_may_skip_questions() {
    let e = extract(
        Some(
            "1. safety huddle at 2pm, 2. fewer falls on lates, 3. one fall all month, 6. adopt\n\nSent from my iPhone",
        ),
        None,
    );
    check(
        "run on with a skip",
        &e,
        &Expect {
            change: Some("safety huddle at 2pm"),
            prediction: Some("fewer falls on lates"),
            what_happened: Some("one fall all month"),
            decision: Some(Adopt),
            warnings: &["no answer for"],
            ..Expect::default()
        },
    );
    // A skip needs the comma: "3. took 5. minutes" is no fifth answer.
    let e = extract(Some("1. a, 2. b, 3. took 5. minutes each, 4. Calls: 12"), None);
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("took 5. minutes each"),
        "{e:#?}"
    );
}

#[test]
fn a_markdown_table_of_questions_and_answers() {
    let body = "Did this as a table:\n\n| Question | Answer |\n|---|---|\n| Change | Same-day triage call |\n\
                | Prediction | Fewer drop-outs |\n| What happened | 49 of 58 called same day |\n\
                | Measures | Self-referrals: 58; Called same day: 49 |\n| Learning | Works when they answer |\n\
                | Decision | Adapt |\n| Next steps | Text first, then call |\n\nBest,\nFiona";
    check(
        "markdown table",
        &extract(Some(body), None),
        &Expect {
            change: Some("Same-day triage call"),
            prediction: Some("Fewer drop-outs"),
            what_happened: Some("49 of 58 called same day"),
            measures: &[("Self-referrals", "58", None), ("Called same day", "49", None)],
            learning: Some("Works when they answer"),
            decision: Some(Adapt),
            next_steps: Some("Text first, then call"),
            ..Expect::default()
        },
    );
}

#[test]
fn a_grid_with_wrapped_cells_and_a_table_of_measures_with_units() {
    let body = "+----------+------------------------------+\n\
                | Change   | Consent talks moved to the   |\n\
                |          | relatives' room.             |\n\
                +----------+------------------------------+\n\
                | Prediction | More people would agree    |\n\
                +----------+------------------------------+\n\
                | Measures | Approached: 22               |\n\
                |          | Consented: 15                |\n\
                +----------+------------------------------+\n\
                | Learning | Privacy matters              |\n\
                +----------+------------------------------+\n\
                | Decision | adopt                        |\n\
                +----------+------------------------------+\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("Consent talks moved to the relatives' room."),
        "{e:#?}"
    );
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adopt));

    let body = "Change: roving vaccinators\nPrediction: more staff\nWhat happened: popular\nMeasures:\n\n\
                | Measure | Value | Unit |\n|---|---|---|\n| Staff vaccinated | 286 | staff |\n| Sessions run | 14 | |\n\n\
                Learning: go to them\nDecision: Adopt\nNext: two cool boxes";
    let e = extract(Some(body), None);
    check(
        "measure table with units",
        &e,
        &Expect {
            change: Some("roving vaccinators"),
            prediction: Some("more staff"),
            what_happened: Some("popular"),
            measures: &[("Staff vaccinated", "286", Some("staff")), ("Sessions run", "14", None)],
            learning: Some("go to them"),
            decision: Some(Adopt),
            next_steps: Some("two cool boxes"),
            ..Expect::default()
        },
    );
}

#[test]
fn a_spreadsheet_row_under_a_heading_row_of_labels() {
    let body = "Copied our row from the tracker:\n\n\
                Change\tPrediction\tWhat happened\tMeasures\tLearning\tDecision\tNext\n\
                Call-back option\tFewer abandoned calls\tUsed a lot\tCalls answered: 312; Abandoned: 41\tHalved\tAdopt\tAsk for the number first\n\n\
                Thanks,\nDeclan";
    check(
        "labels across",
        &extract(Some(body), None),
        &Expect {
            change: Some("Call-back option"),
            prediction: Some("Fewer abandoned calls"),
            what_happened: Some("Used a lot"),
            measures: &[("Calls answered", "312", None), ("Abandoned", "41", None)],
            learning: Some("Halved"),
            decision: Some(Adopt),
            next_steps: Some("Ask for the number first"),
            ..Expect::default()
        },
    );
    // Last month's row left in above: the last row is read, for a person to check.
    let body = "Cycle | Change | Prediction | What happened | Learning | Decision | Next\n\
                5 (May) | Leaflet | More sign-ups | Forgotten | Too easy to forget | Adapt | QR code\n\
                6 (June) | QR code on the letter | Double | Went up | Better | Adopt | Booking letter too";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("QR code on the letter"), "{e:#?}");
    assert!(
        e.needs_review && e.warnings.iter().any(|w| w.contains("more than one cycle")),
        "{e:#?}"
    );
}

#[test]
fn table_rows_through_html_and_tabs_lose_their_bars_and_numbers() {
    let body = "Question | Our answer\nWhat did you test? | Shopping vouchers\nWhat did you predict? | More quit dates\n\
                What happened? | A few more\nWhat did you measure? | Quit dates set: 18\nWhat did you learn? | Not enough\n\
                Adopt / adapt / abandon? | Abandon for now.\nNext cycle | Text follow-up";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Shopping vouchers"), "{e:#?}");
    assert_eq!(e.fields.what_happened.as_deref(), Some("A few more"), "{e:#?}");

    let body = "No.\tQuestion\tAnswer\n1\tChange\tFoot checks on dialysis\n2\tPrediction\tFive or six found\n\
                3\tWhat happened\tMore than expected\n4\tMeasures\tPatients checked: 46\n5\tLearning\tBig need\n\
                6\tAdopt/adapt/abandon\tADOPT\n7\tNext cycle\tOther lists";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Foot checks on dialysis"), "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Other lists"), "{e:#?}");
}

#[test]
fn a_measures_table_one_cell_a_line_with_a_unit_column() {
    let body = "Change: reusable arms\nPrediction: a third fewer gloves\nWhat happened: fewer gloves\nMeasures\n\nMeasure\n\nValue\n\nUnit\n\n\
                Gloves used per session\n\n410\n\npairs\n\nPlastics recycled\n\n12.5\n\nkg\n\nTeaching sessions run\n\n18\n\n\
                Learning: tutors must model it\nDecision: Adapt\nNext: brief tutors";
    let e = extract(Some(body), None);
    let got: Vec<(String, Option<String>)> = e
        .fields
        .measures
        .iter()
        .map(|m| (m.name.clone(), m.unit.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("Gloves used per session".to_string(), Some("pairs".to_string())),
            ("Plastics recycled".to_string(), Some("kg".to_string())),
            ("Teaching sessions run".to_string(), None),
        ],
        "{e:#?}"
    );
}

#[test]
fn a_bilingual_outlook_header_block_starts_the_history() {
    let body = "Newid / Change: Welsh assessments offered at booking\nDecision: Adapt\n\nDiolch,\nCeri\n\n\
                Oddi wrth / From: Lab cycles <lab@lab.example.org>\nAnfonwyd / Sent: 01 November 2031 08:00\n\
                At / To: Ceri Llywelyn <ceri@wales.example>\nPwnc / Subject: Cycle 8 (November 2031): what did you test?\n\n\
                1. What change or idea did you test this cycle?\n\n6. Will you adopt, adapt or abandon the change?\n";
    let e = extract(Some(body), None);
    assert!(!e.reply_text.contains("What change or idea"), "{e:#?}");
    assert!(!e.warnings.iter().any(|w| w.contains("more than once")), "{e:#?}");
}

#[test]
fn a_colleagues_answers_further_down_an_internal_thread() {
    let colleague = "From: Baird, Tom <tom.baird@trust.example>\nSent: 21 November 2030 21:14\nTo: MacLeod, Fiona <fiona@trust.example>\n\
                     Subject: lab answers Nov\n\nChange - Checklist the day before\nPrediction - Earlier discharges\n\
                     What happened - TTOs ready the night before\nMeasures\n- Discharges before noon: 11 of 38\n\
                     Lessons learnt - Helps pharmacy\nDecision - Adopt\nNext steps - Fridays too\n\nTom\n";
    let body =
        format!("Hi,\n\nTom wrote these for Ward 4B – I've read them and I'm happy with them.\n\nFiona\n\n{colleague}");
    let e = extract_message(
        Some(&body),
        None,
        None,
        Some("RE: Reminder: cycle 11 (November 2030), what did Ward 4B test?"),
    );
    assert_eq!(e.fields.change.as_deref(), Some("Checklist the day before"), "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");

    // The one passing them on names another decision: a person settles it.
    let body = format!(
        "Hi,\n\nTom's answers are below. I'm not sure about his \"adopt\" – I think we need to adapt the timing first.\n\nFiona\n\n{colleague}"
    );
    let e = extract_message(
        Some(&body),
        None,
        None,
        Some("RE: Reminder: cycle 11 (November 2030), what did Ward 4B test?"),
    );
    assert_eq!(e.fields.change.as_deref(), Some("Checklist the day before"), "{e:#?}");
    assert_eq!(e.fields.decision, None, "{e:#?}");
    assert!(e.needs_review, "{e:#?}");

    // With no note pointing down, the history under a reply is not read.
    let body = format!("Hi, sorry we're late.\n\nFiona\n\n{colleague}");
    let e = extract_message(
        Some(&body),
        None,
        None,
        Some("RE: Reminder: cycle 11 (November 2030), what did Ward 4B test?"),
    );
    assert!(e.fields.is_empty(), "{e:#?}");
}

#[test]
fn a_note_that_puts_the_decision_right() {
    let e = extract(
        Some(
            "Sorry, one correction to what I sent earlier – the decision should be adapt not adopt. Everything else is right.\n\nOwain",
        ),
        None,
    );
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
    // Only a decision put right counts as one: told, or denied, it is not a correction.
    assert_eq!(corrected("our decision is abandon, not adapt"), Some(Abandon));
    assert_eq!(
        corrected("the decision was adopt, after a long talk about the rota"),
        None
    );
    assert_eq!(corrected("the decision shouldn't be adopt"), None);
}

#[test]
fn a_decision_hedged_in_shorthand_or_put_off_is_left_open() {
    for decision in [
        "adopt prob, need to check w matron first",
        "Actually scratch that - abandon for now?? I'll confirm next week.",
    ] {
        let body = format!(
            "Change: turns chart at the bedside\nPrediction: fewer missed turns\nWhat happened: fewer missed\nDecision: {decision}"
        );
        let e = extract(Some(&body), None);
        assert_eq!(e.fields.decision, None, "{decision}: {e:#?}");
        assert!(e.needs_review, "{e:#?}");
    }
}

#[test]
fn answers_said_to_be_another_cycles() {
    let body = "These are for June (cycle 6), we missed that one. Will do July's separately.\n\
                1. Tea and chat group\n2. better mood\n3. 5-6 came each week\n6. adopt";
    let subject = "Re: Cycle 7 (July 2031): what did you test?";
    let e = extract_message(Some(body), None, None, Some(subject));
    assert!(e.warnings.iter().any(|w| w.contains("another cycle")), "{e:#?}");
    let e = extract_message(
        Some(
            "Team: Memory Clinic\nCycle: 6 (May 2031)\n\nChange: calls\nPrediction: less anxiety\nWhat happened: fine\nLearning: ok\nDecision: adapt",
        ),
        None,
        None,
        Some("Re: Reminder: cycle 7 (June 2031), what did Memory Clinic test?"),
    );
    assert!(
        e.needs_review && e.warnings.iter().any(|w| w.contains("another cycle")),
        "{e:#?}"
    );
    // The subject's own month among those named, or a month promised for later: no note.
    for intro in [
        "Answers for December and January together, we didn't reply last month.",
        "Here are ours for January, I'll do February on time.",
    ] {
        let body =
            format!("{intro}\nChange: x\nPrediction: y\nWhat happened: z\nLearning: w\nDecision: adopt\nNext: v");
        let e = extract_message(
            Some(&body),
            None,
            None,
            Some("Re: Cycle 9 (January 2030): what did you test?"),
        );
        assert!(
            !e.warnings.iter().any(|w| w.contains("another cycle")),
            "{intro}: {e:#?}"
        );
    }
}

#[test]
fn irish_closing_beir_bua() {
    let e = extract(
        Some(
            "Change: x\nPrediction: y\nWhat happened: z\nMeasures: Calls: 4\nLearning: w\nDecision: adopt\nNext: v\n\nBeir bua,\nAoife",
        ),
        None,
    );
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn the_leads_answers_above_and_a_colleagues_below_make_one_record() {
    let body = "Hi,\n\nI've done 1–3 and Kasia has done the rest (below).\n\nChange: Nurse-led first assessments\n\
                Prediction: Shorter waits\nWhat happened: Nurses took on more than we thought\n\nKind regards,\nJon\n\n\
                From: Nowak, Katarzyna <k.nowak@trust.example>\nSent: Wednesday, 11 February 2032 13:31\n\
                To: Aldridge, Jon <jon.aldridge@trust.example>\nSubject: RE: memory service lab\n\n\
                Measures:\nFirst assessments by nurses: 38\nLearning: Most people don't need a consultant first\n\
                Decision: Adapt\nNext: Add a consultant review slot each week\n\nKasia\n";
    check(
        "split between two",
        &extract_message(
            Some(body),
            None,
            None,
            Some("RE: Cycle 2 (February 2032): what did you test?"),
        ),
        &Expect {
            change: Some("Nurse-led first assessments"),
            prediction: Some("Shorter waits"),
            what_happened: Some("Nurses took on more than we thought"),
            measures: &[("First assessments by nurses", "38", None)],
            learning: Some("Most people don't need a consultant first"),
            decision: Some(Adapt),
            next_steps: Some("Add a consultant review slot each week"),
            ..Expect::default()
        },
    );
    // Two different decisions, one above and one below: for a person.
    let both = body.replace(
        "What happened: Nurses took on more than we thought\n",
        "What happened: Nurses took on more\nDecision: Adopt\n",
    );
    let e = extract_message(Some(&both), None, None, Some("RE: Cycle 2"));
    assert_eq!(e.fields.decision, None, "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
}

#[test]
fn a_decision_left_to_the_lead_or_disputed_by_them() {
    let colleague = "---------- Forwarded message ---------\nFrom: Sam Osei <sam@trust.example>\nDate: Fri, 16 May 2031 at 17:02\n\
                     Subject: lab answers May\nTo: Sue Pickering <sue@trust.example>\n\n\
                     Change: Wound photos on the tablet\nPrediction: Fewer joint visits\nWhat happened: Fewer visits\n\
                     Measures:\nJoint visits: 4\nLearning: Photos do the job\nNext: Train the bank staff\n";
    let e = extract(
        Some(&format!(
            "Sam's answers are below. Sam left question 6 for me – we're adopting it.\n\nSue\n\n{colleague}"
        )),
        None,
    );
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
    let theirs = colleague.replace("Next: Train", "Decision: Adopt\nNext: Train");
    let e = extract(
        Some(&format!(
            "Sam's answers are below. I don't agree with \"adopt\" though – we can't staff it.\n\nSue\n\n{theirs}"
        )),
        None,
    );
    assert_eq!(e.fields.decision, None, "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
    // A decision the lead settles: theirs is changed, and the change told.
    let e = extract(
        Some(&format!(
            "Sam's answers are below. Sam put adopt but the team agreed today we'll adapt it.\n\nSue\n\n{theirs}"
        )),
        None,
    );
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
    assert!(
        e.warnings.iter().any(|w| w.contains("changes their decision")),
        "{e:#?}"
    );
}

#[test]
fn a_colleagues_message_quoted_under_its_attribution_or_forwarded_by_apple_mail() {
    let quoted = "> Change: Bedside handover at night\n> Prediction: Fewer missed jobs\n> What happened: Took longer\n\
                  > Measures:\n> Handovers at the bedside: 11 of 30\n> Learning: Can't staff it\n> Decision: Abandon\n> Next: A shorter sheet\n";
    let gmail = format!(
        "Aoife's answers are below – I've just replied to her email.\n\nLiam\n\nOn Tue, 14 Oct 2031 at 16:20, Aoife Byrne <aoife@trust.example> wrote:\n{quoted}"
    );
    let apple = format!(
        "Ciara's answers for the falls group. All correct, thanks!\n\nKirsty\n\nSent from my iPhone\n\nBegin forwarded message:\n\n\
                         > From: Ciara Doyle <ciara@hscp.example>\n> Date: 12 November 2031 at 15:47:00 GMT\n> Subject: falls answers\n>\n{quoted}"
    );
    for body in [gmail, apple] {
        let e = extract_message(Some(&body), None, None, Some("Re: lab answers October"));
        assert_eq!(e.fields.what_happened.as_deref(), Some("Took longer"), "{e:#?}");
        assert_eq!(e.fields.decision, Some(super::super::Decision::Abandon), "{e:#?}");
    }
}

#[test]
fn answers_under_the_reminder_and_its_footer_forwarded_without_quoting() {
    let body = "\n-----Original Message-----\nFrom: Lab cycles <lab@lab.example.org>\nSent: 02 June 2031 08:00\n\
                To: Gareth Lloyd <gareth@wales.example>\nSubject: Cycle 6 (June 2031): what did you test?\n\n\
                Hello Gareth,\n\nCycle 6 (June 2031) has started for Pulmonary Rehab. When you have tried your change, reply to this email with your answers to these questions, in your own words.\n\n\
                1. What change or idea did you test this cycle?\n\n6. Will you adopt, adapt or abandon the change?\n\n\
                -- \nYou receive this because you subscribed to updates from Improvement Lab.\nUnsubscribe: https://lab.example.org/unsubscribe/u.x\n\n\
                My answers (typing at the bottom):\n\n1. Evening sessions\n\n2. More working-age patients\n\n3. Uptake went up\n\n\
                4. Accepted: 12\n\n5. Half right\n\n6. Adapt – one evening, one Saturday\n\n7. Saturday mornings\n\nKind regards\nGareth\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Evening sessions"), "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert!(!e.reply_text.contains("Hello Gareth"), "{e:#?}");
}

#[test]
fn a_pasting_note_and_thanks_a_million_need_no_person() {
    let e = extract(
        Some(
            "Pasting from the sheet we keep for this:\n\nChange: drop-in clinic\nPrediction: more students\nWhat happened: busy\nMeasures:\nStudents: 64\nLearning: timing matters\nDecision: Adopt\nNext: Mondays\n\nThanks a million,\nAoife",
        ),
        None,
    );
    assert!(!e.needs_review, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Mondays"), "{e:#?}");
}

#[test]
fn the_receipt_under_a_note_pointing_down_is_not_read_as_answers() {
    let body = "Hi, the answers below are not quite right, Jo will send the correct ones.\n\nSue\n\n\
                From: Lab cycles <lab@lab.example.org>\nSent: 20 May 2031 09:00\nTo: Sue Pickering <sue@trust.example>\n\
                Subject: Recorded: cycle 5 (May 2031)\n\nHello Sue,\n\n\
                Thank you. This is what we recorded for Eastfield, cycle 5 (May 2031):\n\nChange tested:\n  Wound photos\n\n\
                Prediction:\n  Fewer joint visits\n\nDecision:\n  adopt\n\nTo correct anything, use the form: https://lab.example.org/f\n";
    let e = extract_message(Some(body), None, None, Some("RE: Recorded: cycle 5 (May 2031)"));
    assert!(e.fields.is_empty(), "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
}
