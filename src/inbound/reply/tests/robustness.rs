//! Nothing panics, whatever the input, and big inputs stay fast.

use super::super::{extract, html_to_text, parse_decision, parse_measures, visible_text};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PIECES: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    ">",
    "> ",
    ">>",
    "--",
    "-- \n",
    "1.",
    "2)",
    "Q3:",
    "(4)",
    "7 -",
    "Change:",
    "**Decision**:",
    "What did you measure?",
    "(one per line",
    "`abandon`)",
    "On ",
    "wrote:",
    "a écrit :",
    "schrieb",
    "Von:",
    "From: a@b.c\nSent: x\nTo: y\nSubject: z\n",
    "-----Original Message-----",
    "____",
    "Sent from my iPhone",
    "Kind regards,",
    "Thanks,",
    "This message may contain confidential information",
    "£",
    "1,200",
    "2.5",
    "9 of 14",
    "%",
    ":",
    "-",
    "–",
    "—",
    "é",
    "ł",
    "写道",
    "：",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{ad}",
    "\u{2028}",
    "\u{0}",
    "🎉",
    "👩🏽‍⚕️",
    "<",
    "<div>",
    "</div>",
    "<blockquote>",
    "</blockquote>",
    "<br>",
    "<!--",
    "-->",
    "&amp;",
    "&#x1F600;",
    "&#99999999;",
    "&",
    "```",
    "Richard>",
    "C>",
    "adopt",
    "adapt",
    "abandon",
    "not",
    "won't",
    "ᐧ",
    "\u{0301}",
    "İ",
    "ǅ",
    "ﬁ",
];

fn random_text(rng: &mut Rng, pieces: usize) -> String {
    (0..pieces).map(|_| rng.pick(PIECES)).collect()
}

fn exercise(input: &str) {
    let e = extract(Some(input), Some(input));
    let _ = serde_json::to_string(&e);
    let _ = extract(None, Some(input));
    let _ = visible_text(input);
    let _ = html_to_text(input);
    let _ = parse_measures(input);
    let _ = parse_decision(input);
}

#[test]
fn random_mixtures_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let len = (rng.next() % 80) as usize;
        let input = random_text(&mut rng, len);
        let result = std::panic::catch_unwind(|| exercise(&input));
        assert!(result.is_ok(), "round {round} panicked on {input:?}");
    }
}

#[test]
fn odd_inputs_never_panic() {
    let long_line = "x".repeat(200_000);
    let many_quotes = ">".repeat(100_000);
    let many_lines = "\n".repeat(100_000);
    let deep_html = "<blockquote>".repeat(20_000) + "text" + &"</blockquote>".repeat(20_000);
    let unclosed = "<div title=\"".repeat(1000);
    let digits = "9".repeat(5000);
    let name_quotes = "ab> ".repeat(60_000);
    let header_like = "On 3 Nov 2026 at 09:00 <a@b.c>\n".repeat(2000);
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("nul bytes", "\0\0\0".into()),
        ("only markers", "> > > >\n>>>>\n-- \n____".into()),
        ("long line", long_line),
        ("many quote markers", many_quotes),
        ("many name quote markers", name_quotes),
        ("many lines", many_lines),
        ("deep html", deep_html),
        ("unclosed attributes", unclosed),
        ("huge number", format!("Measures: {digits}")),
        ("repeated headers", header_like),
        ("combining marks", "e\u{301}\u{301}\u{301}:\u{301} 1\u{301}".into()),
        ("lone surrogate escapes", "&#xD800; &#55296; &#x110000;".into()),
        ("rtl", "\u{202e}Change: \u{5d0}\u{5d1}\u{5d2}".into()),
    ];
    for (name, input) in cases {
        let result = std::panic::catch_unwind(|| exercise(&input));
        assert!(result.is_ok(), "case {name:?} panicked");
    }
}

/// Two ~2 MB inputs are read to the end. No timer here (speed is measured by
/// `bench/parse_reply.sh`, not asserted in tests); a pass that went quadratic would
/// show there, and as a test that never finishes.
#[test]
fn huge_inputs_are_read_to_the_end() {
    let reply = "Change: a\nPrediction: b\nOn 3 Nov 2026 at 09:00 Lab <l@x.org> wrote:\n> 1. What change or idea did you test this cycle?\nanswer\n";
    let big = reply.repeat(20_000);
    let e = extract(Some(&big), None);
    assert!(e.fields.change.as_deref().is_some_and(|c| c.starts_with('a')));
    let html = "<div>Change: a</div><blockquote><div>quoted</div></blockquote>".repeat(20_000);
    let e = extract(None, Some(&html));
    assert!(e.fields.change.as_deref().is_some_and(|c| c.starts_with('a')));
}

/// `text_lines` (memchr) gives exactly the lines `str::lines` gives, and `lines` exactly
/// what `split('\n')` gives, on the shapes that matter: empty text, line ends at either
/// end, CRLF, a bare CR, blank lines.
#[test]
fn the_fast_line_splitters_match_the_standard_library() {
    use super::super::text::{self, LinesExt};
    for t in [
        "",
        "\n",
        "\n\n",
        "a",
        "a\n",
        "a\nb",
        "a\nb\n",
        "\na",
        "a\r\nb\r\n",
        "a\rb",
        "a\r",
        "a\n\n\nb",
        "é\n😀\r\n",
        "line one\n\n  \nline four\r\n\r\n",
    ] {
        assert_eq!(
            t.text_lines().collect::<Vec<_>>(),
            t.lines().collect::<Vec<_>>(),
            "{t:?}"
        );
        assert_eq!(text::lines(t), t.split('\n').collect::<Vec<_>>(), "{t:?}");
    }
}
