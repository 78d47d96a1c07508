//! Answers inside the quoted reminder and unmarked paragraphs.

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
    assert_eq!(found.values[0].as_deref(), Some("a"));
    assert_eq!(found.values[6].as_deref(), Some("g"));
    assert!(positional("a\n\nb\n\nc").is_none(), "three paragraphs are not seven");
    let lines = "Hi, on my phone so short!\n\nLunchtime drop-in for carers\nThought 5 or 6 would come\n12 came!!\n\
                 Carers attending: 12\nWord of mouth worked\nAdopt\nMonthly, with a speaker\n\nThanks,\nMichelle";
    let found = positional(lines).expect("seven short lines");
    assert_eq!(found.values[0].as_deref(), Some("Lunchtime drop-in for carers"));
    assert_eq!(found.values[5].as_deref(), Some("Adopt"));
    // A paragraph of prose wrapped into seven lines is not seven answers.
    let wrapped = "We tried a lunchtime drop-in for carers at the day centre\nthis month, which we thought might bring five\n\
                   or six people, but twelve came and the tea ran out\nbefore one o'clock. Word of mouth did far more\n\
                   than the posters. We will keep it going and\nmake it monthly with a speaker, and we will\n\
                   count who comes back.";
    assert!(
        positional(wrapped).is_none(),
        "{:?}",
        positional(wrapped).map(|s| s.values)
    );
    assert_eq!(question_count(&text::lines(QUOTED_REMINDER)), 7);
    assert_eq!(question_count(&text::lines("Change: x")), 0);
}
