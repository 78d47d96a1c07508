//! The general-purpose stripper: what stays and what goes.

use super::super::visible_text;

#[test]
fn visible_text_cases() {
    let cases: &[(&str, &str, &str)] = &[
        ("plain text", "Just text.\nTwo lines.", "Just text.\nTwo lines."),
        ("trims around", "\n\n  \nHello there\n\n\n", "Hello there"),
        ("crlf", "one\r\ntwo\r\n", "one\ntwo"),
        ("old mac line endings", "one\rtwo", "one\ntwo"),
        (
            "top-posted reply",
            "Sounds good.\n\nOn Tue, 3 Nov 2026 at 09:00, Lab <lab@x.org> wrote:\n> Can you send it?\n> Thanks",
            "Sounds good.",
        ),
        (
            "bottom-posted reply",
            "On Tue, 3 Nov 2026 at 09:00, Lab <lab@x.org> wrote:\n> Can you send it?\n\nYes, attached.",
            "Yes, attached.",
        ),
        (
            "inline reply keeps the questions it answers",
            "See below.\n\nOn Tue, 3 Nov 2026 at 09:00, Lab <lab@x.org> wrote:\n> How many came?\n9 of 14.\n> Will you repeat it?\nYes.\n> Thanks\n",
            "See below.\n\n> How many came?\n9 of 14.\n> Will you repeat it?\nYes.",
        ),
        (
            "quote only",
            "> just a quote\n> nothing else",
            "> just a quote\n> nothing else",
        ),
        (
            "footer after the history",
            "Great, thanks.\n\nOn Tue, 3 Nov 2026 at 09:00, Lab <lab@x.org> wrote:\n> Can you send it?\n\nNorthshire NHS Trust is a smoke-free site.",
            "Great, thanks.",
        ),
        (
            "quote then text without header",
            "> the form is too long\n\nAgreed, we cut it to one page.",
            "> the form is too long\n\nAgreed, we cut it to one page.",
        ),
        (
            "nested history only",
            "> On Mon, 2 Nov 2026 at 10:00, A <a@x.org> wrote:\n>> older",
            "",
        ),
        (
            "code fence keeps signature-like lines",
            "Config below:\n```\n--\nSent from my iPhone\n```\nDone.",
            "Config below:\n```\n--\nSent from my iPhone\n```\nDone.",
        ),
        ("trailing decoration", "Text\n\n*****\n=====\n", "Text"),
        (
            "forward with nothing above",
            "---------- Forwarded message ---------\nFrom: A <a@x.org>\nDate: Tue, 3 Nov 2026\nSubject: Cycle\nTo: B <b@x.org>\n\nForwarded body.",
            "Forwarded body.",
        ),
        (
            "wrapped quote continuation",
            "Ok.\n\nOn Tue, 3 Nov 2026 at 09:00, Lab <lab@x.org> wrote:\n> a very long quoted line that a mail client wrapped without adding the\nmarker again on the next line\n",
            "Ok.",
        ),
        ("empty", "", ""),
        ("whitespace", " \n\t\n", ""),
    ];
    for (name, input, expected) in cases {
        assert_eq!(visible_text(input), *expected, "case {name:?}");
    }
}

/// Line endings and no-break spaces are found after long runs of plain ASCII too
/// (normalising skips such runs in blocks).
#[test]
fn line_endings_and_odd_spaces_after_long_ascii_runs() {
    let run = "Thirty-two characters of text!! ";
    let text = format!("{run}{run}one\r\n{run}two\u{a0}three\u{200b}four\r{run}five");
    let want = format!("{run}{run}one\n{run}two threefour\n{run}five");
    assert_eq!(visible_text(&text), want.trim_end());
}
