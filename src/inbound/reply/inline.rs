//! Answers that are not marked in the new text: typed between the quoted
//! questions (`>` quoting), typed under the questions of a reminder quoted
//! without `>` (Outlook), or written as seven plain paragraphs.

use super::answer_text::clean_value;
use super::fields::Sections;
use super::labels::{self, Field, Marker, Strength};
use super::quotes::{self, Mark};
use super::said_to_reader::is_ignorable;
use super::signature;
use super::text::{self, is_blank, split_quote};
use super::visible::Kind;

/// When the writer answered between the quoted questions, returns the text
/// with those questions unquoted and the rest of the quoted reminder and its
/// attribution removed, so that `fields::sections` can read it. `None` when no
/// quoted question (other than the last) has an answer under it.
pub(super) fn inline_view(lines: &[&str], kinds: &[Kind]) -> Option<String> {
    // Answers between quoted lines are needed; a top-posted reply has none. The
    // exception: a few questions quoted on purpose, each answered below.
    let first_quoted = kinds.iter().position(|k| *k == Kind::Quoted)?;
    let last_quoted = kinds.iter().rposition(|k| *k == Kind::Quoted)?;
    let text_after = kinds[last_quoted..].contains(&Kind::Text);
    if !kinds[first_quoted..last_quoted].contains(&Kind::Text) && !text_after {
        return None;
    }
    let questions: Vec<usize> = (first_quoted..=last_quoted)
        .filter(|&i| kinds[i] == Kind::Quoted)
        .filter(|&i| {
            let (_, inner) = split_quote(lines[i]);
            labels::marker(inner).is_some_and(|m| m.strength == Strength::Question)
        })
        .collect();
    let (&first, &last) = (questions.first()?, questions.last()?);
    let answered = questions
        .windows(2)
        .any(|w| (w[0] + 1..w[1]).any(|j| kinds[j] == Kind::Text));
    // Selective quoting: only some questions quoted (the writer trimmed the rest),
    // the last of them the last quoted line, and the writer's text under it.
    let selective = questions.len() < 4 && last == last_quoted && text_after;
    if !answered && !selective {
        return None;
    }
    // Keep the writer's lines and the questions; drop the rest of the quoted
    // reminder, and the attributions and separators above the last question.
    // Below it, markers stay so that older history is still cut off.
    let depth = split_quote(lines[first]).0;
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    let mut j = 0;
    while j < lines.len() {
        match kinds[j] {
            Kind::Quoted if questions.binary_search(&j).is_ok() => {
                out.push(split_quote(lines[j]).1);
            }
            // An answer the client left inside the quote, between two questions.
            Kind::Quoted if j > first && j < last && left_in_quote(lines, j, depth) => {
                out.push(split_quote(lines[j]).1);
            }
            Kind::Quoted => {}
            Kind::Mark(Mark::Header(n) | Mark::Block(n)) if j < first => {
                j += n.max(1);
                continue;
            }
            Kind::Mark(_) if j < last => {}
            // "Sent from my iPhone" above the quote ends the phone's text, not the answers.
            _ if j < first && signature::sig_at(lines[j]) == Some(signature::Sig::Mobile) => {}
            _ => out.push(lines[j]),
        }
        j += 1;
    }
    Some(out.join("\n"))
}

/// True when the quoted line `j`, between two quoted questions, is the writer's and not
/// the reminder's: between its questions the reminder has only blank lines and the
/// wrapped ends of a question or its hint ("prediction?", `14")`). A sentence of three
/// words or more at the questions' depth is an answer the writer's client kept inside
/// the quote ("> Two thirds used the link. People over 75 mostly rang anyway.").
fn left_in_quote(lines: &[&str], j: usize, depth: usize) -> bool {
    let (d, inner) = split_quote(lines[j]);
    let t = inner.trim();
    if d != depth || text::word_count(t) < 3 || labels::is_hint(t) || labels::is_reminder_text(t) {
        return false;
    }
    // The wrapped rest of the line above: a question without its "?", or a hint or
    // other bracket left open.
    let above = lines[..j]
        .iter()
        .rev()
        .map(|l| split_quote(l).1.trim())
        .find(|l| !l.is_empty());
    let wrapped = above.is_some_and(|a| {
        let open_bracket = a.rfind('(').is_some_and(|o| !a[o..].contains(')'));
        labels::marker(a).is_some_and(|m| m.strength == Strength::Question && !a.ends_with(['?', ')'])) || open_bracket
    });
    !wrapped
}

/// Answers typed under the questions of a reminder that was quoted without
/// `>` (Outlook): for each question line, the writer's lines up to the next
/// question. Returns the answers and a text rendering for the reply text,
/// or `None` unless at least two questions have answers.
pub(super) fn history_sections(lines: &[&str], kinds: &[Kind]) -> Option<(Sections, String)> {
    let found: Vec<(usize, Marker<'_>)> = (0..lines.len())
        .filter(|&i| kinds[i] == Kind::Text)
        .filter_map(|i| {
            labels::marker(lines[i])
                .filter(|m| m.strength == Strength::Question)
                .map(|m| (i, m))
        })
        .collect();
    let mut buf: [Vec<&str>; 7] = Default::default();
    let mut rendered = Vec::new();
    for (k, (i, m)) in found.iter().enumerate() {
        let next = found.get(k + 1).map_or(lines.len(), |(n, _)| *n);
        let mut answer: Vec<&str> = Vec::new();
        if !m.rest.is_empty() {
            answer.push(m.rest);
        }
        for j in i + 1..next {
            match kinds[j] {
                // "Reply to this email, or use the form: …" under the last question:
                // the reminder again, straight after an answer when each paragraph
                // is a line (Outlook).
                Kind::Text if labels::is_reminder_text(lines[j]) => break,
                Kind::Text if !labels::is_hint(lines[j]) => answer.push(lines[j]),
                Kind::Blank if k + 1 == found.len() && !answer.is_empty() => break,
                Kind::Blank | Kind::Text | Kind::Decoration => {}
                _ => break,
            }
        }
        if !answer.is_empty() {
            rendered.push(lines[*i].trim().to_string());
            rendered.extend(answer.iter().map(|l| l.trim().to_string()));
            rendered.push(String::new());
            // "Change: …" typed under "1. What change …?": the question's own label.
            if let Some(own) = labels::marker(answer[0]).filter(|a| a.strength == Strength::Label && a.field == m.field)
            {
                if own.rest.is_empty() {
                    answer.remove(0);
                } else {
                    answer[0] = own.rest;
                }
            }
            buf[m.field.index()].extend(answer);
        }
    }
    let mut out = Sections::default();
    for f in Field::ALL {
        out.values[f.index()] = clean_value(&buf[f.index()], f == Field::Measures);
    }
    (out.found() >= 2).then(|| (out, rendered.join("\n").trim().to_string()))
}

/// Answers typed inside the quoted reminder at its own quote level, under this message's
/// attribution ("On 1 Feb 2028, Improvement Lab wrote:" then "> 1. What change …" and
/// "> SENIOR NURSE STREAMING …"): Gmail, Apple Mail and the iPhone keep what is typed
/// there quoted, marked only by colour. The reminder's own sentences in the block show
/// that the quoted message is the reminder itself, not a colleague's reply quoting it
/// (whose answers would sit a level above the questions). At least three questions must
/// have answers.
pub(super) fn quoted_reminder_sections(lines: &[&str], kinds: &[Kind]) -> Option<(Sections, String)> {
    let (at, span) = (0..lines.len())
        .find_map(|i| match kinds[i] {
            Kind::Mark(Mark::Header(n)) => Some((i, n.max(1))),
            _ => None,
        })
        // The iPhone's forward, quoted whole: "> Begin forwarded message:" over the
        // reminder's headers and text, with the answers typed in.
        .or_else(|| {
            (0..lines.len())
                .find(|&i| kinds[i] == Kind::Quoted && quotes::is_separator(split_quote(lines[i]).1.trim()))
                .map(|i| (i, 1))
        })?;
    let mut inner: Vec<&str> = Vec::new();
    for (line, kind) in lines.iter().zip(kinds).skip(at + span) {
        match kind {
            Kind::Blank => inner.push(""),
            Kind::Quoted => match split_quote(line) {
                (1, rest) => inner.push(rest),
                // A level deeper: a chain of earlier messages, not the reminder alone.
                _ => return None,
            },
            _ if inner.is_empty() => return None,
            _ => break,
        }
    }
    if !inner.iter().any(|l| labels::is_reminder_text(l)) {
        return None;
    }
    let inner_kinds = super::visible::classify(&inner);
    let (found, rendered) = history_sections(&inner, &inner_kinds)?;
    (found.found() >= 3).then_some((found, rendered))
}

/// Answers with no markers, in question order.
pub(super) struct Positional {
    pub(super) sections: Sections,
    /// The sixth answer is a short decision and the fourth has a figure (or says
    /// nothing was measured): the order is not in doubt.
    pub(super) confirmed: bool,
}

/// Answers with no markers, in question order: seven paragraphs; or one paragraph of
/// short lines, the second-to-last a decision, with one line for each answer but the
/// measures, which may run over several ("Home visits: 37", "7d readmissions: 2");
/// or one paragraph of seven parts split by " / " or ";" ("SDEC direct GP referral
/// for ?DVT; fewer ED attends; …; adopt; add ?cellulitis pathway"). Greetings and
/// the closing are not counted, nor a signature block of short lines under the
/// answers.
pub(super) fn positional(text: &str) -> Option<Positional> {
    let mut lines = text::lines(text);
    if let Some(s) = signature::trailing_sign_off(&lines) {
        lines.truncate(s);
    }
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines {
        if is_blank(line) {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    let ignorable = |p: &Vec<&str>| p.iter().all(|l| is_ignorable(l));
    let start = paragraphs.iter().position(|p| !ignorable(p))?;
    let end = paragraphs.iter().rposition(|p| !ignorable(p))? + 1;
    let paragraphs = &paragraphs[start..end];
    if paragraphs.len() == 7 {
        let slots: Vec<String> = paragraphs.iter().map(|p| p.join("\n")).collect();
        return Some(in_order(&slots));
    }
    // One paragraph of answers, perhaps under a greeting line ("Hi, ours for Nov:") and
    // over a signature block of short lines.
    let (answers, below) = paragraphs.split_first()?;
    if !below.iter().flatten().all(|l| is_signature_line(l)) {
        return None;
    }
    let first = answers.iter().position(|l| !is_ignorable(l))?;
    let answers = &answers[first..];
    let slots = short_lines(answers).or_else(|| parts(answers))?;
    Some(in_order(&slots))
}

/// The seven answers, one slot each, with the order confirmed when the sixth is a
/// decision of a few words, the fourth gives a figure and none runs to a letter's
/// paragraph.
fn in_order(slots: &[String]) -> Positional {
    let mut sections = Sections::default();
    for (f, slot) in Field::ALL.iter().zip(slots) {
        let lines: Vec<&str> = slot.lines().collect();
        sections.values[f.index()] = clean_value(&lines, *f == Field::Measures);
    }
    let decision = &slots[Field::Decision.index()];
    let measures = &slots[Field::Measures.index()];
    let confirmed = !text::word_count_over(decision, 6)
        && super::parse_decision(decision).is_some()
        && (measures.bytes().any(|b| b.is_ascii_digit()) || super::no_measure::says_nothing_measured(measures))
        && !slots.iter().any(|s| text::word_count_over(s, 80));
    Positional { sections, confirmed }
}

/// Short lines typed on a phone, one an answer, the second-to-last a short decision
/// ("Adopt"); the lines after the first three and before the last three are the
/// measures, each with a figure when there are several. A paragraph wrapped into lines
/// has no such decision line.
fn short_lines(lines: &[&str]) -> Option<Vec<String>> {
    let n = lines.len();
    if !(7..=14).contains(&n)
        || lines.iter().any(|l| l.trim().chars().count() > 80)
        || text::word_count_over(lines[n - 2], 10)
        || super::parse_decision(lines[n - 2]).is_none()
    {
        return None;
    }
    let measures = &lines[3..n - 3];
    if measures.len() > 1 && !measures.iter().all(|l| l.bytes().any(|b| b.is_ascii_digit())) {
        return None;
    }
    let mut slots: Vec<String> = lines[..3].iter().map(|l| l.to_string()).collect();
    slots.push(measures.join("\n"));
    slots.extend(lines[n - 3..].iter().map(|l| l.to_string()));
    Some(slots)
}

/// The paragraph as one line split into seven parts by " / " or by ";", the sixth a
/// decision; the measures' own semicolons stay in the fourth when " / " splits.
fn parts(lines: &[&str]) -> Option<Vec<String>> {
    let joined = lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    [" / ", ";"].iter().find_map(|sep| {
        let parts: Vec<String> = joined.split(sep).map(|p| p.trim().to_string()).collect();
        (parts.len() == 7
            && parts.iter().all(|p| !p.is_empty())
            && super::parse_decision(&parts[Field::Decision.index()]).is_some())
        .then_some(parts)
    })
}

/// A line of a signature block under the answers: a name, a job title, an
/// organisation, a phone number; short and no sentence.
fn is_signature_line(line: &str) -> bool {
    let t = line.trim();
    is_ignorable(t) || (!text::word_count_over(t, 8) && !t.ends_with(['.', '!', '?', ':']))
}

/// How many of the reminder's questions appear in `lines` (quoted or not).
pub(super) fn question_count(lines: &[&str]) -> usize {
    let mut seen = [false; 7];
    for line in lines {
        if let Some(m) = labels::marker(split_quote(line).1)
            && m.strength == Strength::Question
        {
            seen[m.field.index()] = true;
        }
    }
    seen.iter().filter(|s| **s).count()
}
