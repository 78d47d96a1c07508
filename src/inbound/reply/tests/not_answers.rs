//! Text in a reply that answers no question: a summary above the answers, the writer's
//! own numbered questions, a note on the figures among the measures, what a client
//! leaves of an attachment, an answer that is only a pointer to one, a quote header's
//! date, a second cycle's answers under the last, a note of who forwarded the reminder.

use super::super::extract;
use super::super::said_to_reader::{is_summary_line, points_to_answers_below};
use super::super::signature::is_image_placeholder;

const ANSWERS: &str = "Change: joint clinic with the diabetes nurse\nPrediction: fewer follow-ups\n\
                       What happened: patients liked it, booking was clunky\nMeasures:\nJoint appointments: 41\n\
                       Learning: worth the booking pain\nDecision: Adopt\nNext: fix the booking template";

#[test]
fn a_summary_above_the_answers_is_said_again_by_them() {
    for summary in [
        "Summary: joint clinic worked, booking is clunky, carrying on.",
        "TL;DR: faster, but not cheaper in consultant time. We are stopping it.",
        "**TL;DR** – better, but not yet where we wanted; adapting.",
        "In short: it worked.",
    ] {
        let e = extract(Some(&format!("Hi all,\n\n{summary}\n\n{ANSWERS}")), None);
        assert!(!e.needs_review, "{summary:?}: {e:#?}");
        assert_eq!(e.fields.change.as_deref(), Some("joint clinic with the diabetes nurse"));
    }
    // Without the answers under it, a summary is all there is, for a person.
    let e = extract(Some("Summary: joint clinic worked, carrying on."), None);
    assert!(e.needs_review, "{e:#?}");
    // "Summary of the audit went to the board" is no summary of the reply.
    assert!(!is_summary_line("Summary of the audit went to the board in March."));
    assert!(!is_summary_line("Summaries were sent to 14 GPs"));
}

#[test]
fn numbered_questions_of_the_writers_own_are_no_answers() {
    let body = "Hi,\n\nBefore we send our answers, a couple of questions:\n\n\
                1. Do you want the monthly figure only, or the weekly points as well? The form expects one number.\n\
                2. Our median shifted, so we re-baselined. Should we report against the new median?\n\
                3. Is a rate with a decimal acceptable (e.g. 7.4 per 1,000)?\n\n\
                Once I know, I'll send the full answers.\n\nMany thanks,\nRhiannon";
    let e = extract(Some(body), None);
    assert!(e.fields.is_empty(), "{e:#?}");
    assert!(e.needs_review);
    // Numbered answers with a question among them are still answers.
    let body = "1. Huddle at 8\n2. Fewer late starts? We hoped so\n3. Started on time 4 days of 5\n\
                4. On-time starts: 18\n5. It helps\n6. Adopt\n7. Weekends";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.prediction.as_deref(), Some("Fewer late starts? We hoped so"));
    assert_eq!(e.fields.measures.len(), 1);
}

#[test]
fn a_note_on_the_figures_among_the_measures_is_no_measure() {
    let body = "Change: swallow screen by ward nurses\nPrediction: 85% within 4 hours\nWhat happened: mostly done\n\
                Measures:\nAdmissions: 63\nScreened within 4 hours: 52 (83%)\n\n\
                A health warning on these numbers: the 4-hour figure comes from the SSNAP export, and the arrival \
                time in SSNAP is the ED arrival time, not the time on the ward. We have not been able to separate \
                the two this month, so the 83% could be a few points either way.\n\n\
                Learning: close to the prediction\nDecision: Adopt\nNext: nights";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{:#?}", e.fields.measures);
    assert!(e.needs_review, "{e:#?}");
    // A measure with a few words of text is still one.
    let e = extract(
        Some(&body.replace("A health warning", "Staff view: mostly positive\n\nA health")),
        None,
    );
    assert_eq!(e.fields.measures.len(), 3, "{:#?}", e.fields.measures);
}

#[test]
fn what_a_client_leaves_of_an_attachment_is_no_part_of_an_answer() {
    let body = "Change: med rec within 24h\nPrediction: 80%\nWhat happened: weekends lag\n\nMeasures:\n\
                Admissions: 88\nReconciled within 24 hours: 63 (72%)\n<<PDSA run chart.png>>\n\n\
                Learning: weekends are the gap\nDecision: Adapt\nNext: weekend pharmacist\n\n\
                <<Ward 9 med rec March.xlsx>>";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{:#?}", e.fields.measures);
    assert_eq!(e.fields.next_steps.as_deref(), Some("weekend pharmacist"));
    assert!(!e.needs_review, "{e:#?}");
    // Words in double angle brackets that name no file are the writer's.
    assert!(is_image_placeholder("<<Ward 9 med rec March.xlsx>>"));
    assert!(!is_image_placeholder("<<see chart>>"));
    assert!(!is_image_placeholder("<<.png>>"));
}

#[test]
fn an_answer_that_is_only_in_an_attachment_is_for_a_person() {
    for learning in [
        "See the attached PDF, I wrote it up properly for the practice meeting.",
        "In the attachment",
        "Please see attached report",
    ] {
        let e = extract(Some(&ANSWERS.replace("worth the booking pain", learning)), None);
        assert_eq!(e.fields.learning.as_deref(), Some(learning));
        assert!(e.needs_review, "{learning:?}");
        assert!(e.warnings.iter().any(|w| w.contains("attachment")), "{:?}", e.warnings);
    }
    for learning in [
        "Posters attached to each bed worked better than leaflets",
        "The attached-room pilot went well, see the chart in next month's reply for more detail",
    ] {
        let e = extract(Some(&ANSWERS.replace("worth the booking pain", learning)), None);
        assert!(!e.needs_review, "{learning:?}: {:?}", e.warnings);
    }
}

#[test]
fn a_quote_headers_date_line_without_a_colon_is_no_text() {
    let body = "------ Original Message ------\nFrom \"Lab cycles\" <lab@lab.example.org>\n\
                To \"Ravi Menon\" <ravi@dunmere.example>\nDate 01/05/2031 09:00:00\n\
                Subject Cycle 8 (May 2031): what did you test?\n\n> Hello Ravi,\n\n";
    let e = extract(Some(&format!("{body}{ANSWERS}\n\nRavi")), None);
    assert!(!e.needs_review, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("fix the booking template"));
}

#[test]
fn a_second_cycles_answers_under_the_last_are_for_a_person() {
    let may = "May:\n1. Care navigation script\n2. 1 in 10 would take another option\n3. Worked for physio\n\
               4. Calls navigated elsewhere: 61 (13%)\n5. Better than predicted\n6. Adapt - shorter script\n\
               7. Put the script on a card by each phone.\n\n";
    let april = "And for April, which I forgot to send:\n1. Two receptionists from 7:55\n2. Queue would clear quicker\n\
                 3. Very little difference\n4. Calls answered by 8:30: 212\n5. It's the number of people\n\
                 6. Abandon\n7. Care navigation script (see above).\n\nCheers\nTomasz";
    let e = extract(Some(&format!("{may}{april}")), None);
    assert_eq!(
        e.fields.next_steps.as_deref(),
        Some("Put the script on a card by each phone.")
    );
    assert!(e.needs_review, "{e:#?}");
    // A list of next steps is no second set.
    let steps = "1. Train nights\n2. Audit in June\n3. Share at the huddle\n4. Ask pharmacy";
    let e = extract(
        Some(&ANSWERS.replace("fix the booking template", &format!("\n{steps}"))),
        None,
    );
    assert_eq!(e.fields.next_steps.as_deref(), Some(steps));
}

#[test]
fn a_note_of_who_forwarded_the_reminder_needs_nobody() {
    let note = "Hiya, Jackie forwarded me this as she's off sick and I can't get into my work email from home. \
                This is for Ward 4.";
    let e = extract(Some(&format!("{note}\n\n{ANSWERS}\n\nLou (HCA, Ward 4)")), None);
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn answers_for_two_cycles_under_month_headings_keep_the_subjects_cycle() {
    let april = "APRIL (cycle 7)\nChange: phone review at 2 weeks\nPrediction: fewer hypos\nWhat happened: calls dropped\n\
                 Measures:\nPhone reviews done: 17\nLearning: early contact helps\nDecision: Adopt\nNext steps: a checklist\n\n";
    let may = "MAY (cycle 8)\nChange: a checklist for the review\nPrediction: shorter calls\nWhat happened: all used it\n\
               Measures:\nAverage call length: 14 minutes\nLearning: not shorter\nDecision: Adopt\nNext steps: video reviews\n\n\
               Regards\nNimisha";
    let body = format!("Hi,\n\nWe never sent April's so here are both months.\n\n{april}{may}");
    let subject = "RE: Cycle 8 (May 2031): what did you test?";
    let e = super::super::extract_message(Some(&body), None, None, Some(subject));
    assert_eq!(e.fields.change.as_deref(), Some("a checklist for the review"), "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("video reviews"));
    assert_eq!(e.fields.measures.len(), 1);
    assert!(e.needs_review);
    assert!(
        e.warnings.iter().any(|w| w.contains("MAY (cycle 8)")),
        "{:?}",
        e.warnings
    );
    // The reminder's month first, and the heading found by the month alone.
    let may_first = may.replace("MAY (cycle 8)", "May:").replace("\n\nRegards\nNimisha", "");
    let april_after = april.replace("APRIL (cycle 7)", "April:");
    let body = format!("{may_first}\n\n{april_after}Regards\nNimisha");
    let e = super::super::extract_message(Some(&body), None, None, Some(subject));
    assert_eq!(e.fields.change.as_deref(), Some("a checklist for the review"), "{e:#?}");
    // No heading names the subject's cycle: both are read, and flagged, as before.
    let e = super::super::extract_message(
        Some(&body),
        None,
        None,
        Some("Re: Cycle 9 (June 2031): what did you test?"),
    );
    assert!(
        e.fields.change.as_deref().is_some_and(|c| c.contains("phone review")),
        "{e:#?}"
    );
    assert!(e.needs_review);
}

#[test]
fn notes_pointing_to_answers_further_down() {
    for t in [
        "Jo's answers for Ward 12 are below. Sorry they're late.",
        "Please see Gareth's answers below for December",
        "Tom wrote these for Ward 4B – I've read them and I'm happy with them.",
    ] {
        assert!(points_to_answers_below(t), "{t}");
    }
    for t in [
        "Sorry we're late this month.",
        "Thanks for the reminder",
        "The clinic below the ward",
    ] {
        assert!(!points_to_answers_below(t), "{t}");
    }
}
