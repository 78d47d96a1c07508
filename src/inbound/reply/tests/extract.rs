//! Extraction from structured replies: questions, numbers, labels, inline.

use super::super::Decision::{Abandon, Adapt, Adopt};
use super::super::extract;
use super::support::{Expect, QUOTED_REMINDER, check};

#[test]
fn questions_copied_with_answers_below() {
    let body = format!(
        "Hi Sam,

Here are our answers for this month.

1. What change or idea did you test this cycle?
We offered a weekly group education session instead of a first 1:1 appointment.

2. What did you predict would happen?
More patients seen within 2 weeks.

3. What happened when you tried it?
Uptake was slow in week one,
then picked up once the admin team phoned people.

4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")
Patients offered the group: 14
Attendance - 9 of 14 (64%)
Waiting time: 3 weeks

5. What did you learn, and how did it compare with your prediction?
Waits came down, but not as far as we predicted.

6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`)
Adapt - we'll move it to late afternoon.

7. What will you test next cycle?
A 4pm slot and a text reminder the day before.

Thanks,
Priya Shah
Clinical Lead Physiotherapist
Northshire Community Services NHS Trust

{QUOTED_REMINDER}"
    );
    check(
        "questions copied",
        &extract(Some(&body), None),
        &Expect {
            change: Some("We offered a weekly group education session instead of a first 1:1 appointment."),
            prediction: Some("More patients seen within 2 weeks."),
            what_happened: Some("Uptake was slow in week one,\nthen picked up once the admin team phoned people."),
            measures: &[
                ("Patients offered the group", "14", None),
                ("Attendance", "9", Some("of 14 (64%)")),
                ("Waiting time", "3", Some("weeks")),
            ],
            learning: Some("Waits came down, but not as far as we predicted."),
            decision: Some(Adapt),
            next_steps: Some("A 4pm slot and a text reminder the day before."),
            reply_has: &["Hi Sam,", "Thanks,\nPriya Shah"],
            reply_lacks: &["Clinical Lead", "wrote:", "> 1. What change"],
            ..Expect::default()
        },
    );
}

#[test]
fn answers_on_the_question_line() {
    let body = "1. What change or idea did you test this cycle? A pain education leaflet at first contact
2. What did you predict would happen? Fewer follow-ups booked
3. What happened when you tried it? Most patients read it
4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\") Leaflets given: 48
Follow-ups booked: 30
5. What did you learn, and how did it compare with your prediction? It helped, less than hoped
6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`) adopt
7. What will you test next cycle? A Polish translation";
    check(
        "same line",
        &extract(Some(body), None),
        &Expect {
            change: Some("A pain education leaflet at first contact"),
            prediction: Some("Fewer follow-ups booked"),
            what_happened: Some("Most patients read it"),
            measures: &[("Leaflets given", "48", None), ("Follow-ups booked", "30", None)],
            learning: Some("It helped, less than hoped"),
            decision: Some(Adopt),
            next_steps: Some("A Polish translation"),
            ..Expect::default()
        },
    );
}

#[test]
fn numbered_answers_without_the_questions() {
    let cases: &[(&str, &str)] = &[
        (
            "dot",
            "1. Self-referral form on the web page\n2. 20 referrals in a month\n3. 31 came in\n4. Self-referrals: 31\n5. Demand was higher than we thought\n6. Adopt\n7. Add a red-flags question",
        ),
        (
            "paren",
            "1) Self-referral form on the web page\n2) 20 referrals in a month\n3) 31 came in\n4) Self-referrals: 31\n5) Demand was higher than we thought\n6) adopt\n7) Add a red-flags question",
        ),
        (
            "q colon",
            "Q1: Self-referral form on the web page\nQ2: 20 referrals in a month\nQ3: 31 came in\nQ4: Self-referrals: 31\nQ5: Demand was higher than we thought\nQ6: ADOPT\nQ7: Add a red-flags question",
        ),
        (
            "number dash",
            "1 - Self-referral form on the web page\n2 - 20 referrals in a month\n3 - 31 came in\n4 - Self-referrals: 31\n5 - Demand was higher than we thought\n6 - Adopt!\n7 - Add a red-flags question",
        ),
        (
            "answers under numbers",
            "1.\nSelf-referral form on the web page\n\n2.\n20 referrals in a month\n\n3.\n31 came in\n\n4.\nSelf-referrals: 31\n\n5.\nDemand was higher than we thought\n\n6.\nAdopt\n\n7.\nAdd a red-flags question",
        ),
        (
            "question word",
            "Question 1: Self-referral form on the web page\nQuestion 2: 20 referrals in a month\nQuestion 3: 31 came in\nQuestion 4: Self-referrals: 31\nQuestion 5: Demand was higher than we thought\nQuestion 6: we'll keep it as is\nQuestion 7: Add a red-flags question",
        ),
    ];
    for (name, answers) in cases {
        let body = format!("{answers}\n\nSent from my iPhone\n\n{QUOTED_REMINDER}");
        check(
            name,
            &extract(Some(&body), None),
            &Expect {
                change: Some("Self-referral form on the web page"),
                prediction: Some("20 referrals in a month"),
                what_happened: Some("31 came in"),
                measures: &[("Self-referrals", "31", None)],
                learning: Some("Demand was higher than we thought"),
                decision: Some(Adopt),
                next_steps: Some("Add a red-flags question"),
                reply_lacks: &["iPhone", "wrote:"],
                ..Expect::default()
            },
        );
    }
}

#[test]
fn short_labels_and_variants() {
    let cases: &[(&str, &str)] = &[
        (
            "plain labels",
            "Change: phone triage before face to face\nPrediction: 30% managed by phone\nWhat happened: 22% managed by phone\nMeasures: Calls made: 120\nLearning: older patients preferred visits\nDecision: adapt\nNext steps: offer video too",
        ),
        (
            "variants",
            "Change tested - phone triage before face to face\nWe predicted: 30% managed by phone\nResults: 22% managed by phone\nData:\nCalls made: 120\nLessons learnt: older patients preferred visits\nAdopt, adapt or abandon? We'll adapt it\nPlan for next cycle: offer video too",
        ),
        (
            "lower case and spaces",
            "the idea : phone triage before face to face\nhypothesis : 30% managed by phone\noutcome : 22% managed by phone\nnumbers :\n  - Calls made: 120\nwhat we learned : older patients preferred visits\ndecision : tweak it and test again\nnext cycle : offer video too",
        ),
        (
            "markdown",
            "**Change:** phone triage before face to face\n\n**Prediction**: 30% managed by phone\n\n*What happened*: 22% managed by phone\n\n__Measurements__\n* Calls made: 120\n\n**Learning:** older patients preferred visits\n\n*Decision*: **Adapt**\n\n**Next:** offer video too",
        ),
        (
            "labels on their own lines",
            "Change\nphone triage before face to face\n\nPrediction\n30% managed by phone\n\nWhat happened?\n22% managed by phone\n\nMeasures\nCalls made: 120\n\nLearning\nolder patients preferred visits\n\nDecision\nadapt\n\nNext steps\noffer video too",
        ),
        (
            "pdsa words",
            "Plan: phone triage before face to face\nPredicted: 30% managed by phone\nDo: 22% managed by phone\nMetrics: Calls made: 120\nStudy: older patients preferred visits\nAct: adapt\nWhat next: offer video too",
        ),
        (
            "emoji bullets",
            "✅ Change: phone triage before face to face\n👉 Prediction: 30% managed by phone\n➡️ What happened: 22% managed by phone\n📊 Measures:\n📈 Calls made: 120\n✔ Learning: older patients preferred visits\n✔ Decision: ADAPT\n✔ Next: offer video too",
        ),
        (
            "shouted labels with dashes",
            "CHANGE - phone triage before face to face\nPREDICTION - 30% managed by phone\nRESULT - 22% managed by phone\nMEASURES\nCalls made: 120\nLEARNING - older patients preferred visits\nDECISION - Adapt\nNEXT - offer video too",
        ),
        (
            "numbers with a note",
            "1 (change) - phone triage before face to face\n2 (prediction) - 30% managed by phone\n3 (what happened) - 22% managed by phone\n4 (measures) - Calls made: 120\n5 (learning) - older patients preferred visits\n6 (decision) - adapt\n7 (next) - offer video too",
        ),
        (
            "we-questions and what-we labels",
            "What we tested: phone triage before face to face\nWhat we expected: 30% managed by phone\nWhat actually happened: 22% managed by phone\nWhat we measured: Calls made: 120\nWhat we learnt: older patients preferred visits\nAdopt/adapt/abandon: adapt\nNext cycle: offer video too\nJo Bell\nTeam Lead, Falls Service",
        ),
        (
            "numbered labels",
            "1. Change: phone triage before face to face\n2. Prediction: 30% managed by phone\n3. Outcome: 22% managed by phone\n4. Measures: Calls made: 120\n5. Learning: older patients preferred visits\n6. Decision: adapt\n7. Next steps: offer video too",
        ),
    ];
    for (name, answers) in cases {
        let body = format!(
            "{answers}\n\nGet Outlook for iOS<https://aka.ms/o0ukef>\n________________________________\nFrom: Improvement Lab <lab@lab.example.org>\nSent: 03 November 2026 09:00\nTo: Jo Bell <jo.bell@nhs.net>\nSubject: Cycle 3\n\n1. What change or idea did you test this cycle?"
        );
        check(
            name,
            &extract(Some(&body), None),
            &Expect {
                change: Some("phone triage before face to face"),
                prediction: Some("30% managed by phone"),
                what_happened: Some("22% managed by phone"),
                measures: &[("Calls made", "120", None)],
                learning: Some("older patients preferred visits"),
                decision: Some(Adapt),
                next_steps: Some("offer video too"),
                reply_lacks: &["Outlook", "From:"],
                ..Expect::default()
            },
        );
    }
}

#[test]
fn inline_answers_between_quoted_questions() {
    let body = "Hi, answers inline below.

On Tue, 3 Nov 2026 at 09:00, Improvement Lab <lab@lab.example.org> wrote:
> Hi Chris,
>
> It's time for your cycle update. Please reply to this email.
>
> 1. What change or idea did you test this cycle?
We moved the Monday clinic to a drop-in format.
>
> 2. What did you predict would happen?
Shorter waits for first contact.
>
> 3. What happened when you tried it?
Very busy first hour,
quiet after 11.
>
> 4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")
Patients seen: 23
Average wait - 35 minutes
>
> 5. What did you learn, and how did it compare with your prediction?
Waits were shorter overall but the peak was a problem.
>
> 6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or
> `abandon`)
we won't abandon it, we'll adapt the start times
>
> 7. What will you test next cycle?
Staggered start times.
>
> Thanks,
> The Improvement Lab team

Cheers,
Chris
";
    check(
        "inline",
        &extract(Some(body), None),
        &Expect {
            change: Some("We moved the Monday clinic to a drop-in format."),
            prediction: Some("Shorter waits for first contact."),
            what_happened: Some("Very busy first hour,\nquiet after 11."),
            measures: &[("Patients seen", "23", None), ("Average wait", "35", Some("minutes"))],
            learning: Some("Waits were shorter overall but the peak was a problem."),
            decision: Some(Adapt),
            next_steps: Some("Staggered start times."),
            reply_has: &["What change or idea", "Staggered start times.\n\nCheers,\nChris"],
            reply_lacks: &["Hi Chris", "wrote:", "Improvement Lab team", "`abandon`)", ">"],
            ..Expect::default()
        },
    );
}

#[test]
fn partial_answers_and_placeholders() {
    let body = "Change: new discharge leaflet
Prediction: N/A
What happened: -
Measures: none
Learning: tbc
Decision: abandon - nobody read it";
    check(
        "n/a and - mean unanswered; tbc is kept",
        &extract(Some(body), None),
        &Expect {
            change: Some("new discharge leaflet"),
            measures: &[],
            learning: Some("tbc"),
            decision: Some(Abandon),
            warnings: &["no answer for: prediction, what_happened, next_steps"],
            ..Expect::default()
        },
    );
    check(
        "few answers",
        &extract(Some("Change: walking group\nDecision: adopt"), None),
        &Expect {
            change: Some("walking group"),
            decision: Some(Adopt),
            needs_review: true,
            warnings: &["only 2 of 7"],
            ..Expect::default()
        },
    );
}

#[test]
fn repeated_numbers_and_lists_inside_answers() {
    let body = "1. What change or idea did you test this cycle?
Two things together:
1. a new leaflet
2. a follow-up call

2. What did you predict would happen?
Fewer DNAs

3. What happened when you tried it?
DNAs fell

4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")
1. DNAs before: 18%
2. DNAs after: 9%

5. What did you learn, and how did it compare with your prediction?
As predicted

6. Will you adopt, adapt or abandon the change? (`adopt`, `adapt` or `abandon`)
Adopt

7. What will you test next cycle?
Only the call";
    check(
        "lists",
        &extract(Some(body), None),
        &Expect {
            change: Some("Two things together:\n1. a new leaflet\n2. a follow-up call"),
            prediction: Some("Fewer DNAs"),
            what_happened: Some("DNAs fell"),
            measures: &[("DNAs before", "18", Some("%")), ("DNAs after", "9", Some("%"))],
            learning: Some("As predicted"),
            decision: Some(Adopt),
            next_steps: Some("Only the call"),
            ..Expect::default()
        },
    );
}

#[test]
fn lettered_answers_outlook_comment_tags_and_measure_rows_that_look_like_labels() {
    let lettered = "a) Tabards for the medicines round.\nb) Fewer interruptions.\nc) Staff left the nurse alone.\n\
                    d) Interruptions per round: 4 (was 11)\ne) Works with staff.\nf) Adopt\ng) A sign for visitors.";
    let e = extract(Some(lettered), None);
    assert_eq!(e.fields.change.as_deref(), Some("Tabards for the medicines round."));
    assert_eq!(e.fields.decision, Some(Adopt));
    assert_eq!(e.fields.next_steps.as_deref(), Some("A sign for visitors."));

    let tagged = "Change:\n[Jane Watson] A technician on the ward round.\n\
                  Prediction:\n[Jane Watson] Reconciliation within 24 hours would rise.";
    let e = extract(Some(tagged), None);
    assert_eq!(e.fields.change.as_deref(), Some("A technician on the ward round."));
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("Reconciliation within 24 hours would rise.")
    );

    let measures = "What happened: dispensers were used more.\nmeasured:\nHand hygiene compliance: 87%\n\
                    Observations: 120\no   Empty dispenser days: 5\nLearning: refills need an owner.";
    let e = extract(Some(measures), None);
    let names: Vec<&str> = e.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Hand hygiene compliance", "Observations", "Empty dispenser days"]
    );
    assert_eq!(e.fields.what_happened.as_deref(), Some("dispensers were used more."));
    // The next answer opening with a figure is an answer, not a measure.
    let figure_first = "Change: sit out in 24h
Measures –
Pts sat out – 29/35
                        Learning – 24h is doable even with our staffing if nurses help
Decision – adopt
Next – train";
    let e = extract(Some(figure_first), None);
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    assert_eq!(
        e.fields.learning.as_deref(),
        Some("24h is doable even with our staffing if nurses help"),
        "{e:#?}"
    );
}

#[test]
fn bar_quoting_attachment_notes_pdsa_labels_and_a_preamble_on_someones_behalf() {
    let body = "Sending on behalf of Dr Khan:\n\nWhat we did: text invites for asthma reviews\n\
                Prediction: more booked\nWhat happened: 40 booked\nPDSA decision: park it for now\n\
                Next: the same for COPD\n\nRun chart attached.\n\n\
                | From: Improvement Lab <lab@lab.example.org>\n| Subject: Cycle 2\n|\n| 1. What change or idea did you test this cycle?";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("text invites for asthma reviews"));
    assert_eq!(e.fields.decision, Some(Abandon));
    assert_eq!(e.fields.next_steps.as_deref(), Some("the same for COPD"));
    assert!(!e.reply_text.contains("Improvement Lab"), "{:?}", e.reply_text);
    assert!(e.warnings.iter().all(|w| !w.contains("not placed")), "{:?}", e.warnings);
}

#[test]
fn labels_in_columns_dictated_in_brackets_or_after_a_double_dash() {
    // Lined up with spaces, one label followed by a single space.
    let columns = "Change        Moved the call to 14 days before\n              surgery.\n\
                   Prediction    Fewer cancellations.\nWhat happened 41 calls made.\n\
                   Measures      Calls made: 41\nLearning      The extra week matters.\n\
                   Decision      Adopt\nNext          Same for day cases.";
    // Dictated: no punctuation after any label.
    let spoken = "Hi lab team here are our answers\nChange we started a frailty screen\n\
                  Prediction more patients would go to the unit\nWhat happened it worked on days\n\
                  Measures\nPatients over 75 screened 96\nLearning nights need a champion\n\
                  Decision adapt\nNext steps find a night champion";
    let brackets = "[Change] A magnet on the bed board\n[Prediction] Fewer falls\n\
                    [What happened] Night staff liked them\n[Measures]\nFalls: 2\n\
                    [Learning] Part of the checklist\n[Decision] Adopt\n[Next] Remove at discharge";
    let dashes = "Change -- midwife answers the phone\nPrediction -- fewer trips in\n\
                  What happened -- calmer unit\nLearning -- early advice helps\nDecision -- adopt\nNext -- the 10pm peak";
    for (name, body, change, decision) in [
        ("columns", columns, "Moved the call to 14 days before\nsurgery.", Adopt),
        ("spoken", spoken, "we started a frailty screen", Adapt),
        ("brackets", brackets, "A magnet on the bed board", Adopt),
        ("dashes", dashes, "midwife answers the phone", Adopt),
    ] {
        let e = extract(Some(body), None);
        assert_eq!(e.fields.change.as_deref(), Some(change), "{name}: {e:#?}");
        assert_eq!(e.fields.decision, Some(decision), "{name}: {e:#?}");
        assert!(
            e.fields.what_happened.is_some() && e.fields.next_steps.is_some(),
            "{name}: {e:#?}"
        );
        assert!(!e.needs_review, "{name}: {e:#?}");
    }
    let e = extract(Some(spoken), None);
    assert_eq!(e.fields.measures.len(), 1, "{:?}", e.fields.measures);
    assert_eq!(e.fields.measures[0].name, "Patients over 75 screened");
}

#[test]
fn prose_opening_with_label_words_is_not_respelled() {
    // Sentences that start with "Change", "We predicted", "Next": not labels.
    let body = "Change is hard on a busy ward.\nWe predicted falls would drop.\n\
                What happened next surprised us.\nLearning takes time.\nNext we will try again.";
    let e = extract(Some(body), None);
    assert!(e.fields.is_empty(), "{:#?}", e.fields);
    assert!(e.needs_review);
}

#[test]
fn numbers_after_a_hash_underlined_headings_and_the_reminder_pasted_back() {
    let hashed = "#1 Text link instead of post\n#2 More forms back\n#3 Carers liked it\n\
                  #4 Forms returned: 21 of 30\n#5 Helps carers\n#6 Adapt\n#7 Offer both";
    let e = extract(Some(hashed), None);
    assert_eq!(e.fields.change.as_deref(), Some("Text link instead of post"));
    assert_eq!(e.fields.measures[0].name, "Forms returned");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Offer both"));

    let underlined = "CHANGE\n------\nExercise sheet at the first visit\n\nPREDICTION\n----------\nEarlier exercise\n\n\
                      WHAT HAPPENED\n-------------\nEveryone got it\n\nDECISION\n--------\nAdopt";
    let e = extract(Some(underlined), None);
    assert_eq!(e.fields.change.as_deref(), Some("Exercise sheet at the first visit"));
    assert_eq!(e.fields.decision, Some(Adopt));

    let pasted = "Hello Gail,\n\nCycle 8 (June 2028) has started for Rehab Team. When you have tried your change, \
                  reply to this email with your answers to these questions.\n\n\
                  1. What change or idea did you test this cycle?\nHOME VISITS FIRST\n\n\
                  2. What did you predict would happen?\nMORE STARTERS\n\n3. What happened when you tried it?\n7 VISITS\n\n\
                  6. Will you adopt, adapt or abandon the change?\nADOPT\n\n7. What will you test next cycle?\nTRANSPORT\n\n\
                  Reply to this email, or use the form: https://lab.example.org/cycles/form/abc";
    let e = extract(Some(pasted), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("TRANSPORT"));
    assert!(e.warnings.iter().all(|w| !w.contains("not placed")), "{:?}", e.warnings);
}

#[test]
fn clinicians_label_words_and_the_three_words_in_any_order() {
    let body = "Aim: text reminders\nHoped: fewer DNAs\nResult: fewer DNAs\nData:\nDNAs: 11\n\
                Conclusion: it works\nAdapt/adopt/abandon: Adopt\nFurther work: phone calls\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("text reminders"));
    assert_eq!(e.fields.prediction.as_deref(), Some("fewer DNAs"));
    assert_eq!(e.fields.learning.as_deref(), Some("it works"));
    assert_eq!(e.fields.decision, Some(Adopt));
    assert_eq!(e.fields.next_steps.as_deref(), Some("phone calls"));
    let body = "Test: text reminders\nHypothesis: fewer DNAs\nResult: fewer\nLearn: it works\n\
                Recommendation: Continue, and extend to the spinal wards.\nPlan for Feb: phone calls";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.learning.as_deref(), Some("it works"));
    assert_eq!(e.fields.decision, Some(Adopt));
    assert_eq!(e.fields.next_steps.as_deref(), Some("phone calls"));
}

#[test]
fn clipped_labels_bare_figures_and_a_list_led_in_by_a_colon() {
    let body = "CHANGE: pre-op call 48h before\nPRED: fewer cancs\nRESULT: 2 cancs\n\
                MEAS: cancs 2; calls made 31\nLEARN: eve calls\nDECISION: adapt\nNEXT: tue/thu";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.prediction.as_deref(), Some("fewer cancs"));
    assert_eq!(e.fields.measures.len(), 2, "{:?}", e.fields.measures);
    assert!(!e.needs_review, "{e:#?}");

    // "12" alone under measures: no measure, and a person looks.
    let body = "1. text reminders\n2. fewer DNAs\n3. fewer DNAs\n4. 12\n5. works\n6. adopt\n7. more";
    let e = extract(Some(body), None);
    assert!(e.fields.measures.is_empty(), "{:?}", e.fields.measures);
    assert!(e.needs_review, "{e:#?}");

    // "There were two problems:" over a list is no heading of another answer.
    let body = "Change: a checklist\nPrediction: quicker\nWhat happened: It went well.\nThere were two problems:\n\
                - nights\n- agency staff\nLearning: nights matter\nDecision: adapt\nNext: nights";
    let e = extract(Some(body), None);
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn an_answer_prefix_is_taken_off_but_a_word_opening_with_a_stays() {
    let body = "Tested: BP checks without an appt\nExpected: 30 a month\nOutcome: 22\nData:\nBP checks 22\n\
                Lessons learnt: needs a sign outside\nDecision: Adopt\nNext cycle: A-board outside + leaflet in bags\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("A-board outside + leaflet in bags")
    );
    let prefixed = body.replace("A-board", "A - board");
    let e = extract(Some(&prefixed), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("board outside + leaflet in bags"));
}

#[test]
fn dictated_and_misspelt_layouts() {
    // A dictated reply with "new line" left in before a label.
    let spoken = "change we started phoning people the day after discharge\n\
                  prediction we thought it would cut re-referrals new line what happened we called most people\n\
                  measures\ncalls made 27\nlearning it works when we get through\ndecision adopt\n\
                  next cycle try a text before the call\n";
    let e = extract(Some(spoken), None);
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("we thought it would cut re-referrals"),
        "{e:#?}"
    );
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("we called most people"),
        "{e:#?}"
    );
    assert_eq!(e.fields.decision, Some(Adopt));
    // "a new line" is not a spoken command.
    let line = "Change: we set up a new line for referrals\nPrediction: more calls\nWhat happened: more calls\n\
                Learning: it works\nDecision: Adopt\nNext: evenings\n";
    let e = extract(Some(line), None);
    assert_eq!(e.fields.change.as_deref(), Some("we set up a new line for referrals"));

    // Misspelt labels with a dash after them, as one writer types them all.
    let dashed = "Chang - Texting negative results\nPredicton - Fewer phone calls\n\
                  What happend - Most patients liked it\nMesurments -\nNegative results texted - 318\n\
                  Lerning - Much better than we thougt\nDesicion - Adapt\nNext - check numbers at booking\n";
    let e = extract(Some(dashed), None);
    assert_eq!(e.fields.change.as_deref(), Some("Texting negative results"), "{e:#?}");
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    assert_eq!(e.fields.decision, Some(Adapt));

    // Lower-case labels with slips and spaced dashes, one at a time; "Nxt:" on a phone.
    let slips = "chnage - scanner kept on our ward\npredicted - quicker scans\nwhat happend - scans within the hour\n\
                 measured -\nscans done: 23\nleanrt - staff did not know where it was\ndecision - keep it\n\
                 Nxt: buy our own\n";
    let e = extract(Some(slips), None);
    assert_eq!(e.fields.change.as_deref(), Some("scanner kept on our ward"), "{e:#?}");
    assert_eq!(
        e.fields.learning.as_deref(),
        Some("staff did not know where it was"),
        "{e:#?}"
    );
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("buy our own"), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");

    // A heading with the month over the answers, and a polite closing under them.
    let headed = "Ward 12 for July:\n\nChange: bay tagging\nPrediction: fewer falls\nWhat happened: fewer falls\n\
                  Measures: Falls: 2\nLearning: it works\nDecision: Adopt\nNext: nights\n\n\
                  Kindly let me know if any clarification is required.\n";
    let e = extract(Some(headed), None);
    assert!(!e.needs_review, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("nights"));
}

#[test]
fn a_table_of_measures_one_cell_a_line_keeps_its_heading_row_out_of_the_answers() {
    // Word headings pasted into Outlook: the measures table's heading cells ("Measure",
    // "Result") come out as lines of their own, and "Result" is also a label.
    let body = "Change\nA bedside swallow screen done by nurses\n\nPrediction\nMore screened within 4 hours\n\n\
                What happened\nGood on days, patchy on nights\n\nMeasures\nMeasure\nResult\n\n\
                Patients admitted\n41\n\nScreened within 4 hours – nights only\n9 of 15\n\n\
                Learning\nNights are the weak spot\n\nDecision\nAdopt\n\nNext steps\nTraining for night staff";
    let want = Expect {
        change: Some("A bedside swallow screen done by nurses"),
        prediction: Some("More screened within 4 hours"),
        what_happened: Some("Good on days, patchy on nights"),
        measures: &[
            ("Patients admitted", "41", None),
            ("Screened within 4 hours – nights only", "9", Some("of 15")),
        ],
        learning: Some("Nights are the weak spot"),
        decision: Some(Adopt),
        next_steps: Some("Training for night staff"),
        ..Expect::default()
    };
    check("heading row", &extract(Some(body), None), &want);
    // Without the figures under them, "Result" is the label it looks like.
    let no_table = "Change\nA screen\n\nPrediction\nMore screened\n\nMeasures\nResult\nMost were screened in time\n\n\
                    Learning\nNights\n\nDecision\nAdopt\n\nNext steps\nTraining";
    let got = extract(Some(no_table), None);
    assert_eq!(got.fields.what_happened.as_deref(), Some("Most were screened in time"));
    assert!(got.fields.measures.is_empty());
}

#[test]
fn a_signature_with_a_working_hours_note_under_the_last_answer_is_no_answer() {
    let body = "Tested: Home visits for first appointments\nExpected: Fewer DNAs\nOutcome: Families grateful\n\
                Numbers:\nHome visits offered: 23\nLearnt: Travel takes longer\nDecision: Adapt\n\
                Next month: Visits grouped by postcode\n\nIfeoma Nwosu\n\
                Community Psychiatric Nurse | Older Adults CMHT\nPronouns: she/her\nTel: 01632 960815\n\
                Working days: Monday – Wednesday (part-time)\n\
                My working day may not be your working day. Please do not feel obliged to reply outside of your working hours.";
    check(
        "working hours note",
        &extract(Some(body), None),
        &Expect {
            change: Some("Home visits for first appointments"),
            prediction: Some("Fewer DNAs"),
            what_happened: Some("Families grateful"),
            measures: &[("Home visits offered", "23", None)],
            learning: Some("Travel takes longer"),
            decision: Some(Adapt),
            next_steps: Some("Visits grouped by postcode"),
            ..Expect::default()
        },
    );
}

#[test]
fn two_linked_changes_keep_their_letters() {
    let body = "Change: (a) Patients sat out within 6 hours\n(b) A mobility diary at the bedside\n\n\
                Prediction: (a) Most out of bed on day 0. (b) Walking more.\n\n\
                What happened: (a) Worked well\n(b) Hardly used\n\nMeasures:\nOut of bed on day 0: 22 of 31\n\n\
                Learning: - Earlier is better\n- Diaries do not help\n\nDecision: Adopt (a), abandon (b).\n\nNext: (a) in the evenings";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("(a) Patients sat out within 6 hours\n(b) A mobility diary at the bedside")
    );
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("(a) Most out of bed on day 0. (b) Walking more.")
    );
    // Typed bullets still go.
    assert_eq!(
        e.fields.learning.as_deref(),
        Some("Earlier is better\nDiaries do not help")
    );
    // One part kept and one dropped: a person decides.
    assert_eq!(e.fields.decision, None);
    assert!(e.needs_review);
}
