//! The new text of a reply: everything the writer typed, without quoted
//! history, attribution lines, signatures and footers.

use super::quotes::{self, Mark};
use super::signature::{self, Sig};
use super::text::{self, is_blank, is_quoted};

/// What a line is, for assembling the visible text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Blank,
    Text,
    Decoration,
    Quoted,
    Mark(Mark),
    Sig(Sig),
}

/// Classifies every line; lines inside a code fence (three backticks) are
/// always text.
pub(super) fn classify(lines: &[&str]) -> Vec<Kind> {
    let mut kinds = Vec::with_capacity(lines.len());
    let mut in_fence = false;
    for (i, line) in lines.iter().enumerate() {
        let fence = line.trim_start().starts_with("```");
        let kind = if in_fence || fence {
            Kind::Text
        } else if is_blank(line) {
            Kind::Blank
        } else if quotes::is_groupwise_header(line) {
            Kind::Mark(quotes::Mark::Header(1))
        } else if is_quoted(line) || wrapped_quote(lines, &kinds, i) {
            Kind::Quoted
        } else if let Some(mark) = quotes::mark_at(lines, i) {
            Kind::Mark(mark)
        } else if let Some(sig) = signature::sig_at(line)
            // One dash right under a line of text is an empty table cell.
            && !(signature::is_one_dash(line) && i > 0 && !is_blank(lines[i - 1]))
        {
            Kind::Sig(sig)
        } else if signature::is_decoration(line) {
            Kind::Decoration
        } else {
            Kind::Text
        };
        if fence {
            in_fence = !in_fence;
        }
        kinds.push(kind);
    }
    kinds
}

/// True when line `i` continues the quoted line above it that a client
/// wrapped without repeating the `>`: the line above is long, stops
/// mid-sentence, and this one starts in lower case.
fn wrapped_quote(lines: &[&str], kinds: &[Kind], i: usize) -> bool {
    let Some(prev) = i.checked_sub(1) else {
        return false;
    };
    if kinds.get(prev) != Some(&Kind::Quoted) {
        return false;
    }
    let above = lines[prev].trim_end();
    let mid_sentence = !above.ends_with(['.', '?', '!', ':', ')', '"', '>']);
    mid_sentence && above.chars().count() >= 60 && lines[i].trim_start().starts_with(char::is_lowercase)
}

/// Returns the new text of a reply: quoted history (`>` lines after the
/// writer's text, or following an attribution such as "On … wrote:" in many
/// languages), Outlook header blocks and "Original Message" separators with
/// everything under them, signatures (`-- `, "Sent from my iPhone", "Get
/// Outlook for iOS", the title lines under a sign-off and name) and
/// confidentiality disclaimers are removed. The sign-off and the name under
/// it are kept. Leading blank lines and trailing whitespace are trimmed.
///
/// Quoted lines that the writer answered in between (inline replies) are
/// kept, as context for the answers; attribution lines never are, and a quote
/// under an attribution at the very top (bottom-posting) is dropped. When a
/// message is nothing but an unattributed quote, the quote is returned.
#[must_use]
pub fn visible_text(text: &str) -> String {
    let norm = text::normalize(text);
    let lines = text::lines(&norm);
    let kinds = classify(&lines);
    visible_from(&lines, &kinds)
}

/// [`visible_text`] for text already split into lines and classified.
pub(super) fn visible_from(lines: &[&str], kinds: &[Kind]) -> String {
    let kept = select(lines, kinds);
    if kept.iter().all(|l| is_blank(l)) && !kinds.iter().any(|k| matches!(k, Kind::Mark(_))) {
        let quoted_header = lines.iter().any(|l| {
            let (depth, inner) = text::split_quote(l);
            depth > 0 && quotes::is_header_text(inner)
        });
        if !quoted_header && kinds.contains(&Kind::Quoted) {
            return text::join_trimmed(lines);
        }
    }
    finish(kept)
}

/// The end (exclusive) of the quote block starting at `i`: quoted lines and
/// blank lines between them.
pub(super) fn quote_block_end(kinds: &[Kind], i: usize) -> usize {
    let mut end = i;
    let mut j = i;
    while j < kinds.len() && matches!(kinds[j], Kind::Quoted | Kind::Blank) {
        if kinds[j] == Kind::Quoted {
            end = j + 1;
        }
        j += 1;
    }
    end
}

/// The kind of the first non-blank line at or after `i`.
fn next_kind(kinds: &[Kind], i: usize) -> Option<Kind> {
    kinds[i.min(kinds.len())..].iter().copied().find(|k| *k != Kind::Blank)
}

/// True when the quote block at `i` is followed by more of the writer's text.
fn answered_below(kinds: &[Kind], i: usize) -> bool {
    next_kind(kinds, quote_block_end(kinds, i)) == Some(Kind::Text)
}

/// True when the quote block at `i` is answered the way an inline reply is:
/// by text followed by more quoted lines, or by a substantial amount of
/// text (three lines or more). A line or two of text after the history is
/// more likely a footer the server added than an answer.
fn answered_inline(kinds: &[Kind], i: usize) -> bool {
    if !answered_below(kinds, i) {
        return false;
    }
    let mut text_lines = 0;
    for kind in &kinds[quote_block_end(kinds, i)..] {
        match kind {
            Kind::Text => text_lines += 1,
            Kind::Blank | Kind::Decoration => {}
            Kind::Quoted => return true,
            _ => break,
        }
    }
    text_lines >= 3
}

/// True when the first quoted line of the block `i..end` is an attribution.
fn opens_with_attribution(lines: &[&str], kinds: &[Kind], i: usize, end: usize) -> bool {
    (i..end)
        .find(|&j| kinds[j] == Kind::Quoted && !text::split_quote(lines[j]).1.trim().is_empty())
        .is_some_and(|j| quotes::is_header_text(text::split_quote(lines[j]).1))
}

/// True when any line from `from` on is quoted.
fn quoted_after(kinds: &[Kind], from: usize) -> bool {
    kinds[from.min(kinds.len())..].contains(&Kind::Quoted)
}

/// Walks the lines and keeps the writer's text, stopping where history or a
/// signature begins.
pub(super) fn select<'a>(lines: &[&'a str], kinds: &[Kind]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::with_capacity(lines.len());
    let mut has_text = false;
    // Set after an attribution at the very top: the quote under it is the
    // message being answered (bottom-posting), not context for an answer.
    let mut top_quote = false;
    let mut i = 0;
    while i < lines.len() {
        match kinds[i] {
            Kind::Blank => {
                out.push("");
                i += 1;
            }
            Kind::Text | Kind::Decoration => {
                out.push(lines[i]);
                has_text |= kinds[i] == Kind::Text;
                top_quote = false;
                i += 1;
            }
            Kind::Quoted => {
                let end = quote_block_end(kinds, i);
                // Nothing written above a quote that opens with its own attribution
                // ("> On 2 Jun 2031, at 08:00, Lab cycles <…> wrote:", as iOS quotes),
                // and no more quoting under the text below it: bottom-posting.
                let bottom_posted =
                    !has_text && opens_with_attribution(lines, kinds, i, end) && !quoted_after(kinds, end);
                if !top_quote && !bottom_posted && answered_below(kinds, i) {
                    out.extend_from_slice(&lines[i..end]);
                }
                top_quote = false;
                i = end;
            }
            Kind::Mark(mark) => {
                let span = match mark {
                    Mark::Header(n) | Mark::Block(n) => n.max(1),
                    Mark::Separator | Mark::Rule => 1,
                };
                if !has_text {
                    // Nothing written above it: a forward or a bottom-posted
                    // reply. Skip the marker and read on.
                    top_quote = matches!(mark, Mark::Header(_));
                    i += span;
                    continue;
                }
                if let Mark::Header(_) = mark {
                    let below = i + span;
                    let first = (below..lines.len()).find(|&j| kinds[j] != Kind::Blank);
                    // Only `>` quoting counts: old "Name>" quotes under an
                    // attribution are history even with text after them.
                    let angle = |j: usize| lines[j].trim_start().starts_with('>');
                    if first.is_some_and(|j| kinds[j] == Kind::Quoted && angle(j) && answered_inline(kinds, j)) {
                        // Inline reply: drop the attribution, keep reading.
                        i = below;
                        continue;
                    }
                }
                break;
            }
            Kind::Sig(Sig::Disclaimer) if !has_text => {
                i += quotes::run_len(lines, i).max(1);
            }
            Kind::Sig(Sig::Mobile) if !has_text => i += 1,
            // The reminder's own footer at the end of the reminder, quoted without `>`
            // ("-----Original Message-----" and all), with the answers typed under it:
            // the reminder is history, the text under its footer the writer's.
            Kind::Sig(Sig::Delimiter)
                if let Some(end) = reminder_footer_end(lines, i)
                    && kinds[end..].contains(&Kind::Text)
                    && out.iter().any(|l| super::labels::is_reminder_text(l)) =>
            {
                out.clear();
                has_text = false;
                i = end;
            }
            Kind::Sig(_) => break,
        }
    }
    out
}

/// The end (exclusive) of labloop's own footer under the "-- " line at `i`: "You
/// receive this because you subscribed to updates from …" or "Sent by …", and the
/// "Unsubscribe: …" line.
fn reminder_footer_end(lines: &[&str], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let first = lines.get(j)?.trim();
    if !(first.starts_with("You receive this because you subscribed to updates from") || first.starts_with("Sent by "))
    {
        return None;
    }
    j += 1;
    if lines.get(j).is_some_and(|l| l.trim().starts_with("Unsubscribe:")) {
        j += 1;
    }
    Some(j)
}

/// Trims trailing decoration, drops the title lines under a closing name,
/// and joins.
fn finish(mut out: Vec<&str>) -> String {
    while out.last().is_some_and(|l| is_blank(l) || signature::is_decoration(l)) {
        out.pop();
    }
    if let Some(s) = signature::trailing_sign_off(&out) {
        let after: Vec<usize> = (s + 1..out.len()).filter(|&j| !is_blank(out[j])).collect();
        if after.len() >= 2 && signature::is_name_line(out[after[0]]) {
            out.truncate(after[0] + 1);
        }
    }
    text::join_trimmed(&out)
}
