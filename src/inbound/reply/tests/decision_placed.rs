//! A decision given somewhere other than its own answer: opening a short reply, closing
//! another answer, pointing up, corrected under the last answer or given twice.

use super::super::Decision::{Abandon, Adapt, Adopt};
use super::super::extract;

#[test]
fn a_short_reply_that_opens_with_the_decision_records_it_for_review() {
    for (body, want) in [
        ("Adopt. Same again next month.", Some(Adopt)),
        ("ABANDON - it didn't work for us", Some(Abandon)),
        ("Adapt!", Some(Adapt)),
        ("Adopt the new form on ward 7 next month please", None),
        ("We will adopt it.", None),
    ] {
        let e = extract(Some(body), None);
        assert_eq!(e.fields.decision, want, "{body:?}");
        assert!(e.needs_review, "{body:?}");
    }
}

#[test]
fn a_short_message_naming_the_decision_records_it_for_review() {
    for (body, want) in [
        (
            "Sorry, forgot to say - our decision for cycle 8 is adopt.\n\nJo",
            Some(Adopt),
        ),
        (
            "Hi, just to correct my last email - the decision should be adapt, not adopt.\n\nThanks\nRhys",
            Some(Adapt),
        ),
        ("We've decided to abandon it.", Some(Abandon)),
        ("We haven't made a decision yet, will let you know next week.", None),
        ("We will adopt it.", None),
    ] {
        let e = extract(Some(body), None);
        assert_eq!(e.fields.decision, want, "{body:?}");
        assert!(e.needs_review, "{body:?}");
        // The line the decision came from is placed.
        if want.is_some() {
            assert!(!e.warnings.iter().any(|w| w.contains("not placed")), "{:?}", e.warnings);
        }
    }
    // A long message is read as answers or left to a person, not searched for a decision.
    let long = format!(
        "{}Our decision is adopt.",
        "We talked about it for a long time at the meeting. ".repeat(5)
    );
    assert_eq!(extract(Some(&long), None).fields.decision, None);
}

#[test]
fn a_stated_decision_closing_another_answer_becomes_the_decision() {
    let body = "What we tried: pictures of drinks on the menu boards.\n\n\
                How it went: Really well, residents were pointing.\n\nWe'll keep it as is.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:?}");
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("Really well, residents were pointing.")
    );
    // A report of what happened is not a decision.
    let report = "What we tried: a paper checklist.\n\nWhat happened: Mixed.\n\nStaff stopped using it after a week.";
    let e = extract(Some(report), None);
    assert_eq!(e.fields.decision, None, "{e:?}");
    assert!(e.fields.what_happened.unwrap_or_default().contains("stopped using it"));
}

#[test]
fn a_decision_pointing_up_or_corrected_under_the_last_answer() {
    let see_top = "Hello,\n\nShort version: we're adopting it. Details below.\n\nChange: shared rota\n\
                   Prediction: earlier visits\nWhat happened: earlier visits\nLearning: training matters\n\
                   Decision: see top\nNext steps: refresher session";
    let e = extract(Some(see_top), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    let headline = "Short version: adapt 👍\n\n1. Weekly weigh-ins\n2. Spot weight loss earlier\n\
                    3. Scales broke in wk 2\n4. Residents weighed weekly: 9 of 11\n5. Need a backup scale\n\
                    7. Same again with borrowed scales";
    let e = extract(Some(headline), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    let intent = "Short version: we’re keeping it (adopt) – the details are below.\n\nChange: CO test at booking\n\
                  Prediction: most tested\nWhat happened: most tested\nMeasures: Women tested: 96\n\
                  Learning: opt-out works\nNext: repeat at 28 weeks";
    let e = extract(Some(intent), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
    // With the decision answered below, an opening line is no decision of its own.
    let answered = intent.replace("Learning: opt-out works", "Learning: opt-out works\nDecision: Adapt");
    let e = extract(Some(&answered), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");

    let corrected = "Change: morning music\nPrediction: calmer afternoons\nWhat happened: calmer\n\
                     Learning: as thought\nDecision: Adopt\nNext: sort out Tuesdays\n\n\
                     Sorry – decision is actually adapt, not adopt: Tuesdays move to Wednesday.";
    let e = extract(Some(corrected), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("sort out Tuesdays"));

    let opening = "Change: morning music\nPrediction: calmer\nWhat happened: calmer\nLearning: as thought\n\
                   Decision: Adapt\nNext: fix the form\n\n\
                   Sorry, one correction – actually 6 should be adopt, we keep it as it is.";
    let e = extract(Some(opening), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("fix the form"));

    // A starred word under the last answer, as corrections are typed in chat.
    let starred = "1. Pharmacy tech med recs\n2. More done in 24h\n3. Weekdays fine\n4. Med recs in 24h: 78%\n\
                   5. Right for weekdays\n6. Adopt\n7. Bid for a weekend tech\n\n*Adapt sorry, autocorrect";
    let e = extract(Some(starred), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Bid for a weekend tech"));
    // A bullet or an italic note under the next step is part of it.
    for under in [
        "* adapt the rota for nights",
        "*Note: sorry, we may adapt the rota for nights*",
    ] {
        let e = extract(Some(&starred.replace("*Adapt sorry, autocorrect", under)), None);
        assert_eq!(e.fields.decision, Some(Adopt), "{under:?}: {e:#?}");
    }

    // A next step that happens to say "actually" is no correction.
    let next = "Change: morning music\nPrediction: calmer\nWhat happened: calmer\nLearning: as thought\n\
                Decision: Adopt\nNext: sort out Tuesdays\n\nActually we might adapt the timetable too.";
    let e = extract(Some(next), None);
    assert_eq!(e.fields.decision, Some(Adopt), "{e:#?}");
}

#[test]
fn a_decision_opening_next_steps_given_twice() {
    let body = "Aim: a later huddle\nWhat we thought: more HCAs\nWhat we saw: more on weekdays\n\
                Numbers:\nHuddles held: 27\nTakeaway: timing matters\n\
                Going forward: Keeping it but tweaking the times – 10:30 on weekdays.\n\
                Next time: Try the weekend slot.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Try the weekend slot."));
    // One paragraph of next steps that opens with intent stays the next step.
    let body = "Change: a later huddle\nPrediction: more HCAs\nWhat happened: more\nLearning: timing\n\
                Next: We'll keep it going and try the weekend slot.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, None, "{e:#?}");
    assert!(e.fields.next_steps.is_some());
}

#[test]
fn a_long_answer_on_its_label_line_and_a_decision_closing_the_learning() {
    let long = "the pop-up is hard to ignore; ".repeat(20);
    let body = format!(
        "change - a pop-up\nprediction - more screens\nwhat happened - {long}waited for a doctor\n\
         learning - it works\nMore than we thought\nAdapt - going to text as well as the letter\nnext - PGD"
    );
    let e = extract(Some(&body), None);
    assert!(
        e.fields
            .what_happened
            .as_deref()
            .is_some_and(|w| w.ends_with("waited for a doctor")),
        "{e:#?}"
    );
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");
    assert_eq!(e.fields.learning.as_deref(), Some("it works\nMore than we thought"));
}

#[test]
fn a_decision_corrected_on_the_next_line_and_figures_named_for_a_time() {
    let body = "Change: 1pm round\nPrediction: quicker\nWhat happened: quicker\nMeasures: Interruptions logged: 8\n\
                Learning: as we thought\nDecision: Adopt\nSorry, actually adapt - we'll start it at 1.30 instead.\n\
                Next: the 1.30 round\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, Some(Adapt), "{e:#?}");

    let figures = "We tried a call-back option this month. Numbers below.\n\nCalls into the line: 1,240\n\
                   Average queue time: 6 minutes\nTime: 14:30\n";
    let e = extract(Some(figures), None);
    let names: Vec<&str> = e.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Calls into the line", "Average queue time"], "{e:#?}");
    assert!(e.needs_review);
}
