//! HTML to text.

use super::super::html_to_text;

#[test]
fn html_to_text_cases() {
    let cases: &[(&str, &str, &str)] = &[
        ("br and div", "<div>one<br>two</div><div>three</div>", "one\ntwo\nthree"),
        (
            "gmail blank line",
            "<div>one</div><div><br></div><div>two</div>",
            "one\n\ntwo",
        ),
        ("paragraphs", "<p>one</p><p>two</p>", "one\n\ntwo"),
        (
            "paragraphs in table cells stay one row",
            "<table><tr><td><p>Measure</p></td><td><p>Result</p></td></tr><tr><td><p>Sent</p></td><td><p>34</p></td></tr></table><p>after</p>",
            "Measure | Result\n\nSent | 34\n\nafter",
        ),
        (
            "an empty cell adds no separator",
            "<table><tr><td>a</td><td></td><td> </td><td>b</td></tr></table>",
            "a | b",
        ),
        (
            "a layout cell keeps its paragraphs",
            "<table><tr><td><p>Hi,</p><p>Our answers.</p><div>Change: x</div></td></tr></table>",
            "Hi,\n\nOur answers.\nChange: x",
        ),
        (
            "outlook empty paragraph",
            "<p class=MsoNormal>a<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>b</p>",
            "a\n\nb",
        ),
        (
            "outlook paragraphs are lines",
            "<p class=MsoNormal>Patients screened: 140<o:p></o:p></p><p class=MsoNormal>Referred: 12<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Adopt</p>",
            "Patients screened: 140\nReferred: 12\n\nAdopt",
        ),
        (
            "outlook paragraph broken by a line break",
            "<p class=MsoNormal>Thanks<br>Sian</p><p class=MsoNormal>Falls Lead</p>",
            "Thanks\nSian\nFalls Lead",
        ),
        (
            "blockquote",
            "<div>mine</div><blockquote><div>theirs</div><div>more</div></blockquote>",
            "mine\n> theirs\n> more",
        ),
        (
            "nested blockquote",
            "<blockquote>a<blockquote>b</blockquote>c</blockquote>",
            "> a\n>> b\n> c",
        ),
        (
            "blank line in quote",
            "<blockquote><p>a</p><p>b</p></blockquote>",
            "> a\n>\n> b",
        ),
        (
            "entities",
            "<p>5 &lt; 6 &amp; 7 &gt; 2 &quot;ok&quot; &#8217; &#x2019; &pound;3 &mdash;</p>",
            "5 < 6 & 7 > 2 \"ok\" ’ ’ £3 —",
        ),
        ("unknown entity kept", "<p>fish &chips; &amp</p>", "fish &chips; &amp"),
        (
            "whitespace collapsed",
            "<p>  lots   of\n\n  space </p>",
            "lots of space",
        ),
        (
            "head style script dropped",
            "<html><head><title>t</title><style>p{x:1}</style></head><body><script>var a=1;</script><p>hi</p></body></html>",
            "hi",
        ),
        (
            "comments dropped",
            "<p>a<!-- hidden -->b</p><!--[if mso]>x<![endif]-->",
            "ab",
        ),
        ("unordered list", "<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("ordered list", "<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
        ("ordered list start", "<ol start=\"4\"><li>four</li></ol>", "4. four"),
        (
            "table",
            "<table><tr><td>Offered</td><td>14</td></tr><tr><td>Attended</td><td>9</td></tr></table>",
            "Offered | 14\nAttended | 9",
        ),
        ("pre keeps lines", "<pre>a\n  b</pre>", "a\n  b"),
        (
            "hr is outlook rule",
            "<div>mine</div><hr><div>From: Lab</div>",
            "mine\n________________________________\nFrom: Lab",
        ),
        (
            "outlook appendonsend",
            "<div>mine</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\">From: Lab</div>",
            "mine\n________________________________\nFrom: Lab",
        ),
        (
            "gmail signature",
            "<div>mine</div><div class=\"gmail_signature\">Jo<br>Physio</div>",
            "mine\n--\nJo\nPhysio",
        ),
        ("uppercase tags", "<DIV>A<BR>B</DIV>", "A\nB"),
        ("attributes with >", "<div title=\"a > b\">x</div>", "x"),
        ("stray less-than", "<p>1 < 2 and 3<4</p>", "1 < 2 and 3<4"),
        ("unclosed tag at end", "<p>text<div", "text"),
        ("links keep text", "<a href=\"https://x.org\">the form</a>", "the form"),
        (
            "yahoo quoted",
            "<div>mine</div><div class=\"yahoo_quoted\"><div>theirs</div></div>",
            "mine\n> theirs",
        ),
        ("empty", "", ""),
    ];
    for (name, html, expected) in cases {
        assert_eq!(html_to_text(html), *expected, "case {name:?}");
    }
}

#[test]
fn gmail_reply_quote_is_marked() {
    let html = concat!(
        "<div dir=\"ltr\">Change: walk and talk<div><br></div></div><br>",
        "<div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Tue, 3 Nov 2026 at 09:00, ",
        "Lab &lt;<a href=\"mailto:lab@lab.example.org\">lab@lab.example.org</a>&gt; wrote:<br></div>",
        "<blockquote class=\"gmail_quote\" style=\"margin:0px\"><div>1. What change or idea did you test this cycle?</div></blockquote></div>"
    );
    let text = html_to_text(html);
    assert_eq!(
        text,
        "Change: walk and talk\n\nOn Tue, 3 Nov 2026 at 09:00, Lab <lab@lab.example.org> wrote:\n> 1. What change or idea did you test this cycle?"
    );
}
