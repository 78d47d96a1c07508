//! Answers inside the quoted reminder and unmarked paragraphs.

use super::super::extract;
use super::super::inline::{history_sections, inline_view, positional, question_count};
use super::super::text;
use super::super::visible::classify;
use super::support::QUOTED_REMINDER;

fn view(body: &str) -> Option<String> {
    let lines = text::lines(body);
    inline_view(&lines, &classify(&lines))
}

#[test]
fn inline_view_cases() {
    let answered = "Answers below.\n\nOn Tue, 3 Nov 2026 at 09:00, Lab <lab@x.org> wrote:\n> Hi\n> 1. What change or idea did you test this cycle?\nA leaflet\n> 2. What did you predict would happen?\nFewer calls\n> Thanks\n";
    assert_eq!(
        view(answered).as_deref(),
        Some(
            "Answers below.\n\n1. What change or idea did you test this cycle?\nA leaflet\n2. What did you predict would happen?\nFewer calls\n"
        ),
        "case answered: questions unquoted, attribution and other quoted lines gone"
    );
    let top_posted = format!("Change: a leaflet\n\n{QUOTED_REMINDER}");
    assert_eq!(view(&top_posted), None, "case top-posted");
    let bottom_prose = format!("{QUOTED_REMINDER}\nWe tried a leaflet and it went well.");
    assert_eq!(view(&bottom_prose), None, "case text only after the last question");
    assert_eq!(view(""), None, "case empty");
}

#[test]
fn history_sections_cases() {
    let body = "See below.\n\nFrom: Lab\nSent: 3 Nov 2026\nTo: Jo\nSubject: Cycle\n\n1. What change or idea did you test this cycle?\nA leaflet\n\n2. What did you predict would happen?\n\n3. What happened when you tried it? Fewer calls\n\n7. What will you test next cycle?\nA video\n\nUse the form instead: https://x.org";
    let lines = text::lines(body);
    let (found, rendered) = history_sections(&lines, &classify(&lines)).expect("answers found");
    assert_eq!(found.values[0].as_deref(), Some("A leaflet"), "change");
    assert_eq!(found.values[1], None, "prediction left blank");
    assert_eq!(
        found.values[2].as_deref(),
        Some("Fewer calls"),
        "answer on the question line"
    );
    assert_eq!(
        found.values[6].as_deref(),
        Some("A video"),
        "last answer stops at the blank line"
    );
    assert!(
        rendered.contains("A video") && !rendered.contains("form"),
        "rendered: {rendered}"
    );

    // With no blank line between (Outlook's paragraphs as lines), the reminder's own
    // closing line ends the last answer.
    let tight = body.replace(
        "A video\n\nUse the form instead",
        "A video\nReply to this email, or use the form",
    );
    let lines = text::lines(&tight);
    let (found, _) = history_sections(&lines, &classify(&lines)).expect("answers found");
    assert_eq!(
        found.values[6].as_deref(),
        Some("A video"),
        "reminder line ends the last answer"
    );

    let pristine = text::lines(QUOTED_REMINDER);
    assert!(
        history_sections(&pristine, &classify(&pristine)).is_none(),
        "unanswered reminder"
    );
}

#[test]
fn positional_and_question_count() {
    let seven = "Hi,\n\na\n\nb\n\nc\n\nd: 1\n\ne\n\nadopt\n\ng\n\nThanks,\nJo";
    let found = positional(seven).expect("seven paragraphs");
    assert_eq!(found.sections.values[0].as_deref(), Some("a"));
    assert_eq!(found.sections.values[6].as_deref(), Some("g"));
    assert!(found.confirmed, "a decision sixth and a figure fourth");
    let unsure = positional(&seven.replace("adopt", "not sure")).expect("seven paragraphs");
    assert!(!unsure.confirmed, "no decision sixth");
    assert!(positional("a\n\nb\n\nc").is_none(), "three paragraphs are not seven");
    let lines = "Hi, on my phone so short!\n\nLunchtime drop-in for carers\nThought 5 or 6 would come\n12 came!!\n\
                 Carers attending: 12\nWord of mouth worked\nAdopt\nMonthly, with a speaker\n\nThanks,\nMichelle";
    let found = positional(lines).expect("seven short lines");
    assert_eq!(
        found.sections.values[0].as_deref(),
        Some("Lunchtime drop-in for carers")
    );
    assert_eq!(found.sections.values[5].as_deref(), Some("Adopt"));
    // Two lines of figures for the measures make eight, over a signature block.
    let eight = "Pulse ox + NEWS2 self-report via app\nFewer home visits\n19 pts onboarded\nHome visits: 37 (Oct 66)\n\
                 7d readmissions: 2\nAs predicted\nAdopt\nPaper diary option\n\nDr Kofi Mensah\nRespiratory Consultant";
    let found = positional(eight).expect("eight short lines");
    assert_eq!(
        found.sections.values[3].as_deref(),
        Some("Home visits: 37 (Oct 66)\n7d readmissions: 2")
    );
    assert_eq!(found.sections.values[4].as_deref(), Some("As predicted"));
    assert!(found.confirmed);
    // Seven parts of one line, split by " / " (the measures' own ";" kept) or by ";",
    // and wrapped by the client.
    for (one, measures) in [
        (
            "Phone triage before F2F / fewer F2F appts / 71 managed by phone / DNA 7%; complaints 0 / better than predicted / adopt / same for hand therapy",
            "DNA 7%; complaints 0",
        ),
        (
            "Hi, ours for Nov:\nNurse-led d/c for lap chole pts; more same-day d/c; 14/17 went home same\nday; same-day d/c 82% (Oct 47%); works; adopt; same for lap appendix",
            "same-day d/c 82% (Oct 47%)",
        ),
    ] {
        let found = positional(one).expect(one);
        assert_eq!(found.sections.values[3].as_deref(), Some(measures), "{one}");
        assert_eq!(found.sections.values[5].as_deref(), Some("adopt"), "{one}");
        assert!(found.confirmed, "{one}");
    }
    assert!(positional("one; two; three; four; five; adopt").is_none(), "six parts");
    // A paragraph of prose wrapped into seven lines is not seven answers.
    let wrapped = "We tried a lunchtime drop-in for carers at the day centre\nthis month, which we thought might bring five\n\
                   or six people, but twelve came and the tea ran out\nbefore one o'clock. Word of mouth did far more\n\
                   than the posters. We will keep it going and\nmake it monthly with a speaker, and we will\n\
                   count who comes back.";
    assert!(
        positional(wrapped).is_none(),
        "{:?}",
        positional(wrapped).map(|s| s.sections.values)
    );
    assert_eq!(question_count(&text::lines(QUOTED_REMINDER)), 7);
    assert_eq!(question_count(&text::lines("Change: x")), 0);
}

/// Answers typed inside the quoted reminder at its own level (Gmail, Apple Mail and the
/// iPhone keep them quoted, in colour), under this message's attribution.
#[test]
fn answers_typed_inside_the_quoted_reminder_at_its_own_level() {
    let reminder = |answers: bool, depth: &str| {
        let a = |t: &str| {
            if answers {
                format!("{depth}{t}\n")
            } else {
                String::new()
            }
        };
        format!(
            "{depth}Hello Liam,\n{depth}\n{depth}Cycle 26 (February 2028) has started for ED streaming team. When you have tried your change, reply to this email.\n{depth}\n\
             {depth}1. What change or idea did you test this cycle?\n{}{depth}\n\
             {depth}2. What did you predict would happen?\n{}{depth}\n\
             {depth}3. What happened when you tried it?\n{}{depth}\n\
             {depth}4. What did you measure?\n{}{depth}\n\
             {depth}5. What did you learn, and how did it compare with your prediction?\n{}{depth}\n\
             {depth}6. Will you adopt, adapt or abandon the change?\n{}{depth}\n\
             {depth}7. What will you test next cycle?\n{}{depth}\n\
             {depth}Reply to this email, or use the form: https://lab.example.org/cycles/form/x\n",
            a("SENIOR NURSE STREAMING AT THE FRONT DOOR"),
            a("SHORTER WAIT TO TRIAGE"),
            a("WORKED WHEN STAFFED"),
            a("MEDIAN TIME TO TRIAGE: 14 MINS (WAS 31)"),
            a("BETTER THAN WE THOUGHT"),
            a("ADOPT"),
            a("STREAMING OVERNIGHT AT WEEKENDS"),
        )
    };
    let top = "Answers in capitals in your email, on my phone sorry\n\nOn 1 Feb 2028, at 07:00, Improvement Lab <lab@lab.example.org> wrote:\n\n";
    let e = extract(Some(&format!("{top}{}", reminder(true, "> "))), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("SENIOR NURSE STREAMING AT THE FRONT DOOR"),
        "{e:?}"
    );
    assert_eq!(e.fields.decision, Some(super::super::Decision::Adopt));
    assert_eq!(e.fields.measures.len(), 1);
    assert_eq!(e.fields.next_steps.as_deref(), Some("STREAMING OVERNIGHT AT WEEKENDS"));
    assert!(!e.needs_review, "{e:?}");
    // The reminder quoted with nothing typed into it: no answers.
    let e = extract(
        Some(&format!(
            "Will reply next week.\n\nOn 1 Feb 2028, at 07:00, Improvement Lab <lab@lab.example.org> wrote:\n\n{}",
            reminder(false, "> ")
        )),
        None,
    );
    assert!(e.fields.is_empty(), "{e:?}");
    // A colleague's reply quoting the reminder a level deeper: that colleague's answers,
    // quoted, are not this message's.
    let chain = format!(
        "Looks good to me.\n\nOn 2 Feb 2028, Sam Ojo wrote:\n\n> Done, see below.\n>\n> On 1 Feb 2028, Improvement Lab wrote:\n>\n{}",
        reminder(true, "> > ")
    );
    let e = extract(Some(&chain), None);
    assert!(e.fields.change.is_none(), "{e:?}");
}

/// The reminder forwarded whole and quoted (the iPhone's "Begin forwarded message:"),
/// with the answers typed under its questions, each opening with its own label.
#[test]
fn answers_typed_into_a_quoted_forward_of_the_reminder() {
    let q = |n: usize, question: &str, answer: &str| format!("> {n}. {question}\n> {answer}\n>\n");
    let block = [
        q(
            1,
            "What change or idea did you test this cycle?",
            "Change: Fit to sit in the chairs area",
        ),
        q(
            2,
            "What did you predict would happen?",
            "Prediction: Trolleys free for the sicker patients",
        ),
        q(
            3,
            "What happened when you tried it?",
            "What happened: Fine once it was explained",
        ),
        q(4, "What did you measure?", "Measures:\n> Patients moved to chairs: 134"),
        q(
            5,
            "What did you learn, and how did it compare with your prediction?",
            "Learning: As predicted by day",
        ),
        q(6, "Will you adopt, adapt or abandon the change?", "Decision: Adapt"),
        q(7, "What will you test next cycle?", "Next: An HCA on nights"),
    ]
    .concat();
    let body = format!(
        "Our answers are in the email below under each question\n\nKerry x\n\nSent from my iPhone\n\n\
         > \u{feff}Begin forwarded message:\n>\n> From: Improvement Lab <lab@lab.example.org>\n\
         > Subject: Cycle 12 (January 2029): what did you test?\n>\n> Hello Kerry,\n>\n\
         > Cycle 12 (January 2029) has started for Surgical Assessment Unit. When you have tried your change, reply.\n>\n\
         {block}> Reply to this email, or use the form: https://lab.example.org/cycles/form/x\n"
    );
    let e = extract(Some(&body), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("Fit to sit in the chairs area"),
        "{e:?}"
    );
    assert_eq!(e.fields.what_happened.as_deref(), Some("Fine once it was explained"));
    assert_eq!(e.fields.measures.len(), 1, "{e:?}");
    assert_eq!(e.fields.decision, Some(super::super::Decision::Adapt));
    assert_eq!(e.fields.next_steps.as_deref(), Some("An HCA on nights"));
    assert!(!e.needs_review, "{e:?}");
    // The same forward with nothing typed into it has no answers.
    let empty = body
        .lines()
        .filter(|l| !l.contains(": ") || l.contains("From:") || l.contains("Subject:") || l.contains("Reply to"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(extract(Some(&empty), None).fields.is_empty());
}

#[test]
fn answers_under_an_em_client_header_block_whose_keys_have_no_colon() {
    let body = "Hello, ours are below.\n\nDes\n\n------ Original Message ------\nFrom \"Lab cycles\" <lab@lab.example.org>\n\
                To \"Desmond Whitlock\" <d.whitlock@example.org>\nDate 01/11/2030 08:00:00\n\
                Subject Cycle 19 (November 2030): what did you test?\n\n> Hello Desmond,\n>\n\
                > 1. What change or idea did you test this cycle?\n\nLoaned pulse oximeters\n\n\
                > 2. What did you predict would happen?\n>\n> 3. What happened when you tried it?\n\nPatients used them.\n\n\
                > 4. What did you measure? (one per line, e.g. \"Patients offered the group: 14\")\n\nOximeters loaned: 20\n\n\
                > 5. What did you learn, and how did it compare with your prediction?\n\nWorth it\n\n\
                > 6. Will you adopt, adapt or abandon the change?\n\nAdapt\n\n> 7. What will you test next cycle?\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("Loaned pulse oximeters"), "{e:#?}");
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    assert!(
        !e.warnings.iter().any(|w| w.contains("Subject")),
        "the quoted reminder's subject is no text of the reply: {e:#?}"
    );
}

#[test]
fn an_answer_the_client_left_inside_the_quote_between_two_questions() {
    let body = "Our answers are under each question.\n\nOn 1 Nov 2030, at 08:00, Lab cycles <lab@lab.example.org> wrote:\n\n\
                > Hello Graham,\n>\n> 1. What change or idea did you test this cycle?\n\nText link to choose a CT slot\n\n\
                > 2. What did you predict would happen?\n\nFewer DNAs\n\n> 3. What happened when you tried it?\n\
                > Two thirds used the link. People over 75 mostly rang anyway.\n>\n\
                > 4. What did you measure? (one per line, e.g. \"Patients offered the group:\n> 14\")\n\nLinks sent: 300\n\n\
                > 5. What did you learn, and how did it compare with your\n> prediction?\n\nDNAs fell as predicted\n\n\
                > 6. Will you adopt, adapt or abandon the change?\n\nAdopt\n\n> 7. What will you test next cycle?\n\n\
                Phone the over-75s first\n";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("Two thirds used the link. People over 75 mostly rang anyway."),
        "{e:#?}"
    );
    // The wrapped ends of the questions and the hint stay the reminder's.
    assert_eq!(e.fields.measures.len(), 1, "{e:#?}");
    assert_eq!(e.fields.learning.as_deref(), Some("DNAs fell as predicted"), "{e:#?}");
    assert!(!e.needs_review, "{e:#?}");
}

#[test]
fn a_label_typed_under_its_own_quoted_question_starts_that_answer_once() {
    let body = "answers inline.\n\nOn 2031-05-01 09:00, Lab cycles wrote:\n\
                > 1. What change or idea did you test this cycle?\n\nChange: a drop-in on Wednesdays\n\n\
                > 2. What did you predict would happen?\n\nPrediction: a shorter waiting list\n\n\
                > 3. What happened when you tried it?\n\nWhat happened: busy from the first week\n\n\
                Students mostly came about exam stress.\n\n\
                > 4. What did you measure?\n\nMeasures:\nStudents seen: 58\n\n\
                > 5. What did you learn, and how did it compare with your prediction?\n\nLearning: better than predicted\n\n\
                > 6. Will you adopt, adapt or abandon the change?\n\nDecision: Adopt\n\n\
                > 7. What will you test next cycle?\n\nNext: a Monday drop-in\n";
    let e = extract(Some(body), None);
    assert!(!e.needs_review, "{e:#?}");
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("busy from the first week\n\nStudents mostly came about exam stress.")
    );
}
