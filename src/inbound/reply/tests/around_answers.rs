//! What sits around and between the answers: remarks above them, headings and
//! continuations inside them, names, postscripts and requests under them (a decision
//! given somewhere other than its own answer: `decision_placed.rs`).

use super::super::Decision::{Abandon, Adapt, Adopt};
use super::super::{extract, extract_message};

#[test]
fn a_heading_we_do_not_know_inside_an_answer_is_flagged_not_glued_silently() {
    let body = "Change: a huddle at 8.30\nOur hopes: fewer late starts\nWhat happened: it worked\n\
                Measures: late starts: 3\nLearning: keep it short\nDecision: adopt\nNext: add the therapists";
    let e = extract(Some(body), None);
    assert!(e.needs_review, "{e:?}");
    assert!(
        e.warnings
            .iter()
            .any(|w| w.contains("\"Our hopes\"") && w.contains("inside change")),
        "{:?}",
        e.warnings
    );
    // A note under an answer is not a heading.
    let body = "Change: a huddle at 8.30\nNote: only on weekdays\nPrediction: fewer late starts\nWhat happened: it worked\n\
                Measures: late starts: 3\nLearning: keep it short\nDecision: adopt\nNext: add the therapists";
    let e = extract(Some(body), None);
    assert!(!e.needs_review, "{e:?}");
}

#[test]
fn the_last_answer_loses_the_name_block_under_it_but_not_a_list_of_names() {
    let signed = "Change: text reminders\nPrediction: fewer DNAs\nWhat happened: fewer DNAs\nDecision: adopt\n\
                  Next: Depends on the meeting.\n\nSarah\nPractice Nurse, Riverside Medical Centre";
    assert_eq!(
        extract(Some(signed), None).fields.next_steps.as_deref(),
        Some("Depends on the meeting.")
    );
    let kissed = "Change: gel at every bed\nPrediction: better audit\nWhat happened: 92%\nDecision: adapt\n\
                  Next: Adding it to the night checklist.\n\nKelly x";
    assert_eq!(
        extract(Some(kissed), None).fields.next_steps.as_deref(),
        Some("Adding it to the night checklist.")
    );
    let rosa = "Change: gel at every bed\nPrediction: better audit\nWhat happened: 92%\nDecision: adapt\n\
                Next: Add an afternoon session.\nRosa x";
    assert_eq!(
        extract(Some(rosa), None).fields.next_steps.as_deref(),
        Some("Add an afternoon session.")
    );
    let wards = "Change: huddles\nPrediction: fewer falls\nWhat happened: fewer falls\nDecision: adopt\n\
                 Next: Roll out to two more wards:\n\nCardiology\nRespiratory";
    let next = extract(Some(wards), None).fields.next_steps.unwrap_or_default();
    assert!(next.contains("Cardiology") && next.contains("Respiratory"), "{next:?}");
}

#[test]
fn a_continuation_starting_with_also_stays_in_the_answer_but_other_comments_do_not() {
    let body = "Change: prompt on the checklist\nPrediction: more referrals\nWhat happened: 9 referred\n\
                Learning: it works\nDecision: adopt\n\
                Next: A referral prompt on the COPD discharge checklist.\n\
                Also want to try it for heart failure patients if cardiology agree.";
    let e = extract(Some(body), None);
    assert!(
        e.fields
            .next_steps
            .as_deref()
            .is_some_and(|n| n.contains("heart failure")),
        "{e:?}"
    );
    let with_comment = "Change: prompt\nPrediction: more\nWhat happened: 9\nLearning: works\nDecision: adopt\n\
                        Next: Night admissions too.\nOther comments: Matron asked if we can share the form, is that OK?";
    let e = extract(Some(with_comment), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("Night admissions too."));
    assert!(e.needs_review, "{e:?}");
}

#[test]
fn two_tests_reported_inside_each_answer_stay_in_the_answers() {
    let body = "Change:\nTest A - bed rails check at the huddle\nTest B - non-slip socks on admission\n\n\
                Prediction:\nTest A - fewer falls from bed\nTest B - fewer falls in the bathroom\n\n\
                What happened: fewer falls\nDecision: adopt";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("Test A - fewer falls from bed\nTest B - fewer falls in the bathroom")
    );
}

#[test]
fn unanswered_on_purpose_figures_in_a_list_welsh_abandon_and_a_longer_sign_off() {
    let body = "Change: text reminders\nPrediction: n/a\nWhat happened: fewer DNAs\n\
                Measures: offered 60, accepted 22, referred to GP 3\nLearning: -\n\
                Penderfyniad: Rhoi'r gorau iddi\nNext: more of the same\n\nWith best wishes,\nAnna\nPractice Manager";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.prediction, None);
    assert_eq!(e.fields.learning, None);
    assert_eq!(e.fields.measures.len(), 3, "{:?}", e.fields.measures);
    assert_eq!(e.fields.decision, Some(Abandon));
    assert_eq!(e.fields.next_steps.as_deref(), Some("more of the same"));
}

#[test]
fn postscripts_asides_pictures_and_figures_under_study() {
    // The decision only in a P.S., and a measure added in one.
    let body = "Change: a leaflet\nPrediction: more PIFU\nWhat happened: used by all\nMeasures:\nAgreed: 49\n\
                Learning: it helps\nNext: add the phone number\n\n\
                PS – meant to say on the adopt/adapt/abandon question: we're keeping it exactly as it is.\n\
                P.S. one more measure:\nRang the advice line: 6";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert_eq!(e.fields.measures.len(), 2, "{:?}", e.fields.measures);
    assert_eq!(e.fields.next_steps.as_deref(), Some("add the phone number"));

    // A correction in a P.S.; a pleasantry in a P.S. needs nobody.
    let body = "Change: texts\nPrediction: fewer drop-outs\nWhat happened: replies\nLearning: blunt wording\n\
                Decision: Adopt\nNext cycle: friendlier wording\n\n\
                P.S. Sorry, actually it's adapt rather than adopt – we're changing the wording first.\n\n\
                P.S. Thank you for the learning session, the team enjoyed it.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    // A P.S. under the signature does not keep the signature in the last answer.
    let body = "Change: red trays\nPrediction: more eaten\nWhat happened: better\nLearning: ok\nDecision: Adopt\n\
                Next: the evening meal.\n\nKind regards\n\nBronwen Hughes\nWard Manager, Ward 3\n\n\
                P.S. Sorry this is late, we've had flu on the ward.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("the evening meal."));

    // Pictures between answers; PDSA with only figures under Study.
    let body = "Plan: a call bell box\nWe predicted: fewer falls\nDo: added it. The board:\n\
                [cid:image001.jpg@01DB74C2.5E3A9F10]\nStudy:\nUnwitnessed falls: 3 (December: 7)\n\
                Charts completed: 81%\nAct: Adopt\nNext: audit days";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.what_happened.as_deref(), Some("added it. The board:"));
    assert_eq!(e.fields.measures.len(), 2, "{:?}", e.fields.measures);
    assert_eq!(e.fields.learning, None);
}

#[test]
fn a_short_remark_above_the_answers_needs_nobody_unless_the_change_is_missing() {
    let answers = "What we tested | warming in recovery\nWhat we expected | fewer cold patients\n\
                   What happened | it worked\nWhat we learnt | start in theatre\nDecision | Adapt\nNext cycle | induction";
    let e = extract(
        Some(&format!(
            "Easier for me to do it in a table, hope that's OK.\n\n{answers}"
        )),
        None,
    );
    assert!(!e.needs_review, "{e:#?}");
    // Without a change answer, the line above may be it: a person looks.
    let rest = answers.split_once('\n').map(|(_, r)| r).unwrap_or("");
    let e = extract(Some(&format!("We moved warming into recovery.\n\n{rest}")), None);
    assert!(e.needs_review, "{e:#?}");
}

#[test]
fn a_postscript_under_the_signature_is_the_writers_again() {
    let body = "Change: a discharge checklist\nPrediction: fewer delays\nWhat happened: earlier talks\n\
                Measures:\nDischarges delayed: 2\nLearning: start on the round\nDecision: Adapt\n\
                Next steps: add it to the proforma.\n\nCheers,\nTom\n\n\
                P.S. One more measure I missed off:\nReadmissions within 7 days: 1";
    let e = extract(Some(body), None);
    assert!(
        e.reply_text.contains("Readmissions within 7 days"),
        "{:?}",
        e.reply_text
    );
    assert_eq!(e.fields.measures.len(), 2, "{:?}", e.fields.measures);
    assert_eq!(e.fields.next_steps.as_deref(), Some("add it to the proforma."));
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn a_postscript_is_an_aside_however_it_is_written() {
    for ps in [
        "P.S. can we move our call?",
        "P. S. can we move our call?",
        "PS – can we move our call?",
    ] {
        let body = format!(
            "Change: a checklist\nPrediction: quicker\nWhat happened: quicker\nLearning: works\n\
             Decision: adopt\nNext: nights\n{ps}"
        );
        let e = extract(Some(&body), None);
        assert_eq!(e.fields.next_steps.as_deref(), Some("nights"), "{ps}");
        assert!(e.needs_review, "{ps}: a question for a person");
    }
    // "PSA" opens a word, not a postscript.
    let body = "Change: a checklist\nPrediction: quicker\nWhat happened: quicker\nLearning: works\n\
                Decision: adopt\nNext: nights\nPSA testing next month too";
    let e = extract(Some(body), None);
    assert!(
        e.fields.next_steps.as_deref().is_some_and(|n| n.contains("PSA")),
        "{e:#?}"
    );
}

#[test]
fn a_dash_in_a_table_cell_is_no_signature_but_a_dash_alone_under_a_gap_is() {
    let body = "Change: streamer\nPrediction: faster\nWhat happened: faster\nMeasures\nMeasure\nBaseline\nMay\nTarget\n\
                Shifts covered\n–\n47 of 62\n62 of 62\nRe-attendances\n–\n6\n–\n\
                Learning: protect the role\nDecision: Adopt\nNext: a printed card\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    // The baseline and target columns are said in a warning and kept in each measure's
    // raw line; this month's column alone needs no person.
    assert!(!e.needs_review, "{e:#?}");
    assert!(
        e.warnings.iter().any(|w| w.contains("only \"May\" was recorded")),
        "{e:#?}"
    );

    let signed = "Change: streamer\nPrediction: faster\nWhat happened: faster\nMeasures: Shifts: 47\n\
                  Learning: protect the role\nDecision: Adopt\nNext: a printed card\n\n—\nSam Adeyemi\nConsultant\n";
    let e = extract(Some(signed), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("a printed card"), "{e:#?}");
    assert!(!e.reply_text.contains("Consultant"), "{e:#?}");
}

#[test]
fn notes_above_the_answers_from_whoever_sends_them() {
    let answers = "Change: hydration rounds\nPrediction: more residents reach target\nWhat happened: rounds held most days\n\
                   Measures: Residents reaching target: 21\nLearning: lollies help\nDecision: Adopt\nNext: night round\n";
    // Whose answers these are: said to the reader, nothing to check.
    for note in [
        "I'm replying for the practice asthma team (me, Alison Baird our practice nurse, and Kerry Doig, HCA).",
        "A note from me before the answers: these are from Kemi Adebayo (senior carer), who led the hydration rounds this month. She sent them to me on Friday and I've pasted them in as they were, apart from putting the numbers in a table. – Fiona",
    ] {
        let e = extract(Some(&format!("Hello,\n\n{note}\n\n{answers}")), None);
        assert!(!e.needs_review, "{note:?}: {e:#?}");
        assert_eq!(e.fields.decision, Some(Adopt));
    }
    // A note that asks for something is for a person.
    let asks = "These are from Kemi, who led the rounds. Could you add her to the team so she gets the reminders?";
    let e = extract(Some(&format!("Hello,\n\n{asks}\n\n{answers}")), None);
    assert!(e.needs_review, "{e:#?}");

    // A manager who gives the decision above the answers, pointed at from below.
    let pointed = answers.replace("Decision: Adopt", "Decision: See Carol's note at the top.");
    let note = "Carol (dietetics manager) here, adding a note at the top: after talking it through with the team on Tuesday, our decision is to ADAPT – we keep the snack round but move it. Gemma's answers are below.";
    let e = extract(Some(&format!("Hello,\n\n{note}\n\n{pointed}")), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    // A manager who does not agree with the decision yet: no decision, for a person.
    let doubt = "Note from me (Grace, home manager) above Dawn's answers: the team's answer to question 6 is their view, but I'm not sure I agree with it yet. We'll settle it at the governance meeting on 8 June.";
    let e = extract(Some(&format!("Hello,\n\n{doubt}\n\n{answers}")), None);
    assert_eq!(e.fields.decision, None, "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
}

#[test]
fn a_request_after_the_last_answer_is_taken_off_it_and_checked() {
    let body = "Change: oxygen line\nPrediction: fewer calls out\nWhat happened: fewer calls out\nMeasures: Calls: 12\n\
                Learning: parents use it\nDecision: Adopt\nNext: extending the line to children on ventilation.\n\n\
                One thing for the Lab, separate from the cycle: our team lead is changing in July. Could you add Bethan Lloyd to the team?\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("extending the line to children on ventilation.")
    );
    assert!(e.needs_review, "{e:#?}");
}

#[test]
fn a_reply_sent_before_it_was_finished_says_so_outside_its_last_answer() {
    for note in [
        "Sorry sent too soon!! Will finish it off after my shift",
        "Oops, hit send too early – I'll finish the rest tonight",
        "Sent this by mistake before I'd finished, will complete it tomorrow",
    ] {
        let body = format!(
            "Change: bedside handover\nPrediction: quicker handover\n\
             What happened: staff were nervous at first but by the end of the week it was\n\n{note}\n"
        );
        let e = extract(Some(&body), None);
        assert_eq!(
            e.fields.what_happened.as_deref(),
            Some("staff were nervous at first but by the end of the week it was"),
            "{note:?}"
        );
        assert!(e.needs_review, "{note:?}");
    }
    // Finishing something in the work is part of the answer.
    let body = "Change: bedside handover\nPrediction: quicker\nWhat happened: slow at first\n\n\
                We'll finish the rollout on Ward 4 next month.";
    let e = extract(Some(body), None);
    assert!(
        e.fields.what_happened.as_deref().unwrap_or("").contains("rollout"),
        "{e:#?}"
    );
}

#[test]
fn a_question_for_the_lab_is_for_a_person_but_a_rhetorical_one_is_not() {
    let answers = "Change: drop-in hour\nPrediction: 5 a week\nWhat happened: 2 a week\nMeasures:\nStudents attending: 11\n\
                   Learning: fewer came\nDecision: Adapt – move it to Mondays\nNext: Monday drop-in\n";
    let e = extract(Some(answers), None);
    assert!(!e.needs_review, "{e:#?}");
    let ps = format!(
        "{answers}\nP.S. Quick question – is it OK that our change is quite small? Should we test something bigger?\n"
    );
    let e = extract(Some(&ps), None);
    assert!(e.needs_review, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Monday drop-in"));
    let also = format!(
        "{answers}\nAlso, do all four of us need to answer each month or just one of us? Julie got the email as well.\n"
    );
    let e = extract(Some(&also), None);
    assert!(e.needs_review, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Monday drop-in"));
    // A question about a colleague, however long the paragraph.
    let colleague = format!(
        "{answers}\nAlso, a question: my colleague Dr Alonso in dermatology wants to test the same thing. Can he \
         join our team on the Lab, or does he need to start a new team?\n"
    );
    let e = extract(Some(&colleague), None);
    assert!(e.needs_review, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Monday drop-in"));
    let again = format!("Hi,\n\nI sent ours on 14 June – not sure it got through? Here they are again.\n\n{answers}");
    let e = extract(Some(&again), None);
    assert!(!e.needs_review, "{e:#?}");

    let asked = answers.replace(
        "Measures:\n",
        "Measures:\nI wasn't sure what counts as a measure – is it OK to just count things? This is what we counted:\n",
    );
    let e = extract(Some(&asked), None);
    assert!(e.needs_review, "{e:#?}");
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    // A question in a measure's name is part of the measure.
    let named = answers.replace("Students attending: 11", "\"Where's the nurse?\" calls: 9");
    let e = extract(Some(&named), None);
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn image_placeholders_are_no_part_of_an_answer() {
    let body = "Change: welcome packs\nPrediction: better ratings\nWhat happened: better\nMeasures:\nStudents: 34\n\
                Wards taking part: 6 of 8\n[image: welcome ratings by ward.png]\nLearning: worth it\nDecision: Adopt\n\
                Next: all wards\n[Image]\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("all wards"));
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn a_remark_under_one_line_answers_is_no_part_of_the_last() {
    let body = "Change: picture menus\nPrediction: fewer uneaten meals\nWhat happened: fewer uneaten\n\
                Measures: Meals uneaten: 4\nLearning: pictures help\nDecision: Adopt – it's on the board for good\n\
                Next steps: breakfast choices the night before\n\n\
                Next month's reply should be quicker now we've got the hang of these!\n\nThanks,\nMo\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("breakfast choices the night before")
    );
    assert!(!e.needs_review, "{e:#?}");
    let thanks = body.replace(
        "Next month's reply should be quicker now we've got the hang of these!",
        "Learning lots from doing these – thanks for the prompts!",
    );
    let e = extract(Some(&thanks), None);
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("breakfast choices the night before")
    );
    assert!(!e.needs_review, "{e:#?}");
    // Answers of several lines: a second paragraph is more of the last answer.
    let long = body.replace(
        "Learning: pictures help",
        "Learning:\npictures help\nand so do smaller plates",
    );
    let long = long.replace(
        "Next month's reply should be quicker now we've got the hang of these!",
        "We will also try it at supper.",
    );
    let e = extract(Some(&long), None);
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("breakfast choices the night before\n\nWe will also try it at supper.")
    );
}

#[test]
fn a_signature_above_answers_typed_into_the_reminder_is_not_an_answer() {
    let reminder = "From: Improvement Lab <lab@lab.example.org>\nSent: 01 March 2027 08:00\nTo: Craig Stewart\n\
                    Subject: Cycle 3 (March 2027): what did you test?\n\nHello Craig,\n\n\
                    1. What change or idea did you test this cycle?\nBlocks given in ED\n\n\
                    2. What did you predict would happen?\nLower pain scores\n\n\
                    3. What happened when you tried it?\nMost patients in hours\n\n\
                    4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")\nPatients: 27\n\n\
                    5. What did you learn, and how did it compare with your prediction?\nNights are the gap\n\n\
                    6. Will you adopt, adapt or abandon the change?\nAdapt\n\n\
                    7. What will you test next cycle?\nCover overnight\n\n\
                    Reply to this email, or use the form: https://lab.example.org/cycles/form/x\n";
    let signed = format!(
        "Hi,\n\nAnswers in red below.\n\nCraig\n\nCraig Stewart | Charge Nurse | Ward 4B Orthopaedics\n\
         Tel 01632 960944\n\n{reminder}"
    );
    let e = extract(Some(&signed), None);
    assert_eq!(e.fields.change.as_deref(), Some("Blocks given in ED"), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
    // A sentence under the name is the writer's again, for a person to place.
    let more =
        format!("Hi,\n\nAnswers in red below.\n\nCraig\n\nWe also tried it on nights, which went badly.\n\n{reminder}");
    let e = extract(Some(&more), None);
    assert!(e.needs_review, "{e:#?}");
}

#[test]
fn figures_under_a_study_heading_are_the_measures_even_with_a_word_before_them() {
    let body = "Plan\nWhat we tested: a drinks trolley\nWhat we expected: more fluids\n\nDo\nIt ran most days.\n\n\
                Study\nResidents reaching 1500ml: baseline 42%, this month 61%\nUTIs treated: 2 (3 in May)\n\
                Days the trolley ran: 28 of 30\nLearnt: the same carer helps.\n\nAct\nAdopt – it's staying.\n\
                Next: a late round.\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 3, "{e:#?}");
    assert_eq!(e.fields.learning.as_deref(), Some("the same carer helps."), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn a_table_with_the_pdsa_stage_in_its_first_column_reads_by_its_labels() {
    let body = "We write ours up in a PDSA table:\n\nPDSA\tQuestion\tOur answer\nPlan\tChange\tGrab bags in resus\n\
                Plan\tPrediction\tAntibiotics within the hour\nDo\tWhat happened\tUsed a lot, restocked badly\n\
                Study\tMeasures\tPatients: 64\n\t\tWithin 1 hour: 47 (73%)\nStudy\tLearning\tComplete bags are faster\n\
                Act\tDecision\tAdapt\nAct\tNext cycle\tTamper tags\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Grab bags in resus"), "{e:#?}");
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("Antibiotics within the hour"),
        "{e:#?}"
    );
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Tamper tags"), "{e:#?}");
}

#[test]
fn where_the_answers_sit_against_the_quote() {
    // Pegasus Mail quotes with ": "; the answers come under the whole quote.
    let pegasus = ": Hello Jo,\n:\n: 1. What change or idea did you test this cycle?\n: 7. What will you test next cycle?\n\n\
                   Change: joint visits\nPrediction: fewer visits\nWhat happened: six done\nLearning: diaries\n\
                   Decision: adapt\nNext: phone first\n";
    let e = extract(Some(pegasus), None);
    assert_eq!(e.fields.change.as_deref(), Some("joint visits"), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("phone first"), "{e:#?}");

    // A cut in the quote, "[...]", under the last inline answer is not part of it.
    let snipped = "> 6. Will you adopt, adapt or abandon the change?\nAdopt\n> 7. What will you test next cycle?\n\
                   A short video.\n> [...]\n";
    let e = extract(
        Some(&format!(
            "> 1. What change or idea did you test this cycle?\nA sheet\n{snipped}"
        )),
        None,
    );
    assert_eq!(e.fields.next_steps.as_deref(), Some("A short video."), "{e:#?}");

    // The decision stated in a clause of a summary on top, and missing below.
    let summary = "Hi,\n\nShort version: the trolley made a real difference and we're adopting it. Detail below.\n\n\
                   Change: a trolley\nPrediction: faster\nWhat happened: faster\nMeasures: Patients: 57\n\
                   Learning: restocking\nNext: an owner\n";
    let e = extract(Some(summary), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn remarks_said_in_passing_and_questions_left_under_an_answer() {
    let answers = "Change: mouth care in the morning\nPrediction: fewer refusals\nWhat happened: better\nMeasures:\n\
                   Residents with mouth care daily: 26 of 30\nRefusals: 12\n";
    let rest = "Learning: timing matters\nDecision: Adopt\nNext: flavoured toothpaste\n";
    // An aside in brackets between answers, and a closing pleasantry, need no one.
    let aside =
        format!("{answers}\n(sorry this one's long!)\n\n{rest}\nHope that all makes sense, shout if not!\n\nKelly");
    let e = extract(Some(&aside), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
    // So does an offer to ring, phone number and all.
    let ring =
        format!("{answers}{rest}\n(If any of that doesn't make sense, give me a ring on 07700 900416.)\n\nKelly");
    let e = extract(Some(&ring), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("flavoured toothpaste"), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
    // A paragraph in brackets about the work is more of the answer.
    let more = format!(
        "{answers}{}",
        rest.replace(
            "Learning: timing matters\n",
            "Learning: timing matters\n\n(The faulty brushes were a surprise - we have sent them back.)\n"
        )
    );
    let e = extract(Some(&more), None);
    assert_eq!(
        e.fields.learning.as_deref(),
        Some("timing matters\n\n(The faulty brushes were a surprise - we have sent them back.)"),
        "{e:#?}"
    );
    // Figures said to be provisional, or to be taken with caution, do.
    let provisional = format!("{answers}(these numbers are provisional, I'll email again if they change)\n{rest}");
    let e = extract(Some(&provisional), None);
    assert!(e.needs_review, "{e:#?}");
    let caution = answers.replace(
        "Measures:\n",
        "Measures:\n(All of these are from our own tally sheet, so please treat them with a bit of caution.)\n",
    );
    let e = extract(Some(&format!("{caution}{rest}")), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
    // A question under the last answer leaves it, for a person.
    let asked = format!("{answers}{rest}\nOne question – if we roll out to the stroke unit, is that the same team?\n");
    let e = extract(Some(&asked), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("flavoured toothpaste"), "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
    // Several measures on one line are not one long sentence.
    let one_line = "Change: a script\nPrediction: fewer ambulances\nWhat happened: slower calls\n\
                    Measures: MH calls triaged 164; ambulances stood down 52; average call length 23 mins (April 19); \
                    callers who hung up during script 4\nLearning: judgement works better\nDecision: abandon\nNext: none";
    let e = extract(Some(one_line), None);
    assert_eq!(e.fields.measures.len(), 4, "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
}

/// Whose answers these are and where the figures came from, above the answers, is said
/// to the reader: "Sending for the sepsis group. Figures are from the e-obs audit (…)."
#[test]
fn a_note_of_who_sent_the_answers_and_where_the_figures_came_from_needs_no_one() {
    let answers = "\n\nChange: a sepsis sticker on the drug chart\nPrediction: antibiotics within the hour for 90%\n\
                   What happened: used on medical wards, rarely on surgery\nMeasures:\nPatients screened: 204\n\
                   Learning: improving steadily\nDecision: adapt\nNext: an e-obs pop-up";
    for note in [
        "Sending for the sepsis group. Figures are from the e-obs audit (all adult admissions with NEWS2 of 5 or more, 1–31 July).",
        "Cycle 19 answers from the access team below. Figures are from the RiO extract run on 28 July, so the last few days of the month are missing.",
        "Sister Adeyemi has asked me to send these in for Ward 4 as she is on nights this week. I have copied the figures \
         straight from our ward spreadsheet, the third column is June for comparison where we have it.",
        "The answers are from Kemi, who led the test on Ward 4 this month.",
        "I've put together what Amira and Joe sent me, as they each ran it at a different site.",
        "Sarah (my practice assessor) asked me to do this one as it's my project for placement!!",
    ] {
        let body = format!("Hi,\n\n{note}{answers}");
        let e = extract(Some(&body), None);
        assert!(!e.needs_review, "{note}: {e:?}");
        assert_eq!(e.fields.decision, Some(Adapt));
    }
    // A question, or a correction with figures that is not about their source, is for a person.
    for note in [
        "Sending for the sepsis group. Is it OK that the figures are from the e-obs audit?",
        "Falls were 12 in May, not 21 as we told you.",
        // Whose answers, and a figure in them put right.
        "Ola's answers are below. Her screening figure is September's by mistake – October's was 191, not 204.",
        "See below from Nasreen. One correction – she has put 204 patients but it was 216; she missed the Friday clinic.",
        // Whose answers, and the decision still open.
        "Answers from Nadia and Rhys below. They don't agree on the last bit, so I've put both – we'll decide at the \
         governance meeting on the 24th.",
    ] {
        let body = format!("Hi,\n\n{note}{answers}");
        let e = extract(Some(&body), None);
        assert!(e.needs_review, "{note}: {e:?}");
        // The same note above the colleague's message forwarded under it.
        let forwarded = format!(
            "Hi,\n\n{note}\n\nGemma\n\nFrom: Akhtar Nasreen <nasreen.akhtar@example.org>\nSent: 11 October 2030 12:20\n\
             To: Stoddart Gemma <gemma.stoddart@example.org>\nSubject: RE: Cycle 18 answers{answers}"
        );
        let e = extract_message(Some(&forwarded), None, None, Some("FW: Cycle 18 answers"));
        assert_eq!(e.fields.decision, Some(Adapt), "{note}: {e:?}");
        assert!(e.needs_review, "{note}: {e:?}");
    }
}

/// Messages sent after the answers, in the same thread: the forgotten figures alone, a
/// decision in a follow-up, a corrected answer with "everything else is right" under it,
/// and a correction typed under a quoted figure.
#[test]
fn a_follow_up_message_in_the_thread_is_read_for_what_it_adds() {
    // Figures with a spaced dash, and no labels: kept as measures, for a person to check.
    let body = "Hi all,\n\nAdding to Sam's reply: the physio team logged their own figures.\n\n\
                Physio assessment within 24 hours – 17 of 22\nMobilised on day 1 – 15 of 22 (68%)\n\nEllie";
    let e = extract(Some(body), None);
    let names: Vec<&str> = e.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Physio assessment within 24 hours", "Mobilised on day 1"],
        "{e:?}"
    );
    assert!(e.needs_review);
    // "Sorry – 2 of us were off" is no measure: a dash needs a name of its own before it.
    let e = extract(
        Some("Hi,\n\nSorry, 2 of us were off so nothing this month.\n\nJo"),
        None,
    );
    assert!(e.fields.measures.is_empty(), "{e:?}");
    // A decision in a message that says it follows an earlier one.
    let body = "Hi again,\n\nMeant to say in my last email – we're adopting it, the huddle is staying at 10:15.\n\nRob";
    assert_eq!(extract(Some(body), None).fields.decision, Some(Adopt));
    // Without saying so, "we're adopting it" alone may be about anything.
    let body = "Hi,\n\nWe're adopting it, the huddle is staying at 10:15.\n\nRob";
    assert_eq!(extract(Some(body), None).fields.decision, None);
    // A corrected answer, and the rest standing.
    let body = "Small correction to question 1, it should read:\n\nChange: TTOs screened on the ward before noon only.\n\n\
                Everything else is right.\n\nThanks,\nRaj";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("TTOs screened on the ward before noon only.")
    );
    // A correction typed under a quoted figure: the quoted figure is not this message's.
    let body = "One fix below.\n\nOn Mon, 29 Nov 2027 at 16:20, Sam Taylor <sam@example.org> wrote:\n\n\
                > Measures:\n> Calls answered within 60 seconds: 412 of 530 (78%)\n\n\
                Should be 431 of 530 (81%) – I re-ran the report.\n\n> Abandoned calls: 38\n> Decision: Adopt\n";
    let e = extract(Some(body), None);
    assert!(e.fields.measures.is_empty(), "{e:?}");
    assert!(e.needs_review);
}

/// Initials before each answer typed into the quoted reminder ("RT: Fewer untouched
/// meals."), and "All," as a greeting.
#[test]
fn the_writers_initials_before_each_answer_are_not_part_of_it() {
    let body = "All,\n\n1. What change or idea did you test this cycle?\nRT: red trays for patients who need help to eat\n\n\
                2. What did you predict would happen?\nRT: Fewer untouched meals.\n\n\
                3. What happened when you tried it?\nRT: Red trays were used most days.\n\n\
                4. What did you measure?\nRT: Red trays used: 19 of 24 days\n\n\
                5. What did you learn, and how did it compare with your prediction?\nRT: Trays helped.\n\n\
                6. Will you adopt, adapt or abandon the change?\nRT: Adopt\n\n\
                7. What will you test next cycle?\nRT: Ask the consultants to avoid 12 to 12.30.";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("red trays for patients who need help to eat"),
        "{e:?}"
    );
    assert_eq!(e.fields.decision, Some(Adopt));
    assert!(!e.needs_review, "{e:?}");
    // Lines that only begin with the initials are stripped too; one "GP: 14" is a measure.
    let lines = super::super::text::without_repeated_initials(vec!["KM: A", "KM: B", "x", "KM: C", "GP: 14"]);
    assert_eq!(lines, ["A", "B", "x", "C", "GP: 14"]);
    let lines = super::super::text::without_repeated_initials(vec!["GP: 14", "ED: 9", "KM: 3"]);
    assert_eq!(lines, ["GP: 14", "ED: 9", "KM: 3"]);
}

/// Labels in the writer's own words: "Thought:", "Saw:", "What went on:", "ACTUAL",
/// "Counted:", "Next up:", "July plan", "Result + data:", "Re Q1 –", and the decision
/// asked as "Keep it?" or "Carry on?".
#[test]
fn labels_in_the_writers_own_words() {
    let body = "Idea: phone triage before booking\nThought: fewer people in the wrong clinic\n\
                What went on: queues on Mondays\nCounted:\nBooked into the wrong clinic: 4\n\
                Learning: right call, wrong capacity\nKeep it?: Abandon for now\nNext up: a second triager on Mondays";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("fewer people in the wrong clinic"),
        "{e:?}"
    );
    assert_eq!(e.fields.what_happened.as_deref(), Some("queues on Mondays"));
    assert_eq!(e.fields.measures.len(), 1);
    assert_eq!(e.fields.decision, Some(Abandon));
    assert_eq!(e.fields.next_steps.as_deref(), Some("a second triager on Mondays"));
    let body = "Change: streaming nurse at the door\nPrediction: triage under 15 minutes\n\
                ACTUAL: held up until 19:00\nResult + data: shorter queues\nSaw: fewer walk-outs\n\
                Learning: staffing is the limit\nDecision: adapt\nJuly plan: cover the evenings";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("held up until 19:00\n\nshorter queues\n\nfewer walk-outs"),
        "{e:?}"
    );
    assert_eq!(e.fields.next_steps.as_deref(), Some("cover the evenings"));
    let body = "Re Q1 – a virtual clinic for stable glaucoma\nRe Q2 – clear 60 follow-ups\nRe Q3 – technician clinics ran fine\n\
                Re Q5 – review time is the bottleneck\nRe Q6 – adapting.\nRe Q7 – a fixed weekly review session";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("a virtual clinic for stable glaucoma"),
        "{e:?}"
    );
    assert_eq!(e.fields.decision, Some(Adapt));
    // "Keep it – it's working" in an answer is no label: the asked form needs its "?".
    let e = extract(
        Some("Change: huddles\nDecision: adopt\nKeep it – it's working\nNext: weekends"),
        None,
    );
    assert_eq!(e.fields.decision, Some(Adopt));
}

/// Replies typed in a hurry on a phone: answers on one line split by bars or slashes,
/// named figures split by bars, a dictated "colon" after each label, "adept" (a phone's
/// autocorrect of "adapt"), and "Sent on the go" under the name.
#[test]
fn replies_typed_in_a_hurry_on_a_phone() {
    let body = "NURSE ON THE FRONT DOOR 10AM TO 2PM | PREDICTION - TIME TO TRIAGE DOWN | WHAT HAPPENED - WORKED WHEN STAFFED | \
                MEASURES - MEDIAN TIME TO TRIAGE 14 MIN | LEARNING - NEEDS A PROTECTED NURSE | DECISION - ADAPT | NEXT - MOVE IT TO 12 TO 4";
    let e = extract(Some(&format!("CHANGE - {body}")), None);
    assert_eq!(e.fields.prediction.as_deref(), Some("TIME TO TRIAGE DOWN"), "{e:?}");
    assert_eq!(e.fields.decision, Some(Adapt));
    let body = "tried: text tenants 30 mins before // predicted: fewer no access visits // what happened: worked well // \
                measures: no access visits 11 // learning: landlines are the gap // decision: adopt // next: ring landline tenants\n\nAmir\nSent on the go";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("ring landline tenants"), "{e:?}");
    assert!(!e.needs_review, "{e:?}");
    let e = extract(
        Some(
            "Change: earlier dialysis starts\nMeasures: sessions started on time: 38 of 52 | late starts (over 30 min): 6\nDecision: adopt",
        ),
        None,
    );
    let names: Vec<&str> = e.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["sessions started on time", "late starts (over 30 min)"],
        "{e:?}"
    );
    let body = "Change colon walk in fit testing at the canteen\nPrediction colon more staff fit tested\n\
                What happened colon busy then it tailed off\nMeasures colon staff fit tested 48\n\
                Learning colon people need reminding\nDecision colon adopt\nNext colon a screensaver advert";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("walk in fit testing at the canteen"),
        "{e:?}"
    );
    assert_eq!(e.fields.decision, Some(Adopt));
    assert_eq!(
        super::super::parse_decision("Adept – keep it on medicine, not surgery"),
        Some(Adapt)
    );
}

#[test]
fn a_gateway_banner_above_the_answers_is_not_text_for_a_person() {
    let answers = "Change: text reminders\nPrediction: fewer DNAs\nWhat happened: fewer DNAs\n\
                   Measures: DNAs: 4\nLearning: it works\nDecision: adopt\nNext: Welsh texts";
    for banner in [
        "CAUTION: This email originated from outside the organisation. Do not click links or open attachments unless you recognise the sender.",
        "ATTENTION: This email came from an external source. Do not open attachments or click on links from unknown senders or unexpected emails.",
        "This message came from an external sender. Take care with links.",
        "[EXTERNAL]",
    ] {
        let e = extract(Some(&format!("{banner}\n\nHi,\n\n{answers}")), None);
        assert!(!e.needs_review, "{banner}: {e:?}");
        assert_eq!(e.fields.decision, Some(Adopt));
    }
    // A sentence of the writer's own about an outside email, with a figure in it, is
    // for a person to read.
    let own = "We had 3 emails from outside the trust asking about the texts and what they should say.";
    let e = extract(Some(&format!("{own}\n\n{answers}")), None);
    assert!(e.needs_review, "{e:?}");
}
