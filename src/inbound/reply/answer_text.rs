//! Cleaning one answer's lines into the value recorded: blank lines, the "A:" before
//! an answer, bullets, emphasis around the whole answer, and "n/a" for no answer.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::measures::strip_bullet;
use super::no_measure;
use super::said_to_reader;
use super::signature;
use super::text;

/// "n/a", "-", "Not applicable": the question was left unanswered on purpose.
pub(super) fn says_no_answer(value: &str) -> bool {
    let t = value.trim().trim_end_matches('.');
    // The longest of them is 14 bytes; an answer is mostly longer (and not lowered).
    t.len() <= 14
        && matches!(
            t.to_lowercase().as_str(),
            "n/a" | "na" | "n.a" | "-" | "–" | "—" | "--" | "not applicable" | "nil"
        )
}

/// "See the attached PDF, I wrote it up for the practice meeting", "In the attachment":
/// the answer (its first sentence or clause, of at most ten words) is in a file, not the
/// text, so a person reads it there.
pub(super) fn points_to_attachment(value: &str) -> bool {
    let t = value.trim();
    let t = t.find([',', '.', ';', '\n']).map_or(t, |end| &t[..end]);
    // "Posters attached to each bed" is an answer: "attached" points to a file after
    // "see", "in the" and the like, or before the file's kind.
    const FILE_KINDS: [&str; 10] = [
        "pdf",
        "spreadsheet",
        "document",
        "doc",
        "file",
        "sheet",
        "report",
        "excel",
        "word",
        "slides",
    ];
    !text::word_count_over(t, 10) && {
        let lower = t.to_lowercase();
        no_measure::says_attached(t)
            || lower.contains("attachment")
            || lower
                .match_indices("attached ")
                .any(|(at, w)| FILE_KINDS.iter().any(|f| lower[at + w.len()..].starts_with(f)))
            || ["see spreadsheet", "see the spreadsheet", "see pdf", "see the pdf"]
                .iter()
                .any(|w| lower.contains(w))
    }
}

fn line_starts_with_a(line: &str) -> bool {
    line.starts_with(['a', 'A'])
}

/// Word's prompt in an empty form field: no answer.
pub(super) fn is_form_placeholder(value: &str) -> bool {
    value
        .trim()
        .trim_end_matches('.')
        .eq_ignore_ascii_case("click or tap here to enter text")
}

/// A line as typed into a form: "____Text reminders____" (a fill-in line) and
/// "[More TTOs ready by 11am]" (an answer in the form's brackets) lose the furniture.
fn without_form_furniture(line: &str) -> &str {
    let t = line.trim();
    // "[image: chart.png]", "[cid:…]", "[snip]" are a client's, not a form's.
    let client_mark = ["[image", "[cid", "[inline", "[attachment"]
        .iter()
        .any(|p| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)));
    if client_mark || signature::is_image_placeholder(t) || signature::is_snip(t) {
        return line;
    }
    if t.starts_with("__") || t.ends_with("__") {
        let inner = t.trim_matches('_').trim();
        if !inner.is_empty() {
            return inner;
        }
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']'))
        && !inner.contains(['[', ']'])
        && inner.contains(' ')
    {
        return inner.trim();
    }
    line
}

/// "(Half of these patients would take it)": a whole answer of several words in round
/// brackets, as a form's layout puts it, without them.
fn without_round_brackets(value: &str) -> &str {
    let Some(inner) = value.strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return value;
    };
    // The brackets must be one pair: "(a) … (b)" and "(n=12) … (was 9)" are not.
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return value;
        }
    }
    if depth == 0 && text::word_count_over(inner, 3) {
        inner.trim()
    } else {
        value
    }
}

/// "A: …", "Ans - …", "Answer) …" before an answer; a dash only with a space on one side
/// of it ("A-board outside" is the answer).
static ANSWER_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:a|ans|answer)(?:\s*[:.)]|\s+[\-–]|[\-–]\s)\s*").expect("built-in pattern compiles")
});

/// `line` without a leading "A:", "Ans -", "Answer)" (see [`ANSWER_PREFIX`]).
fn without_answer_prefix(line: &str) -> Cow<'_, str> {
    // "1. What change…? -> A welcome call": an arrow pointing from the question.
    let line = ["->", "=>", "-->", "→", "⇒"]
        .iter()
        .find_map(|arrow| line.strip_prefix(arrow))
        .map_or(line, str::trim_start);
    if line.starts_with(['a', 'A']) {
        ANSWER_PREFIX.replace(line, "")
    } else {
        Cow::Borrowed(line)
    }
}

/// Trims an answer: no surrounding blank lines, single blank lines inside,
/// no leading "Answer:", bullets removed when every line has one (or the
/// answer is one line), no emphasis wrapping the whole answer.
pub(super) fn clean_value(lines: &[&str], keep_lines: bool) -> Option<String> {
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for line in lines {
        let line = without_form_furniture(line.trim_end());
        if is_form_placeholder(line) {
            continue;
        }
        if line.trim().is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        // "CHANGE\n------": the rule under a heading is not part of the answer; nor is
        // an inline picture's placeholder ("[cid:image001.jpg@01DB…]").
        if (out.is_empty() && signature::is_decoration(line))
            || signature::is_image_placeholder(line)
            || signature::is_snip(line)
        {
            continue;
        }
        // "----" or "* * *" between answers divides them; inside one, it is a gap.
        let gap = line.trim().is_empty() || signature::is_rule_line(line);
        if gap && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(if gap { "" } else { line });
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    // "(sorry this one's long!)" in a paragraph of its own under the answer is said in
    // passing; it stays in the reply's text. "(The faulty alarms were a surprise – …)"
    // is more of the answer.
    while out.len() >= 3
        && out
            .last()
            .is_some_and(|l| said_to_reader::is_bracketed_aside(l) && said_to_reader::said_in_passing(l))
        && out[out.len() - 2].is_empty()
    {
        out.pop();
        out.pop();
    }
    if out.is_empty() {
        return None;
    }
    // "a) Early shifts …" over "b) Night staff …": the first of lettered points, not an
    // "A)" before the answer.
    let lettered = out.iter().any(|l| {
        let t = l.trim_start();
        t.starts_with("b)") || t.starts_with("(b)") || t.starts_with("B)")
    });
    let without_prefix = |line| {
        if lettered && line_starts_with_a(line) {
            Cow::Borrowed(line)
        } else {
            without_answer_prefix(line)
        }
    };
    if keep_lines {
        let first_stripped = without_prefix(text::without_comment_tag(out[0].trim()));
        let mut kept: Vec<&str> = out.iter().map(|l| text::without_comment_tag(l.trim())).collect();
        kept[0] = first_stripped.trim();
        return Some(kept.join("\n"));
    }
    let content: Vec<&str> = out.iter().copied().filter(|l| !l.is_empty()).collect();
    let all_bulleted = content.iter().all(|l| strip_bullet(l).len() != l.trim_start().len());
    // "(a) …" and "(b) …", "1. …" and "2. …": two tests or points the answers below
    // refer back to by their letter or number ("(a) confirmed our prediction"); the
    // marks stay. Typed bullets ("- …") go.
    let enumerated = content.len() >= 2
        && content.iter().all(|l| {
            l.trim_start()
                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '(')
        });
    // "(a) Most out of bed on day 0. (b) Walking more.": both on one line.
    let lettered_inline = content.len() == 1 && {
        let t = content[0].trim_start();
        (t.starts_with("(a)") && t.contains("(b)")) || (t.starts_with("a)") && t.contains(" b)"))
    };
    let strip_all = !lettered_inline && ((all_bulleted && !enumerated) || content.len() == 1);
    let mut lines: Vec<String> = out
        .iter()
        .map(|l| {
            let l = text::without_comment_tag(l.trim());
            if strip_all { strip_bullet(l) } else { l }.to_string()
        })
        .collect();
    if let Some(first) = lines.first_mut() {
        let stripped = without_prefix(first);
        if stripped.len() != first.len() {
            *first = stripped.into_owned();
        }
    }
    let joined = lines.join("\n");
    let value = without_round_brackets(unwrap_emphasis(joined.trim()));
    (!value.is_empty()).then(|| value.to_string())
}

fn unwrap_emphasis(s: &str) -> &str {
    for mark in ["**", "__", "*", "_"] {
        if s.len() > 2 * mark.len() && s.starts_with(mark) && s.ends_with(mark) {
            let inner = &s[mark.len()..s.len() - mark.len()];
            if !inner.contains(mark) {
                return inner.trim();
            }
        }
    }
    s
}
