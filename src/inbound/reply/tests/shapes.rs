//! Reply shapes met in the wild beyond the reminder's own layout: PDSA labels,
//! all answers on one phone line, forwarded answers, asides after the last answer,
//! initials before inline answers, combined answers, plain-text tables.

use super::super::{Decision, extract};
use super::support::{Expect, check};

#[test]
fn unusual_but_common_shapes() {
    let cases: Vec<(&str, &str, Expect<'_>)> = vec![
        (
            "PDSA labels spill into their neighbours",
            "PLAN: Board round at 9am on the assessment unit.\nWe expected earlier discharges.\n\nDO: Ran it for three weeks.\n\nSTUDY: Discharges came earlier on most days.\nDischarges before noon: 18\nBoard rounds held: 14 of 15\n\nACT: Adopt. Next we will try it at weekends.\n",
            Expect {
                change: Some("Board round at 9am on the assessment unit."),
                prediction: Some("We expected earlier discharges."),
                what_happened: Some("Ran it for three weeks."),
                measures: &[
                    ("Discharges before noon", "18", None),
                    ("Board rounds held", "14", Some("of 15")),
                ],
                learning: Some("Discharges came earlier on most days."),
                decision: Some(Decision::Adopt),
                next_steps: Some("Next we will try it at weekends."),
                ..Default::default()
            },
        ),
        (
            "every answer on one line, typed on a phone",
            "1 weekly phone call 2 fewer missed doses 3 families liked it 4 calls made 31 5 worth it 6 adopt 7 try texts\n\nSent from my iPhone\n",
            Expect {
                change: Some("weekly phone call"),
                prediction: Some("fewer missed doses"),
                what_happened: Some("families liked it"),
                measures: &[("calls made", "31", None)],
                learning: Some("worth it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("try texts"),
                ..Default::default()
            },
        ),
        (
            "a colleague's answers forwarded",
            "Forwarding Amy's answers.\n\n---------- Forwarded message ---------\nFrom: Amy <amy@trust.example.uk>\nDate: Tue, 3 Nov 2026 at 10:00\nSubject: answers\nTo: Ben <ben@trust.example.uk>\n\nChange: A checklist at handover\nPrediction: Fewer omissions\nWhat happened: Used on most shifts\nMeasures: Handovers with the checklist: 40\nLearning: Works when the nurse in charge leads it\nDecision: adopt\nNext: Night shifts\n",
            Expect {
                change: Some("A checklist at handover"),
                prediction: Some("Fewer omissions"),
                what_happened: Some("Used on most shifts"),
                measures: &[("Handovers with the checklist", "40", None)],
                learning: Some("Works when the nurse in charge leads it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Night shifts"),
                ..Default::default()
            },
        ),
        (
            "a postscript after the last answer is not part of it",
            "Change: Text reminders\nPrediction: Fewer DNAs\nWhat happened: Fewer DNAs\nMeasures: DNA rate: 8%\nLearning: As predicted\nDecision: adopt\nNext: Try 24 hours before\nPS could we present this in January?\n",
            Expect {
                change: Some("Text reminders"),
                prediction: Some("Fewer DNAs"),
                what_happened: Some("Fewer DNAs"),
                measures: &[("DNA rate", "8", Some("%"))],
                learning: Some("As predicted"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Try 24 hours before"),
                needs_review: true,
                warnings: &["present this in January"],
                ..Default::default()
            },
        ),
        (
            "one answer for two questions is kept under the first and flagged",
            "1. Photos of wounds sent to the specialist nurse\n2/3. We expected quicker reviews and that is what happened\n4. Photos reviewed the same day: 30\n5. Quicker, as hoped\n6. Adopt\n7. Better phones\n",
            Expect {
                change: Some("Photos of wounds sent to the specialist nurse"),
                prediction: Some("We expected quicker reviews and that is what happened"),
                measures: &[("Photos reviewed the same day", "30", None)],
                learning: Some("Quicker, as hoped"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Better phones"),
                needs_review: true,
                warnings: &["questions 2 and 3"],
                ..Default::default()
            },
        ),
        (
            "a plain-text table of measures keeps its rows, not its heading",
            "Change: Delirium screen on admission\nMeasures:\nMeasure            | This month\n-------------------+-----------\nPatients screened  | 51 (80%)\nPositive screens   | 9\nDecision: adopt\n",
            Expect {
                change: Some("Delirium screen on admission"),
                measures: &[
                    ("Patients screened", "51", Some("(80%)")),
                    ("Positive screens", "9", None),
                ],
                decision: Some(Decision::Adopt),
                needs_review: true,
                warnings: &["only 3 of 7"],
                ..Default::default()
            },
        ),
    ];
    for (name, body, want) in &cases {
        check(name, &extract(Some(body), None), want);
    }
}
