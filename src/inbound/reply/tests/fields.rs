//! Where answers start (questions, labels, numbers) and how sections are cut.

use super::super::fields::{is_test_heading, sections};
use super::super::labels::{Field, Strength, marker};
use super::super::said_to_reader::is_ignorable;

/// A line and the marker expected on it: field, strength, answer on the line.
type MarkerCase<'a> = (&'a str, Option<(Field, Strength, &'a str)>);

#[test]
fn markers() {
    use Field::*;
    use Strength::{Label, Number, Question};
    let cases: &[MarkerCase] = &[
        (
            "Predicted outcome: A third fewer",
            Some((Prediction, Label, "A third fewer")),
        ),
        (
            "What did we think would happen? Fewer calls",
            Some((Prediction, Label, "Fewer calls")),
        ),
        ("How it went: busy", Some((WhatHappened, Label, "busy"))),
        ("Takeaways: staff liked it", Some((Learning, Label, "staff liked it"))),
        (
            "Future plans: an evening clinic",
            Some((NextSteps, Label, "an evening clinic")),
        ),
        ("Change | New leaflet", Some((Change, Label, "New leaflet"))),
        ("Newid: clinig Sadwrn", Some((Change, Label, "clinig Sadwrn"))),
        (
            "Beth ddigwyddodd: prysur iawn",
            Some((WhatHappened, Label, "prysur iawn")),
        ),
        ("Penderfyniad: Mabwysiadu", Some((Decision, Label, "Mabwysiadu"))),
        ("Chg: nurse-led discharge", Some((Change, Label, "nurse-led discharge"))),
        ("Dec: adopt", Some((Decision, Label, "adopt"))),
        ("Nxt: bays 1-2 only", Some((NextSteps, Label, "bays 1-2 only"))),
        (
            "res: done in most cases",
            Some((WhatHappened, Label, "done in most cases")),
        ),
        ("lrn: better than pred", Some((Learning, Label, "better than pred"))),
        ("Parameters measured:", Some((Measures, Label, ""))),
        ("Inference: partly right", Some((Learning, Label, "partly right"))),
        ("Predict- fewer waits", Some((Prediction, Label, "fewer waits"))),
        ("what we changed -* photos", Some((Change, Label, "photos"))),
        (
            "Take-home message: timing matters",
            Some((Learning, Label, "timing matters")),
        ),
        (
            "What you predicted: more bookings",
            Some((Prediction, Label, "more bookings")),
        ),
        (
            "What you learned: evenings fill first",
            Some((Learning, Label, "evenings fill first")),
        ),
        (
            "What hapened: 19 asked for Welsh, only 2 of us speak it",
            Some((WhatHappened, Label, "19 asked for Welsh, only 2 of us speak it")),
        ),
        ("Charge: £20", None),
        ("Charge: 20 per session", None),
        ("Decembers went quietly", None),
        ("Camau nesaf: agor i bawb", Some((NextSteps, Label, "agor i bawb"))),
        ("Beth said it was busy", None),
        (
            "1. What change or idea did you test this cycle?",
            Some((Change, Question, "")),
        ),
        (
            "What change did you test? Group sessions",
            Some((Change, Question, "Group sessions")),
        ),
        (
            "Q2. What did you predict would happen?",
            Some((Prediction, Question, "")),
        ),
        (
            "what did we predict: fewer DNAs",
            Some((Prediction, Question, "fewer DNAs")),
        ),
        (
            "3) What happened when you tried it? Busy",
            Some((WhatHappened, Question, "Busy")),
        ),
        (
            "4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\") Offered: 14",
            Some((Measures, Question, "Offered: 14")),
        ),
        (
            "**5. What did you learn, and how did it compare with your prediction?**",
            Some((Learning, Question, "")),
        ),
        (
            "6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`) Adapt",
            Some((Decision, Question, "Adapt")),
        ),
        (
            "7 - What will you test next cycle? Evening slots",
            Some((NextSteps, Question, "Evening slots")),
        ),
        ("Change: leaflet", Some((Change, Label, "leaflet"))),
        ("**Change:** leaflet", Some((Change, Label, "leaflet"))),
        ("*Decision*: adapt", Some((Decision, Label, "adapt"))),
        ("__Next steps__ - evening", Some((NextSteps, Label, "evening"))),
        ("## Learning", Some((Learning, Label, ""))),
        ("- Prediction: fewer", Some((Prediction, Label, "fewer"))),
        ("Hypothesis - fewer DNAs", Some((Prediction, Label, "fewer DNAs"))),
        ("Results: good", Some((WhatHappened, Label, "good"))),
        ("What we found: good", Some((WhatHappened, Label, "good"))),
        ("Measurements (one per line):", Some((Measures, Label, ""))),
        ("Numbers", Some((Measures, Label, ""))),
        ("Lessons learned: plenty", Some((Learning, Label, "plenty"))),
        ("Adopt / adapt / abandon: adopt", Some((Decision, Label, "adopt"))),
        ("Plan for next cycle: more", Some((NextSteps, Label, "more"))),
        ("Next: more", Some((NextSteps, Label, "more"))),
        ("1. We tried a leaflet", Some((Change, Number, "We tried a leaflet"))),
        ("2) fewer DNAs", Some((Prediction, Number, "fewer DNAs"))),
        ("Q3: busy", Some((WhatHappened, Number, "busy"))),
        // Dictated: the number in words.
        ("Question one: pain scores", Some((Change, Number, "pain scores"))),
        ("Question seven: day cases", Some((NextSteps, Number, "day cases"))),
        ("Question oneself", None),
        ("Q4 offered 14", Some((Measures, Number, "offered 14"))),
        ("5 - lots", Some((Learning, Number, "lots"))),
        ("(6) adopt", Some((Decision, Number, "adopt"))),
        ("Question 7: evenings", Some((NextSteps, Number, "evenings"))),
        ("Hypothesis/prediction: fewer", Some((Prediction, Label, "fewer"))),
        ("Learning / reflection - plenty", Some((Learning, Label, "plenty"))),
        ("Outcome measures:", Some((Measures, Label, ""))),
        ("What did we change? a leaflet", Some((Change, Label, "a leaflet"))),
        ("Idea tested: a leaflet", Some((Change, Label, "a leaflet"))),
        ("What will we do next? more", Some((NextSteps, Label, "more"))),
        ("Answer 1: a leaflet", Some((Change, Number, "a leaflet"))),
        ("A4: twelve", Some((Measures, Number, "twelve"))),
        ("[6] adopt", Some((Decision, Number, "adopt"))),
        ("A4 posters: 12", None),
        ("8. not a question", None),
        ("1.5 days average wait", None),
        ("10. tenth item", None),
        ("3 patients came", None),
        ("Change-management training went well", None),
        ("Next time we will book a bigger room", None),
        ("Results were mixed", None),
        ("The change was popular", None),
        ("Data collection took longer", None),
        ("Quality: good", None),
        ("", None),
    ];
    for (line, expected) in cases {
        let got = marker(line).map(|m| (m.field, m.strength, m.rest));
        assert_eq!(got, *expected, "case {line:?}");
    }
}

#[test]
fn sections_cut_at_markers() {
    let s = sections("Hello team,\nChange: leaflet\nmore about it\n\nPrediction: fewer\nMeasures:\n- a: 1\n- b: 2");
    assert_eq!(
        s.values[0].as_deref(),
        Some("leaflet\nmore about it"),
        "change keeps its lines"
    );
    assert_eq!(s.values[1].as_deref(), Some("fewer"), "prediction");
    assert_eq!(
        s.values[3].as_deref(),
        Some("- a: 1\n- b: 2"),
        "measures keep bullets for parsing"
    );
    assert!(s.unplaced.is_empty(), "greeting is not unplaced: {:?}", s.unplaced);

    let s = sections("Change: one\nChange: two");
    assert_eq!(
        s.values[0].as_deref(),
        Some("one\n\ntwo"),
        "a repeated label adds to the answer"
    );

    let s = sections("Change: a\n> quoted context\nstray words after the quote");
    assert_eq!(s.values[0].as_deref(), Some("a"), "a quote ends the answer");
    assert_eq!(s.unplaced, vec!["stray words after the quote".to_string()]);

    let s = sections("Next steps: evening slots\n\nLet me know if you need more.\n\nThanks,\nJo\nPhysio lead");
    assert_eq!(
        s.values[6].as_deref(),
        Some("evening slots"),
        "closing removed from the last answer"
    );

    let s = sections("Change:\n- only one bullet");
    assert_eq!(
        s.values[0].as_deref(),
        Some("only one bullet"),
        "single bullet stripped"
    );

    let s = sections("Learning: **it works**");
    assert_eq!(
        s.values[4].as_deref(),
        Some("it works"),
        "emphasis around the whole answer"
    );

    let s = sections("Change: A: a leaflet");
    assert_eq!(s.values[0].as_deref(), Some("a leaflet"), "answer prefix removed");
}

#[test]
fn ignorable_preamble() {
    let yes = [
        "Hi Sam,",
        "Hello all",
        "Dear Lab team,",
        "Good morning!",
        // The word ends in a letter outside ASCII: the greeting's word boundary is a
        // Unicode one.
        "Olá Ana,",
        "Here are our answers for November:",
        "Please see our update below.",
        "Sorry this is late!",
        "Apologies for the delay - busy month on the ward.",
        "Thanks for the reminder, answers below",
        "Team: Northshire MSK",
        "Cycle 3 - November",
        "Date: 3/11/2026",
        "*****",
        "Could you send this to the Lab for me please?",
        "Can you forward it on? Thanks",
    ];
    for line in yes {
        assert!(is_ignorable(line), "ignorable: {line:?}");
    }
    let no = [
        "The clinic room flooded in week 2 so we lost three sessions.",
        "We ran out of leaflets.",
        "Our manager left in October.",
        "We'll send the leaflet to every patient on the waiting list.",
    ];
    for line in no {
        assert!(!is_ignorable(line), "not ignorable: {line:?}");
    }
}

#[test]
fn headings_between_two_tests() {
    for heading in [
        "Test 2",
        "TEST B – evening clinic",
        "**Test 1:**",
        "PDSA 2",
        "Second test",
        "Change 2",
        "Idea two",
    ] {
        assert!(is_test_heading(heading), "{heading:?}");
    }
    for not_heading in [
        "Change 1: text reminders",
        "Trial 2: 14 of 20",
        "Test",
        "Test the new form on ward 7",
        "Cycle 4 (March 2026)",
        "Change: text reminders",
    ] {
        assert!(!is_test_heading(not_heading), "{not_heading:?}");
    }
}

#[test]
fn two_tests_in_one_reply_are_flagged_and_the_heading_kept_out_of_the_answers() {
    let s = sections(
        "Test 1\nChange: text reminders\nPrediction: fewer DNAs\nDecision: adopt\nNext: roll out\n\n\
         Test 2\nChange: Friday groups\nPrediction: more uptake\nDecision: abandon\nNext: try Tuesdays",
    );
    assert_eq!(
        s.values[Field::NextSteps.index()].as_deref(),
        Some("roll out\n\ntry Tuesdays")
    );
    assert!(s.unplaced.iter().any(|l| l == "Test 2"), "{:?}", s.unplaced);
    assert!(
        s.notes.iter().any(|n| n.contains("more than one test")),
        "{:?}",
        s.notes
    );
}

#[test]
fn attachment_notes() {
    use super::super::tail::is_attachment_note;
    for note in [
        "Run chart attached.",
        "See attached",
        "Please find attached the audit sheet",
        "(attached)",
    ] {
        assert!(is_attachment_note(note), "{note:?}");
    }
    for not_note in [
        "We attached a sticker to every chart on the ward and audited them weekly",
        "attachment",
        "",
    ] {
        assert!(!is_attachment_note(not_note), "{not_note:?}");
    }
}
