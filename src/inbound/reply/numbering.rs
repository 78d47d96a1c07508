//! The number or tag before an answer: "1.", "(1)", "Q1:", "Question 1.", "A1 …",
//! Welsh "C1 –" and "Cwestiwn 1:",
//! "a)" to "g)", "2/3." for one answer to two questions, and a bare "Q:".

/// The text after a bare "Q:" / "Q." / "Question:" tag (no number).
pub(super) fn question_tag(s: &str) -> Option<&str> {
    let rest = if s.get(..8).is_some_and(|w| w.eq_ignore_ascii_case("question")) {
        &s[8..]
    } else if s.starts_with(['q', 'Q']) {
        &s[1..]
    } else {
        return None;
    };
    let rest = rest.trim_start_matches(' ');
    rest.strip_prefix([':', '.', '-', '–'])
        .map(str::trim_start)
        .filter(|r| !r.starts_with(|c: char| c.is_ascii_digit()))
}

/// "one" to "seven" at the start of `t` as a whole word: the number and the word's length.
fn spoken_number(t: &str) -> Option<(u32, usize)> {
    const WORDS: [&str; 7] = ["one", "two", "three", "four", "five", "six", "seven"];
    WORDS.iter().zip(1..).find_map(|(w, n)| {
        let head = t.get(..w.len())?;
        (head.eq_ignore_ascii_case(w) && !t[w.len()..].starts_with(|c: char| c.is_alphanumeric()))
            .then_some((n, w.len()))
    })
}

/// A question number at the start: `1.`, `1)`, `(1)`, `1:`, `1 -`, `1/`, `Q1`,
/// `Q1:`, `Question 1.`, `2/3.` (one answer to two questions), and the letters
/// `a)` to `g)` for 1 to 7. Returns the
/// number, the text after it, and whether it named two questions.
pub(super) fn number_prefix(s: &str) -> Option<(u32, &str, bool)> {
    let (after_q, q_form) = match (s.get(..8), s.get(..6)) {
        // Welsh: "Cwestiwn 1:".
        (Some(word), _) if word.eq_ignore_ascii_case("question") || word.eq_ignore_ascii_case("cwestiwn") => {
            (&s[8..], true)
        }
        (_, Some(word)) if word.eq_ignore_ascii_case("answer") => (&s[6..], true),
        _ if s.starts_with(['q', 'Q', '#']) => (&s[1..], true),
        // "A1: …" or "A1 Same-day triage…" beside "Q1"; "A4 posters" is paper.
        _ if s.starts_with(['a', 'A'])
            && s[1..].starts_with(|c: char| ('1'..='7').contains(&c))
            && (s[2..].starts_with([':', ')', '.'])
                || s[2..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()))) =>
        {
            (&s[1..], true)
        }
        // Welsh "C1 – …" (cwestiwn, question) for "Q1 – …".
        _ if s.starts_with(['c', 'C'])
            && s[1..].starts_with(|c: char| ('1'..='7').contains(&c))
            && (s[2..].starts_with([':', ')', '.']) || [" –", " -", " —"].iter().any(|d| s[2..].starts_with(d))) =>
        {
            (&s[1..], true)
        }
        _ => (s, false),
    };
    let mut t = if q_form {
        after_q.trim_start_matches([' ', '.'])
    } else {
        after_q
    };
    // "(1)", "[1]".
    let paren = !q_form && t.starts_with(['(', '[']);
    if paren {
        t = &t[1..];
    }
    // "Question one:", as dictated: the number in words.
    let spoken = if q_form { spoken_number(t) } else { None };
    if let Some((_, len)) = spoken {
        // Left on the word's last letter, which the step below takes off like a digit.
        t = &t[len - 1..];
    }
    let digit = match t.chars().next()? {
        _ if spoken.is_some() => spoken?.0,
        c @ '1'..='7' => c.to_digit(10)?,
        // Lettered answers, "a)" to "g)" (also "(a)" and "a."), count as 1 to 7.
        c @ ('a'..='g' | 'A'..='G')
            if !q_form
                && match t[1..].chars().next() {
                    Some(')') => true,
                    Some('.') => c.is_ascii_lowercase() && t[2..].starts_with([' ', '\t']),
                    _ => false,
                } =>
        {
            u32::from(c.to_ascii_lowercase() as u8 - b'a') + 1
        }
        _ => return None,
    };
    t = &t[1..];
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // "2/3." or "2&3:": a second question number, then the usual punctuation.
    let mut combined = false;
    if let Some(after) = t.strip_prefix(['/', '&'])
        && let Some(second) = after.chars().next().and_then(|c| c.to_digit(10))
        && second == digit + 1
        && after[1..].starts_with(['.', ')', ':', ' ', '-'])
    {
        combined = true;
        t = &after[1..];
    }
    // "1\tChange\tNurse-led foot checks": a table's number cell, pasted with tabs.
    if !q_form && !paren && t.starts_with('\t') {
        let rest = t.trim_start();
        return (!rest.starts_with(|c: char| c.is_ascii_digit())).then_some((digit, rest, combined));
    }
    let mut spaced = t.trim_start();
    // "1 (change) - …": a note in brackets after the number.
    if let Some(inner) = spaced.strip_prefix('(')
        && let Some(close) = inner.find(')')
        && close <= 30
    {
        spaced = inner[close + 1..].trim_start();
    }
    let punct = spaced.chars().next();
    let rest = match punct {
        Some(']') if paren => spaced[1..].trim_start_matches([':', '.', '-', ' ']),
        Some('.' | ')' | ':' | '-' | '–' | '—' | '/') => {
            let p = punct.map_or(0, char::len_utf8);
            let mut r = &spaced[p..];
            if let Some(rr) = r.strip_prefix(')') {
                r = rr;
            }
            if r.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            r
        }
        // "Q1 text": the Q form needs no punctuation.
        _ if q_form && (spaced.len() < t.len() || t.is_empty()) => spaced,
        _ => return None,
    };
    Some((digit, rest.trim_start(), combined))
}

/// A roman numeral from i to vii (or I to VII) before an answer: "iv) …", "VI. …",
/// "(ii) …". Returns the number and the text after it. Only a list of them in order
/// marks answers ([`roman_listed`]): "I. Jones" alone is a name.
pub(super) fn roman_prefix(s: &str) -> Option<(u32, &str)> {
    const NUMERALS: [&str; 7] = ["vii", "iii", "vi", "iv", "ii", "v", "i"];
    const VALUES: [u32; 7] = [7, 3, 6, 4, 2, 5, 1];
    let t = s.strip_prefix('(').unwrap_or(s);
    let bracketed = t.len() < s.len();
    let (n, after) = NUMERALS.iter().zip(VALUES).find_map(|(numeral, n)| {
        let head = t.get(..numeral.len())?;
        let same_case = head.bytes().all(|b| b.is_ascii_lowercase()) || head.bytes().all(|b| b.is_ascii_uppercase());
        (same_case && head.eq_ignore_ascii_case(numeral)).then(|| (n, &t[numeral.len()..]))
    })?;
    let rest = match after.chars().next()? {
        ')' => &after[1..],
        '.' if !bracketed => &after[1..],
        _ => return None,
    };
    rest.starts_with([' ', '\t']).then(|| (n, rest.trim_start()))
}

/// Answers numbered in roman numerals: the first three numbered lines of the reply
/// (outside quotes) open with "i)", "ii)", "iii)" (or "I.", "II.", "III.") in turn.
pub(super) fn roman_listed(lines: &[&str]) -> bool {
    let mut seen = 0;
    for line in lines {
        let (depth, inner) = super::text::split_quote(line);
        let t = inner.trim_start();
        if depth > 0 || !t.starts_with(['i', 'I', 'v', 'V', '(']) {
            continue;
        }
        if let Some((n, _)) = roman_prefix(t) {
            if n != seen + 1 {
                return false;
            }
            seen = n;
            if seen == 3 {
                return true;
            }
        }
    }
    false
}
