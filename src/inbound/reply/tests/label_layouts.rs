//! Labels laid out in the writer's own way: leaders ("Change ........ text"), labels in
//! brackets, rules between answers, one label naming two questions, lettered points.

use super::super::Decision::{Abandon, Adapt, Adopt};
use super::super::text::first_sentence_end;
use super::super::{MeasureValue, extract, html_to_text, parse_measure};

const REST: &str = "Measures:\nCalls made: 31\nLearning: it works\nDecision: adopt\nNext: weekends too";

#[test]
fn leaders_between_a_label_and_its_answer() {
    for (name, change, prediction) in [
        (
            "dots",
            "Change ........... Text message the day before",
            "Prediction ....... Fewer late arrivals",
        ),
        (
            "ellipsis",
            "Change… Text message the day before",
            "Prediction …… Fewer late arrivals",
        ),
        (
            "dashes",
            "Change --------- Text message the day before",
            "Prediction ----- Fewer late arrivals",
        ),
        (
            "em dashes",
            "Change ——— Text message the day before",
            "Prediction —— Fewer late arrivals",
        ),
        (
            "dots and colon",
            "Change.......: Text message the day before",
            "Prediction...: Fewer late arrivals",
        ),
    ] {
        let e = extract(
            Some(&format!("{change}\n{prediction}\nWhat happened ... fewer\n{REST}")),
            None,
        );
        assert_eq!(
            e.fields.change.as_deref(),
            Some("Text message the day before"),
            "{name}: {e:?}"
        );
        assert_eq!(e.fields.prediction.as_deref(), Some("Fewer late arrivals"), "{name}");
        assert_eq!(e.fields.what_happened.as_deref(), Some("fewer"), "{name}");
        assert!(!e.needs_review, "{name}: {e:?}");
    }
}

#[test]
fn a_dash_leader_separates_a_measure_from_its_value() {
    let m = parse_measure("Average fluid intake per day ------ 1240 ml (August: 1010 ml)").unwrap();
    assert_eq!(m.name, "Average fluid intake per day");
    assert_eq!(m.value, MeasureValue::Number(1240.0));
    assert_eq!(m.unit.as_deref(), Some("ml (August: 1010 ml)"));
    // A hyphenated name is not a leader.
    let m = parse_measure("Follow-up calls: 12").unwrap();
    assert_eq!(m.name, "Follow-up calls");
}

#[test]
fn labels_in_round_brackets() {
    let body = "(Change) Online booking for blood tests.\n(Prediction) Shorter queues.\n(What happened) Mornings were calm.\n\
                (Measures)\nBooked appointments: 1204\n(Learning) The queue moved.\n(Decision) Adapt – add a phone line.\n(Next) Test the phone line.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Online booking for blood tests."));
    assert_eq!(e.fields.measures.len(), 1);
    assert_eq!(e.fields.decision, Some(Adapt));
    assert_eq!(e.fields.next_steps.as_deref(), Some("Test the phone line."));
    assert!(!e.needs_review, "{e:?}");
    // A remark in brackets is not a label.
    let body = "Change: online booking\n(Next week we will add the phone line)\nPrediction: shorter queues";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("online booking\n(Next week we will add the phone line)")
    );
}

#[test]
fn rules_between_answers_are_not_part_of_them() {
    for rule in ["----", "***", "* * *", "___", "====", "~~~"] {
        let body = format!(
            "Change - a call the evening before\n{rule}\nPrediction - fewer no-answers\n{rule}\nWhat happened - people liked it\n{rule}\n\
             Measures -\nFirst visits: 44\n{rule}\nLearning - better than predicted\n{rule}\nDecision - adopt\n{rule}\nNext - ask for mobile numbers\n{rule}\n\nKind regards,\nMarcia"
        );
        let e = extract(Some(&body), None);
        assert_eq!(
            e.fields.change.as_deref(),
            Some("a call the evening before"),
            "{rule}: {e:?}"
        );
        assert_eq!(e.fields.learning.as_deref(), Some("better than predicted"), "{rule}");
        assert_eq!(e.fields.next_steps.as_deref(), Some("ask for mobile numbers"), "{rule}");
        assert_eq!(e.fields.measures.len(), 1, "{rule}");
        assert!(!e.needs_review, "{rule}: {e:?}");
    }
}

#[test]
fn an_html_rule_between_answers_divides_them_and_one_over_history_ends_the_reply() {
    let html = "<p><b>Change</b> — Weighing in the waiting area.</p><hr><p><b>Prediction</b> — Every child weighed.</p><hr>\
                <p><b>What happened</b> — Parents objected.</p><hr><p><b>Learning</b> — Privacy matters.</p><hr>\
                <p><b>Decision</b> — Abandon.</p><hr><p><b>Next</b> — Weigh in the nurse's room.</p>\
                <hr><p><b>From:</b> Improvement Lab &lt;lab@lab.example.org&gt;<br><b>Sent:</b> 01 September 2029<br>\
                <b>To:</b> Tobias<br><b>Subject:</b> Cycle 5</p><p>1. What change or idea did you test this cycle?</p>";
    let e = extract(None, Some(html));
    assert_eq!(e.fields.prediction.as_deref(), Some("Every child weighed."), "{e:?}");
    assert_eq!(e.fields.decision, Some(Abandon));
    assert_eq!(e.fields.next_steps.as_deref(), Some("Weigh in the nurse's room."));
    assert!(!e.reply_text.contains("Cycle 5"), "{}", e.reply_text);
    assert!(html_to_text(html).contains("Privacy matters."));
    // A mailing list's footer under a short rule is still a footer.
    let e = extract(
        Some("Change: text reminders\n\n__\nward-leads mailing list\nward-leads@lists.example.org"),
        None,
    );
    assert!(!e.reply_text.contains("mailing list"), "{}", e.reply_text);
}

#[test]
fn one_label_for_two_questions_is_shared_between_them() {
    let cases: &[(&str, &str, [Option<&str>; 3])] = &[
        (
            "lines",
            "Change & prediction:\nText reminder two days before.\nWe thought fewer people would miss.",
            [
                Some("Text reminder two days before."),
                Some("We thought fewer people would miss."),
                None,
            ],
        ),
        (
            "sentences",
            "Change: text reminder\nPrediction / what happened: We expected fewer misses. It did on weekdays – 9 fewer – but not at weekends.",
            [
                Some("text reminder"),
                Some("We expected fewer misses."),
                Some("It did on weekdays – 9 fewer – but not at weekends."),
            ],
        ),
        (
            "paragraphs",
            "Change: text reminder\nPrediction and what happened:\nFewer misses.\nFewer calls.\n\nMisses halved.",
            [
                Some("text reminder"),
                Some("Fewer misses.\nFewer calls."),
                Some("Misses halved."),
            ],
        ),
    ];
    for (name, top, [change, prediction, happened]) in cases {
        let e = extract(Some(&format!("{top}\n{REST}")), None);
        assert_eq!(e.fields.change.as_deref(), *change, "{name}: {e:?}");
        assert_eq!(e.fields.prediction.as_deref(), *prediction, "{name}");
        if happened.is_some() {
            assert_eq!(e.fields.what_happened.as_deref(), *happened, "{name}");
        }
    }
}

#[test]
fn a_shared_label_with_the_decision_gives_the_decision_its_own_sentence() {
    let body = "Change: second check\nPrediction: no late doses\nWhat happened: a minute each\nMeasures:\nLate doses: 2\n\
                Learning and decision: Close to our prediction, and both late doses were on skipped days. We'll adopt it.\n\
                Next: nights";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.learning.as_deref(),
        Some("Close to our prediction, and both late doses were on skipped days.")
    );
    assert_eq!(e.fields.decision, Some(Adopt));
    assert!(!e.needs_review, "{e:?}");

    let body = "Change: depot texts\nPrediction: fewer misses\nWhat happened: most replied\nMeasures:\nMissed: 9\n\
                Learning: halved\nDecision & next steps: Adapt. We'll add a second text on the morning.";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.decision, Some(Adapt));
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("We'll add a second text on the morning.")
    );

    let body = "⭐ Change\nStreaming nurse\n***\n⭐ Prediction\n1 in 5 redirected\n***\n⭐ What happened\nMost seen in 10 minutes\n***\n\
                ⭐ Learning / decision\nFewer redirects than predicted.\nAdapting – no GP redirects after 6pm.\n***\n⭐ Next\nPharmacy first";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.learning.as_deref(), Some("Fewer redirects than predicted."));
    assert_eq!(e.fields.decision, Some(Adapt));
    assert_eq!(e.fields.change.as_deref(), Some("Streaming nurse"));

    // A second name that is the same answer's ("Learning/reflection") shares nothing.
    let body = "Change: huddle\nPrediction: calmer\nWhat happened: calmer\nLearning/reflection: Short is better. Staff liked it.\n\
                Decision: adopt\nNext: weekends";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.learning.as_deref(), Some("Short is better. Staff liked it."));
}

#[test]
fn results_and_numbers_gives_what_happened_and_the_measures() {
    let body = "Change — GP bloods before CT\nPrediction — fewer delays\nResults and numbers —\nFar fewer delays on the day.\n\
                Contrast scans booked: 214\nDelayed on the day: 7\nLearning — better than predicted\nDecision — Adopt.\nNext — talk to two practices";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("Far fewer delays on the day."),
        "{e:?}"
    );
    assert_eq!(e.fields.measures.len(), 2);
    assert!(!e.needs_review, "{e:?}");
}

#[test]
fn lettered_points_keep_their_first_letter() {
    let body = "1. Change: discharge checklist from day of birth\n2. Prediction: ready by 11am\n3. What happened:\n\
                a) Early shifts used it well.\nb) Nights were unsure.\nc) The newborn check held things up.\n4. Measures:\nWomen discharged: 112\n\
                5. Learning: better on weekdays\n6. Decision: Adapt\n7. Next:\na) Midwives doing the newborn check.\nb) Re-audit nights.";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("a) Early shifts used it well.\nb) Nights were unsure.\nc) The newborn check held things up.")
    );
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("a) Midwives doing the newborn check.\nb) Re-audit nights.")
    );
    // "A)" before a single answer is still taken off.
    let e = extract(Some("Change:\nA) a checklist\nPrediction: quicker"), None);
    assert_eq!(e.fields.change.as_deref(), Some("a checklist"));
}

#[test]
fn a_section_of_the_writers_own_after_leaders_is_for_a_person() {
    let body = "Change ------ Fluoride varnish at nursery\nPrediction -- most varnished\nWhat happened -- forms came back slowly\n\
                Measures ----\nConsent forms sent: 120\nLearning ---- fewer than predicted\nDecision ---- Adapt\n\
                Next -------- remind parents at pick-up\nOther ------- Could these reminders also go to our dental nurse lead? She would answer quicker than me.\n\nDiolch\nOwain";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("remind parents at pick-up"));
    assert!(e.needs_review, "{e:?}");
    assert!(
        e.warnings.iter().any(|w| w.contains("dental nurse lead")),
        "{:?}",
        e.warnings
    );
}

#[test]
fn sentences_end_at_a_mark_before_a_capital_not_at_an_abbreviation() {
    let t = "We expected fewer misses. It did on weekdays.";
    assert_eq!(first_sentence_end(t), Some("We expected fewer misses.".len()));
    assert_eq!(
        first_sentence_end("Approx. 40 seen, e.g. Mr. Jones. Then more."),
        Some("Approx. 40 seen, e.g. Mr. Jones.".len())
    );
    assert_eq!(first_sentence_end("One sentence only."), None);
    assert_eq!(first_sentence_end("Adapt. 2 more texts."), Some("Adapt.".len()));
    assert_eq!(first_sentence_end("It went well. then it didn't"), None);
}

#[test]
fn a_form_filled_in_loses_its_furniture() {
    let body = "1. What change or idea did you test this cycle?\n[Pharmacist screening TTOs the afternoon before]\n\
                2. What did you predict would happen?\n____More TTOs ready by 11am____\n\
                3. What happened when you tried it?\n(Worked for planned discharges, not for the rest)\n\
                4. What did you measure?\n[TTOs ready by 11am: 19 of 40]\n[image: chart.png]\n\
                5. What did you learn, and how did it compare with your prediction?\nClick or tap here to enter text.\n\
                6. Will you adopt, adapt or abandon the change?\n☐ Adopt ☒ Adapt ☐ Abandon\n\
                7. What will you test next cycle?\nA flag at the 3pm board round";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("Pharmacist screening TTOs the afternoon before")
    );
    assert_eq!(e.fields.prediction.as_deref(), Some("More TTOs ready by 11am"));
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("Worked for planned discharges, not for the rest")
    );
    assert_eq!(e.fields.measures.len(), 1, "{e:?}");
    assert_eq!(e.fields.measures[0].name, "TTOs ready by 11am");
    assert_eq!(e.fields.learning, None);
    assert_eq!(e.fields.decision, Some(Adapt));
    // Brackets that are the writer's own stay: "(a) … (b) …", a remark with a figure.
    let e = extract(
        Some("Change: (a) texts (b) calls\nPrediction: (about 20) fewer DNAs"),
        None,
    );
    assert_eq!(e.fields.change.as_deref(), Some("(a) texts (b) calls"));
    // No box ticked: no decision, for a person.
    let e = extract(
        Some("Change: texts\nPrediction: fewer\nWhat happened: fewer\nDecision: ☐ Adopt ☐ Adapt ☐ Abandon"),
        None,
    );
    assert_eq!(e.fields.decision, None);
    assert!(e.needs_review);
}

/// Labels in the words of staff trained elsewhere: "Intervention", "Hypothesis",
/// "Observation", "What passed", "Real result", "Parameters measured", "Inference",
/// "Plan ahead"; and their closing lines ("Kindly revert back if any clarification is
/// required.", "Kindly do the needful.") are no part of the last answer.
#[test]
fn labels_and_closings_of_staff_trained_elsewhere() {
    for happened in ["Observation", "What passed", "Real result"] {
        let body = format!(
            "Dear Team,\n\nPFB the details for Cycle 7.\n\nIntervention: Hypo box in every bay\n\n\
             Hypothesis: Faster treatment\n\n{happened}: The boxes were used in all bays.\n\n\
             Parameters measured:\nHypo episodes: 23\nTreated within 15 min: 19\n\n\
             Inference: Treatment time improved as expected.\n\nDecision: We will maintain the change.\n\n\
             Plan ahead: Add a timer to the hypo box.\n\nKindly revert back if any clarification is required.\n\n\
             Kindly do the needful.\n\nThanks & Regards,\nAnju Mathew\nStaff Nurse | Ward 14"
        );
        let e = extract(Some(&body), None);
        assert_eq!(e.fields.change.as_deref(), Some("Hypo box in every bay"), "{e:#?}");
        assert_eq!(
            e.fields.what_happened.as_deref(),
            Some("The boxes were used in all bays."),
            "{happened}: {e:#?}"
        );
        assert_eq!(e.fields.measures.len(), 2, "{e:#?}");
        assert_eq!(
            e.fields.learning.as_deref(),
            Some("Treatment time improved as expected.")
        );
        assert_eq!(e.fields.decision, Some(Adopt));
        assert_eq!(
            e.fields.next_steps.as_deref(),
            Some("Add a timer to the hypo box."),
            "{e:#?}"
        );
        assert!(!e.needs_review, "{e:#?}");
    }
}
