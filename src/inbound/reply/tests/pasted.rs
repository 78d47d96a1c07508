//! Answers that reach the Lab second-hand: pasted from a Teams chat, a Word document, a
//! shared tracker or a colleague's email, and corrected further down.

use super::super::Decision::{Adapt, Adopt};
use super::super::{MeasureValue, extract};

const ANSWERS: &str = "Change - coloured jugs\nPrediction - more drinks\nWhat happened - better downstairs\n\
                       Measures\nResidents on the list: 14\nLearning - it helps\nDecision - adapt\nNext - labels";

#[test]
fn a_teams_chat_pasted_with_times_and_names_reads_as_its_labels() {
    // "[09:02] Name: " in front of every message.
    let prefixed: String = ANSWERS
        .lines()
        .enumerate()
        .map(|(i, l)| format!("[09:{:02}] Daniel Mensah: {l}\n", i + 2))
        .collect();
    let e = extract(Some(&format!("Hi,\n\nCopied from our Teams chat:\n\n{prefixed}")), None);
    assert_eq!(e.fields.change.as_deref(), Some("coloured jugs"), "{e:#?}");
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adapt));
    assert!(!e.needs_review, "{e:#?}");

    // The sender and time on a line of their own above each message.
    let stamped: String = ANSWERS
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            if l.starts_with("Residents") {
                format!("{l}\n")
            } else {
                format!("\nOkafor, Chidi 14:{:02}\n{l}\n", i + 2)
            }
        })
        .collect();
    let e = extract(Some(&stamped), None);
    assert_eq!(e.fields.change.as_deref(), Some("coloured jugs"), "{e:#?}");
    assert_eq!(e.fields.learning.as_deref(), Some("it helps"), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    // One stamp, with the day or date, over the labelled answers of one person; or one
    // over each person's half.
    for stamp in ["[Yesterday 16:02] Jordan Blake", "[04/10/2030 15:22] Joanne Whitby"] {
        let e = extract(Some(&format!("Hi,\n\nCopied from Teams:\n\n{stamp}\n{ANSWERS}")), None);
        assert_eq!(e.fields.change.as_deref(), Some("coloured jugs"), "{e:#?}");
        assert!(!e.needs_review, "{stamp}: {e:#?}");
    }
    let halves = ANSWERS.replace("Measures\n", "\nGrace Oduya, 10:31\nMeasures\n");
    let e = extract(Some(&format!("Hi,\n\nAmir Rahimi, 10:14\n{halves}")), None);
    assert_eq!(e.fields.what_happened.as_deref(), Some("better downstairs"), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    // Two clock times among the measures are measures, not chat stamps.
    let times = "Change: earlier starts\nPrediction: fewer delays\nWhat happened: better\nMeasures:\n\
                 First Patient 08:55\nLast Patient 16:40\nLearning: ok\nDecision: adopt\nNext: weekends";
    let e = extract(Some(times), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
}

#[test]
fn a_tracker_with_the_stage_and_label_in_one_cell_reads_by_the_labels() {
    let body = "Here's ours from the shared tracker:\n\nQuestion\tAnswer\nPlan – change\tFluoride varnish at nursery\n\
                Plan – prediction\tAt least 60% get varnish\nDo – what happened\tConsent was the problem\n\
                Study – measures\tChildren on roll: 212\n\tVarnish applied: 118 (56%)\nStudy – learning\tChasing works\n\
                Act – decision\tAdapt\nAct – next cycle\tChase at pick-up\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("Fluoride varnish at nursery"),
        "{e:#?}"
    );
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("At least 60% get varnish"),
        "{e:#?}"
    );
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Chase at pick-up"), "{e:#?}");
}

#[test]
fn a_word_document_pasted_in_keeps_its_answers_not_its_furniture() {
    let body = "Our answers are in the PDSA document, I've copied them across.\n\nPDSA Cycle 15 – Frailty Reviews\n\
                Monday, 22 March 2027\n14:10\n\n1.      Change tested\nJoint booking\n2.      Prediction\nMore done\n\
                3.      What happened\nEasy to book\n4.      Measures\n   a.      Patients invited: 31\n\
                   b.      Both reviews done: 22\n5.      Learning\nIt works\n6.      Decision\nAdopt\n7.      Next cycle\nVideo slots\n";
    let e = extract(Some(body), None);
    let names: Vec<&str> = e.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Patients invited", "Both reviews done"], "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adopt));
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn answers_tagged_a1_under_q1_lose_the_tag() {
    let body = "Q1 What change or idea did you test this cycle?\nA1 Same-day phone triage\n\n\
                Q2 What did you predict would happen?\nA2 Shorter waits\n\nQ3 What happened when you tried it?\n\
                A3 Waits dropped\n\nQ6 Will you adopt, adapt or abandon the change?\nA6 Adapt\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Same-day phone triage"), "{e:#?}");
    assert_eq!(e.fields.what_happened.as_deref(), Some("Waits dropped"), "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adapt));
}

#[test]
fn a_correction_further_down_replaces_the_answer_it_names() {
    let body = "1) Change: phone reviews\n2) Prediction: clear the list\n3) What happened: lots done\n4) Measures:\n\
                Phone reviews done: 64\nOverdue list: down from 212 to 150\n5) Learning: technique is the gap\n\
                6) Decision: Adopt\n7) Next: a video of technique\n\n\
                Sorry, ignore the above for 4, should be:\nPhone reviews done: 71\nOverdue list: down from 212 to 143\n\
                (I'd missed Friday's clinic off)\n\nAnd for 6 it's adapt really, not adopt – we're adding the video.\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert_eq!(e.fields.measures[0].value, MeasureValue::Number(71.0), "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("a video of technique"), "{e:#?}");
}

#[test]
fn a_reviewers_question_left_among_the_figures_is_for_a_person_not_a_measure() {
    let body = "Change: TTO pharmacist\nPrediction: faster TTOs\nWhat happened: quicker\nMeasures:\nTTOs written: 260\n\
                Ready within 2 hours: 187 (72%)\n[Comment from Sarah Pugh: are we sure about the 72%? I make it 68%]\n\
                Learning: it helps\nDecision: adopt\nNext: weekends";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
}

#[test]
fn a_request_above_forwarded_answers_is_for_a_person() {
    let body = "Hi,\n\nLorna's answers are below. Could you add her please?\n\n\
                ---------- Forwarded message ---------\nFrom: Lorna Fraser <lorna@example.org>\n\
                Date: Fri, 26 Mar 2027 at 16:20\nSubject: PDSA\nTo: Anita <anita@example.org>\n\n\nHi Anita,\n\n\
                Change: a leaflet\nPrediction: fewer calls\nWhat happened: fewer calls\nMeasures: Calls: 12\n\
                Learning: it works\nDecision: adopt\nNext: video\n\nLorna\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("a leaflet"), "{e:#?}");
    assert!(e.needs_review, "{e:#?}");
    // Passed on with nothing asked: no one needs to look.
    let e = extract(Some(&body.replace(" Could you add her please?", "")), None);
    assert!(!e.needs_review, "{e:#?}");
}

/// Thunderbird's forward: a separator, a table of headers, then the colleague's answers
/// as "Q: … / A: …". A note of who asked for them to be passed on is no answer; a
/// decision written above them corrects one, for a person to see.
#[test]
fn a_note_above_answers_forwarded_by_thunderbird_is_no_answer() {
    let body = "Hello,\n\nRhys asked me to forward these \u{2013} his work email is playing up this week.\n\nBronwen\n\n\n\
                -------- Forwarded Message --------\nSubject: \tlab questions\nDate: \tMon, 26 Nov 2029 21:14:05 +0000\n\
                From: \tRhys Mathias <rhys@example.com>\nTo: \tBronwen Harries <bronwen@example.org>\n\n\n\
                Q: What change or idea did you test this cycle?\nA: A discharge checklist on a lanyard card.\n\n\
                Q: What did you predict would happen?\nA: Fewer delayed discharges.\n\n\
                Q: What happened when you tried it?\nA: Nurses liked it.\n\n\
                Q: What did you measure?\nA: Delayed for paperwork: 5\n\n\
                Q: What did you learn, and how did it compare with your prediction?\nA: Smaller effect than predicted.\n\n\
                Q: Will you adopt, adapt or abandon the change?\nA: Adopt\n\n\
                Q: What will you test next cycle?\nA: Spare cards.\n\nRhys\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("A discharge checklist on a lanyard card."),
        "{e:#?}"
    );
    assert!(!e.needs_review, "{e:#?}");
    let e = extract(
        Some(&body.replace(
            "Rhys asked me to forward these \u{2013} his work email is playing up this week.",
            "Rhys asked me to forward these \u{2013} they have decided to adapt it since.",
        )),
        None,
    );
    assert!(e.needs_review, "{e:#?}");
}
