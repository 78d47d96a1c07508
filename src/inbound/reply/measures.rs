//! Measures: one per line, `name: value unit`.
//!
//! - `Patients offered the group: 14` → name `Patients offered the group`, value `14`, no unit
//! - `Attendance - 9 of 14 (64%)` → `Attendance`, `9`, unit `of 14 (64%)`
//! - `Waiting time: 3 weeks` → `Waiting time`, `3`, `weeks`
//! - `DNA rate 12%` (no separator) → `DNA rate`, `12`, `%`
//! - `£1,200 saved` (number first) → name `saved`, `1200`, unit `£`
//! - `Falls: none` → `Falls`, value text `none`
//! - a line with neither number nor separator (`We timed every session`) →
//!   name = the line, value text `""`, no unit: what was measured, without a
//!   value, so nothing is invented and nothing is lost.
//!
//! Separators are `:`, ` - `, ` – `, ` — `, `=`, ` | ` and `->`; the first
//! one wins, and a colon between digits (`10:30`) is not a separator.
//! Numbers may have thousands separators (`1,200`), decimals (`2.5`, `2,5`),
//! a sign and a currency symbol. The value is a number when it starts with
//! one; the unit is the rest, trimmed, or `None` when empty.

use std::sync::LazyLock;

use regex::Regex;

use super::no_measure::{defers, is_prose, says_nothing_measured};
use super::text;
use super::{Measure, MeasureValue};

/// A number at the start of `s`: optional currency sign (`£`, `$`, `€`) and
/// one space, optional sign, digits with optional thousands commas, optional
/// decimals (`.5` or `,5`). Returns the value, the currency sign (or `""`)
/// and the byte length used.
pub(super) fn leading_number(s: &str) -> Option<(f64, &str, usize)> {
    let (currency, after_currency) = match s.chars().next() {
        Some(c @ ('£' | '$' | '€')) => {
            let rest = &s[c.len_utf8()..];
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            (&s[..c.len_utf8()], rest)
        }
        _ => ("", s),
    };
    let offset = s.len() - after_currency.len();
    let b = after_currency.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    // Thousands groups: ",ddd" not followed by another digit.
    let lead = i - digits_start;
    let mut grouped = false;
    while lead <= 3
        && b.get(i) == Some(&b',')
        && b.len() >= i + 4
        && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
        && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
    {
        grouped = true;
        i += 4;
    }
    // Decimals: ".5", or ",5" when no thousands groups were seen.
    if matches!(b.get(i), Some(b'.')) || (!grouped && matches!(b.get(i), Some(b','))) {
        let mut j = i + 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > i + 1 {
            i = j;
        }
    }
    let text = &after_currency[..i];
    let value = to_number(text)?;
    Some((value, currency, offset + i))
}

/// Values that start with digits but are not quantities: times and dates.
static TIME_OR_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // A date repeats its separator ("12/05/2027", "2027-05-12"); "4.6/5" is a score.
    Regex::new(r"^(?:\d{1,2}:\d{2}(?-u:\b)|\d{1,4}/\d{1,2}/\d{1,4}(?-u:\b)|\d{1,4}\.\d{1,2}\.\d{1,4}(?-u:\b)|\d{1,4}-\d{1,2}-\d{1,4}(?-u:\b))")
        .expect("built-in pattern compiles")
});

/// Parses one line as a measure; `None` for a blank line.
#[must_use]
pub fn parse_measure(line: &str) -> Option<Measure> {
    let raw = line.trim();
    // Emoji and other symbol bullets ("📈", "✔", "→") before the usual ones.
    let unsymbolled = raw.trim_start_matches(|c: char| {
        c.is_whitespace() || !(c.is_alphanumeric() || c.is_ascii() || matches!(c, '£' | '€' | '¥'))
    });
    // "| Discharged from photo alone | 12 |": a row of a plain-text table.
    let body = strip_bullet(unsymbolled).trim();
    let body = if body.starts_with('|') || body.ends_with('|') {
        body.trim_matches('|').trim()
    } else {
        body
    };
    if body.is_empty()
        || body.chars().all(|c| !c.is_alphanumeric())
        || says_nothing_measured(body)
        || is_prose(body)
        || (defers(body) && defers(split_separator(body).map_or(body, |(name, _)| name)))
    {
        return None;
    }
    // "Figures from the audit for 1–28 February:" leads the list in; "(sorry, forgot
    // these two)" is an aside.
    let figure_free = !body.chars().any(|c| c.is_ascii_digit());
    if body.ends_with(':') || (body.starts_with('(') && body.ends_with(')') && figure_free) {
        return None;
    }
    // "12" alone: a figure without a name says nothing a person could record.
    if body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' '))
    {
        return None;
    }
    let measure = |name: &str, value: MeasureValue, unit: Option<String>| Measure {
        name: clean_name(name),
        value,
        unit,
        raw: raw.to_string(),
    };
    if let Some((name, value)) = split_separator(body) {
        // `")  14` left from a wrapped hint is no measure: a name has letters or digits.
        if !name.chars().any(char::is_alphanumeric) {
            return None;
        }
        let (value, unit) = parse_value(value);
        return Some(measure(name, value, unit));
    }
    if let Some((n, currency, whole)) = leading_number(body) {
        // Number first: "£1,200 saved", "14 patients", "12% DNA rate".
        let mut rest = &body[whole..];
        // `14")`: the end of the reminder's wrapped example, not a measure.
        if !rest.trim().is_empty() && !rest.chars().any(char::is_alphanumeric) && !rest.trim().starts_with('%') {
            return None;
        }
        let mut unit = currency.to_string();
        if let Some(r) = rest.strip_prefix('%') {
            unit.push('%');
            rest = r;
        }
        let unit = (!unit.is_empty()).then_some(unit);
        return Some(measure(rest.trim(), MeasureValue::Number(n), unit));
    }
    // "Patients offered the group (14)", "Seen in clinic (9 of 14)": the only figure, in
    // brackets at the end, is the value.
    if let Some(inner) = body.strip_suffix(')')
        && let Some((name, figure)) = inner.rsplit_once('(')
        && figure.starts_with(|c: char| c.is_ascii_digit())
        && !figure.contains(['(', ')'])
        && name.chars().any(char::is_alphabetic)
        && !name.chars().any(|c| c.is_ascii_digit())
    {
        let (value, unit) = parse_value(figure.trim());
        return Some(measure(name.trim_end(), value, unit));
    }
    if let Some(pos) = first_number(body) {
        // "Safety plans reviewed at the 9am meeting 17 of 19": a count at the end is the
        // value, whatever figures the name has.
        if let Some(at) = count_at_end(body)
            && at > pos
        {
            let (value, unit) = parse_value(&body[at..]);
            return Some(measure(&body[..at], value, unit));
        }
        // "Patients over 75 screened 96": the figure is the number at the end when words
        // other than a count's own ("of 14", "out of", "to") follow the first.
        if let Some((name, last)) = body.rsplit_once(' ')
            && name.len() > pos
            && !name[pos..].contains(['(', ')'])
            && last
                .chars()
                .all(|c| c.is_ascii_digit() || c == '%' || c == '.' || c == ',')
            && last.starts_with(|c: char| c.is_ascii_digit())
            && let Some(after_first) = name[pos..].split_whitespace().nth(1)
            && after_first.starts_with(char::is_alphabetic)
            && !text::word_in(after_first, &["of", "out", "to", "from", "and", "or", "per", "in"])
        {
            let (value, unit) = parse_value(last);
            return Some(measure(name, value, unit));
        }
        let (value, unit) = parse_value(&body[pos..]);
        return Some(measure(&body[..pos], value, unit));
    }
    Some(measure(body, MeasureValue::Text(String::new()), None))
}

/// Where "17 of 19" or "17 out of 19" ends `body`, after a space: the start of the count.
fn count_at_end(body: &str) -> Option<usize> {
    let is_figure = |w: &str| {
        w.starts_with(|c: char| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%'))
    };
    let (rest, total) = body.trim_end().rsplit_once(' ')?;
    if !is_figure(total) {
        return None;
    }
    let rest = rest.strip_suffix(" of").map(|r| r.strip_suffix(" out").unwrap_or(r))?;
    let (_, count) = rest.rsplit_once(' ')?;
    is_figure(count).then(|| rest.len() - count.len())
}

/// Removes a leading list marker: `-`, `*`, `•`, `1.`, `1)`, `(1)`, `a)`, and
/// Outlook's plain-text second-level bullet `o` followed by a tab.
pub(super) fn strip_bullet(line: &str) -> &str {
    let t = line.trim_start();
    // Outlook's second-level bullet as text: "o" then a tab or several spaces.
    if let Some(rest) = t.strip_prefix("o\t").or_else(|| t.strip_prefix("o  ")) {
        return rest.trim_start();
    }
    if let Some(c) = t.chars().next()
        && "-*•·–—+‣◦▪".contains(c)
    {
        let rest = &t[c.len_utf8()..];
        // "-3 days" is a number, "•Text" is a bullet.
        if rest.starts_with(char::is_whitespace) || !"-+*".contains(c) {
            return rest.trim_start();
        }
    }
    let (inner, paren) = match t.strip_prefix('(') {
        Some(r) => (r, true),
        None => (t, false),
    };
    let bytes = inner.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    // "a)", and "b. Both reviews…" from a Word sub-list ("e. coli" stays).
    let letter = digits == 0
        && bytes.len() > 1
        && bytes[0].is_ascii_lowercase()
        && (bytes[1] == b')'
            || (!paren
                && (b'a'..=b'h').contains(&bytes[0])
                && inner[1..].strip_prefix('.').is_some_and(|r| {
                    r.starts_with(char::is_whitespace) && r.trim_start().starts_with(char::is_uppercase)
                })));
    let n = if letter { 1 } else { digits };
    if (1..=2).contains(&n) {
        let after = &inner[n..];
        let closes: &[&str] = if paren { &[") "] } else { &[". ", ") ", ".) "] };
        for close in closes {
            if let Some(rest) = after.strip_prefix(close) {
                return rest.trim_start();
            }
        }
    }
    t
}

fn clean_name(name: &str) -> String {
    let name = name
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '`')
        .trim()
        .trim_end_matches([':', '-', '–', '—', '='])
        .trim();
    // Dot leaders: "Crisis team visits ........ 17".
    let undotted = name.trim_end_matches(['.', '…', ' ']);
    if name.len() - undotted.len() >= 2 && name.ends_with(['.', '…']) {
        undotted.to_string()
    } else {
        name.to_string()
    }
}

/// Splits at the first separator: `:` (not between digits), ` - `, ` – `,
/// ` — `, `=`, ` | `, `->`.
pub(super) fn split_separator(body: &str) -> Option<(&str, &str)> {
    let bytes = body.as_bytes();
    // One pass: no two separators start at the same place, so the first found is
    // the first in the line.
    let at = |i: usize| -> Option<usize> {
        let rest = &bytes[i..];
        match bytes[i] {
            b':' => {
                let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
                let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                (!(digit_before && digit_after)).then_some(1)
            }
            // A tab is a table's cell border when a client turned an HTML table into text.
            b'=' | b'\t' => Some(1),
            // "Referrals -> 14", but not the change in "DNAs 14% -> 9%" or the
            // words of a name ("Time from arrival -> first obs: 48").
            b'-' => (rest.starts_with(b"->") && arrow_separates(&body[..i], &body[i + 2..])).then_some(2),
            b' ' => [" - ", " – ", " — ", " | ", " -- "]
                .iter()
                .find(|sep| rest.starts_with(sep.as_bytes()))
                .map(|sep| sep.len())
                .or_else(|| dash_leader(&body[i..]))
                .or_else(|| column_gap(&body[i..])),
            _ => rest.starts_with("：".as_bytes()).then_some("：".len()),
        }
    };
    let candidate = |i: &usize| matches!(bytes[*i], b':' | b'=' | b'\t' | b'-' | b' ' | 0xEF);
    // Not inside brackets: "Median wait (screen positive, n=118): 64 minutes". A
    // bracket left open ("Pain (0-10: 4") does not hide every separator after it.
    let mut depth = 0usize;
    let outside = (0..bytes.len())
        .filter(|i| {
            match bytes[*i] {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && candidate(i)
        })
        .find_map(|i| at(i).map(|len| (i, len)));
    let (i, len) = outside.or_else(|| {
        (0..bytes.len())
            .filter(candidate)
            .find_map(|i| at(i).map(|len| (i, len)))
    })?;
    Some((&body[..i], &body[i + len..]))
}

/// " ------ " (or of en or em dashes): a leader from a name to its value; the length of
/// it with its spaces.
fn dash_leader(from_space: &str) -> Option<usize> {
    let run = &from_space[1..];
    let dashes = run.len() - run.trim_start_matches(['-', '–', '—']).len();
    (dashes >= 3 && run[dashes..].starts_with(' ')).then_some(1 + dashes + 1)
}

/// "Med rec within 24 hours      97 (87%)": three spaces or more before a figure are
/// the gap between a table's columns typed in plain text; the length of the gap.
fn column_gap(from_space: &str) -> Option<usize> {
    let gap = from_space.len() - from_space.trim_start_matches(' ').len();
    let next = from_space[gap..].chars().next()?;
    (gap >= 3 && (next.is_ascii_digit() || matches!(next, '£' | '$' | '€' | '~'))).then_some(gap)
}

/// An arrow is a name's separator with a figure after it and none before it.
fn arrow_separates(before: &str, after: &str) -> bool {
    let before = before.trim_end();
    !before.ends_with(|c: char| c.is_ascii_digit() || c == '%')
        && after
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || matches!(c, '£' | '$' | '€' | '~'))
}

/// A value: a number when the text starts with one (the rest is the unit),
/// otherwise the text itself.
fn parse_value(value: &str) -> (MeasureValue, Option<String>) {
    let v = value.trim().trim_matches(|c: char| c == '*' || c == '_').trim();
    if !TIME_OR_DATE.is_match(v)
        && let Some((n, currency, end)) = leading_number(v)
    {
        let rest = &v[end..];
        let mut unit = currency.to_string();
        if !currency.is_empty() && rest.starts_with(char::is_whitespace) {
            unit.push(' ');
        }
        unit.push_str(rest.trim().trim_end_matches(['.', ',', ';']).trim());
        let unit = unit.trim().to_string();
        return (MeasureValue::Number(n), (!unit.is_empty()).then_some(unit));
    }
    (MeasureValue::Text(v.to_string()), None)
}

/// The number in `s` (`1,200`, `1,200.5`, `2.5`, `2,5`, `-3`) when it is finite.
fn to_number(s: &str) -> Option<f64> {
    let (int_part, frac) = match s.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    };
    let grouped = int_part.contains(',') && int_part.split(',').skip(1).all(|g| g.len() == 3);
    let cleaned = if !s.contains(',') {
        s.to_string()
    } else if grouped {
        let mut c = int_part.replace(',', "");
        if let Some(f) = frac {
            c.push('.');
            c.push_str(f);
        }
        c
    } else if frac.is_none() {
        // A decimal comma: "2,5".
        s.replacen(',', ".", 1)
    } else {
        return None;
    };
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Byte position of the first number that starts a word (or follows a
/// currency sign) in `s`.
fn first_number(s: &str) -> Option<usize> {
    let mut prev: Option<char> = None;
    for (i, c) in s.char_indices() {
        // Numbers in brackets ("Pain (0-10)") qualify the name, they are not its value.
        let starts_word = prev.is_none_or(char::is_whitespace);
        if starts_word && (c.is_ascii_digit() || matches!(c, '£' | '$' | '€')) && leading_number(&s[i..]).is_some() {
            return Some(i);
        }
        prev = Some(c);
    }
    None
}
