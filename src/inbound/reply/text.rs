//! Small text helpers shared by the other parts: normalising input, quote
//! markers, char-safe slicing.

/// Normalises line endings to `\n`, turns no-break spaces into spaces and
/// drops invisible characters that mail clients insert (BOM, zero-width space,
/// word joiner, soft hyphen).
pub(super) fn normalize(input: &str) -> String {
    if input.is_ascii() && !input.contains('\r') {
        return input.to_string();
    }
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Runs of plain ASCII without a carriage return are skipped 16 bytes at a time.
        while let Some(chunk) = bytes.get(i..i + 16)
            && chunk
                .iter()
                .fold(0u8, |acc, &b| acc | (b & 0x80) | u8::from(b == b'\r'))
                == 0
        {
            i += 16;
        }
        let Some(&b) = bytes.get(i) else { break };
        match b {
            b'\r' => {
                out.push_str(&input[last..i]);
                out.push('\n');
                i += 1;
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                last = i;
            }
            // Lead bytes of every other special character; never continuation bytes.
            0xC2 | 0xE2 | 0xEF => {
                let c = input[i..].chars().next().unwrap_or(' ');
                let replacement = match c {
                    '\u{a0}' | '\u{2007}' | '\u{202f}' => Some(" "),
                    '\u{feff}' | '\u{200b}' | '\u{2060}' | '\u{ad}' => Some(""),
                    // A keycap ("1️⃣ Porters carry…", numbering typed on a phone) is "1.";
                    // other emoji keep their presentation selector.
                    '\u{fe0f}' if input[i + c.len_utf8()..].starts_with('\u{20e3}') => Some(""),
                    '\u{20e3}' => Some("."),
                    _ => None,
                };
                if let Some(r) = replacement {
                    out.push_str(&input[last..i]);
                    out.push_str(r);
                    last = i + c.len_utf8();
                }
                i += c.len_utf8();
            }
            _ => i += 1,
        }
    }
    out.push_str(&input[last..]);
    out
}

/// `lines` without the initials a writer put before each answer typed into a quoted
/// reminder ("KM: PHONE CALL TO APPLICANTS …", "RT: Fewer untouched meals."): two or
/// three capitals and a colon, the same on at least three lines. One "GP: 14" is a
/// measure, and tags that differ from line to line are labels.
pub(super) fn without_repeated_initials(mut lines: Vec<&str>) -> Vec<&str> {
    fn tag(line: &str) -> Option<&str> {
        let t = line.trim_start();
        let n = t.bytes().take_while(u8::is_ascii_uppercase).count();
        ((2..=3).contains(&n) && t[n..].starts_with(": ") && !t[n + 2..].trim().is_empty()).then(|| &t[..n])
    }
    // Common abbreviations that may open several lines of their own.
    const NOT_INITIALS: [&str; 8] = ["AM", "PM", "ED", "GP", "NB", "PS", "RE", "FW"];
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for line in &lines {
        if let Some(t) = tag(line).filter(|t| !NOT_INITIALS.contains(t)) {
            match seen.iter_mut().find(|(s, _)| *s == t) {
                Some((_, n)) => *n += 1,
                None => seen.push((t, 1)),
            }
        }
    }
    let Some(&(initials, _)) = seen.iter().find(|(_, n)| *n >= 3) else {
        return lines;
    };
    for line in &mut lines {
        if tag(line) == Some(initials) {
            let t = line.trim_start();
            *line = &t[initials.len() + 2..];
        }
    }
    lines
}

/// `line` without the tag people (or Outlook) put before a comment typed into a quoted
/// message: initials (`[SO] …`, `[JB]: …`) or a bracketed name of two to four
/// capitalised words (`[Jane Watson] …`, which Outlook adds).
pub(super) fn without_comment_tag(line: &str) -> &str {
    let t = line.trim_start();
    let Some(inner) = t.strip_prefix('[') else {
        return line;
    };
    let Some(close) = inner.find(']').filter(|&c| c <= 40) else {
        return line;
    };
    let tag = &inner[..close];
    let rest = &inner[close + 1..];
    // A tag alone on its line ("[DATE]", "[FROM]") is what someone wrote, not a tag.
    if rest.trim_start_matches([':', ' ', '-']).trim().is_empty() {
        return line;
    }
    if (2..=4).contains(&tag.len()) && tag.chars().all(|c| c.is_ascii_uppercase()) {
        return rest.trim_start_matches([':', ' ', '-']);
    }
    let words: Vec<&str> = tag.split_whitespace().collect();
    let is_name = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        });
    if is_name && rest.starts_with(' ') {
        rest.trim_start()
    } else {
        line
    }
}

/// The number of leading quote markers of a line and the text after them.
///
/// Recognises `>` (any spacing, nested `> >` or `>>`), `| ` and `: ` (clients that
/// quote with a bar or a colon), and the `Name>` style some old clients use
/// (`Richard> text`, `C>`).
pub(super) fn split_quote(line: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut rest = line.trim_start();
    loop {
        if let Some(r) = rest.strip_prefix('>') {
            depth += 1;
            rest = r.trim_start_matches([' ', '\t']);
            continue;
        }
        // `| text`: a client that quotes with a bar. A table row has more bars.
        if let Some(r) = rest.strip_prefix('|')
            && !r.contains('|')
            && (r.is_empty() || r.starts_with([' ', '\t']))
        {
            depth += 1;
            rest = r.trim_start_matches([' ', '\t']);
            continue;
        }
        // `: text`: Pegasus Mail quotes with a colon (a lone `:` is a quoted blank line).
        if let Some(r) = rest.strip_prefix(':')
            && (r.is_empty() || (r.starts_with(' ') && !r.trim_start().is_empty() && !r.starts_with("  ")))
        {
            depth += 1;
            rest = r.trim_start_matches([' ', '\t']);
            continue;
        }
        // `Name> text`: a short run of ASCII letters directly followed by `>`.
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        if (1..=10).contains(&letters) && rest.as_bytes().get(letters) == Some(&b'>') {
            let after = &rest[letters + 1..];
            if after.is_empty() || after.starts_with([' ', '\t', '>']) {
                depth += 1;
                rest = after.trim_start_matches([' ', '\t']);
                continue;
            }
        }
        break;
    }
    if depth == 0 { (0, line) } else { (depth, rest) }
}

/// True when the line starts with a quote marker.
pub(super) fn is_quoted(line: &str) -> bool {
    split_quote(line).0 > 0
}

/// True when the line holds nothing but whitespace.
pub(super) fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The first `max` characters of `s` (never splits a character).
pub(super) fn prefix_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A short, single-line preview of `s` for warnings.
pub(super) fn preview(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}…", prefix_chars(&flat, max).trim_end())
    } else {
        flat
    }
}

/// Number of whitespace-separated words.
pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// True when `s` has more than `max` words; stops counting there, so long
/// lines cost no more than short ones.
pub(super) fn word_count_over(s: &str, max: usize) -> bool {
    s.split_whitespace().nth(max).is_some()
}

/// Removes `<…>` parts (links that mail clients append to text, e.g.
/// `Get Outlook for iOS<https://aka.ms/…>`) and markdown link syntax
/// (`[Outlook for Android](https://…)` becomes `Outlook for Android`).
pub(super) fn strip_links(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find(['<', '[', ']']) {
        out.push_str(&rest[..pos]);
        let marker = rest.as_bytes()[pos];
        let after = &rest[pos + 1..];
        match marker {
            b'<' => match after.find('>') {
                Some(end) => rest = &after[end + 1..],
                None => {
                    // No closing bracket anywhere after: keep the rest as it is.
                    out.push_str(&rest[pos..]);
                    rest = "";
                }
            },
            b']' if after.starts_with('(') => match after.find(')') {
                Some(end) => rest = &after[end + 1..],
                None => rest = "",
            },
            _ => rest = after,
        }
    }
    out.push_str(rest);
    // Bare links glued to text, e.g. `Get Outlook for iOShttps://aka.ms/x`.
    if let Some(pos) = out.find("http://").or_else(|| out.find("https://")) {
        out.truncate(pos);
    }
    out
}

/// Lines of `text` after [`normalize`], split at every `\n` as `str::split` does (a
/// trailing newline gives a last, empty line).
pub(super) fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(&text[start..end]);
        start = end + 1;
    }
    out.push(&text[start..]);
    out
}

/// The lines of a text as [`str::lines`] gives them (a final line ending adds no
/// empty line; `\r\n` ends a line like `\n`), found with SIMD `memchr`: every pass
/// over a reply walks its lines, and the standard library looks for each line end
/// on its own, which cost several percent of `parse-reply`.
pub(super) trait LinesExt {
    fn text_lines(&self) -> Lines<'_>;
}

impl LinesExt for str {
    fn text_lines(&self) -> Lines<'_> {
        Lines {
            text: self,
            ends: memchr::memchr_iter(b'\n', self.as_bytes()),
            start: 0,
        }
    }
}

/// See [`LinesExt`].
pub(super) struct Lines<'a> {
    text: &'a str,
    ends: memchr::Memchr<'a>,
    start: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self.ends.next() {
            Some(end) => {
                let line = &self.text[self.start..end];
                self.start = end + 1;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None if self.start < self.text.len() => {
                let line = &self.text[self.start..];
                self.start = self.text.len();
                Some(line)
            }
            None => None,
        }
    }
}

/// Joins lines, removes leading blank lines and trailing whitespace.
pub(super) fn join_trimmed(lines: &[&str]) -> String {
    let start = lines.iter().position(|l| !is_blank(l)).unwrap_or(lines.len());
    let end = lines.iter().rposition(|l| !is_blank(l)).map_or(start, |e| e + 1);
    let mut out = String::new();
    for (i, line) in lines[start..end.max(start)].iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end());
    }
    out
}

/// The leading run of letters of `t`.
pub(super) fn first_word(t: &str) -> &str {
    let end = t
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic() && !is_indic_mark(c))
        .map_or(t.len(), |(i, _)| i);
    &t[..end]
}

/// The signs of the Indic scripts (Devanagari to Malayalam) that are not letters, such as
/// the virama in "നന്ദി": part of a word all the same. Their punctuation (।, ॥) is not.
fn is_indic_mark(c: char) -> bool {
    matches!(c, '\u{0900}'..='\u{0D7F}') && !matches!(c, '\u{0964}' | '\u{0965}')
}

/// `word` in lower case, written into `buf` (no allocation); None when it is not ASCII
/// or longer than `buf`.
pub(super) fn ascii_lower<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if !word.is_ascii() || word.len() > buf.len() {
        return None;
    }
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok()
}

/// [`word_in`] for a long list, sorted (in lower case, by bytes): a binary search.
pub(super) fn word_in_sorted(word: &str, sorted: &[&str]) -> bool {
    if word.is_empty() || word.len() > 24 {
        return false;
    }
    let mut buf = [0u8; 24];
    match ascii_lower(word, &mut buf) {
        Some(lower) => sorted.binary_search(&lower).is_ok(),
        None => sorted.binary_search(&word.to_lowercase().as_str()).is_ok(),
    }
}

/// True when `word` equals one of `options` (given in lower case), ignoring case.
pub(super) fn word_in(word: &str, options: &[&str]) -> bool {
    if word.is_empty() || word.len() > 24 {
        return false;
    }
    let mut buf = [0u8; 24];
    if let Some(lower) = ascii_lower(word, &mut buf) {
        let lower = lower.as_bytes();
        // Length and first letter first: most options differ there.
        options
            .iter()
            .any(|o| o.len() == lower.len() && o.as_bytes()[0] == lower[0] && o.as_bytes() == lower)
    } else {
        let lower = word.to_lowercase();
        options.contains(&lower.as_str())
    }
}

/// The text after a postscript mark ("P.S.", "P. S.", "PS –", "P.S:"), when `line`
/// starts with one. The one test of a postscript: asides, pleasantries and signatures
/// all ask it.
pub(super) fn after_postscript(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let rest = ["p. s.", "p.s.", "p. s", "p.s", "ps"].iter().find_map(|p| {
        t.get(..p.len())
            .filter(|h| h.eq_ignore_ascii_case(p))
            .map(|_| &t[p.len()..])
    })?;
    if rest.starts_with(char::is_alphanumeric) {
        return None; // "PSA results", "P.Sm…"
    }
    Some(rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | '—' | ',')))
}

/// Where the first sentence of `t` ends (the byte after its full stop, question or
/// exclamation mark), when another sentence follows it on the same line: the mark is
/// followed by a space and a capital letter or a figure, and does not close an
/// abbreviation ("e.g.", "approx.", "Dr.") or an initial.
pub(super) fn first_sentence_end(t: &str) -> Option<usize> {
    let bytes = t.as_bytes();
    (1..bytes.len().saturating_sub(2)).find_map(|i| {
        if !matches!(bytes[i], b'.' | b'!' | b'?') || bytes[i + 1] != b' ' {
            return None;
        }
        let next = t[i + 2..].trim_start().chars().next()?;
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '(')) {
            return None;
        }
        if bytes[i] == b'.' {
            let word = t[..i]
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("");
            let abbreviation = word.chars().count() <= 1
                || word.contains('.')
                || [
                    "approx", "vs", "dr", "mr", "mrs", "ms", "st", "no", "etc", "incl", "fig", "ref",
                ]
                .iter()
                .any(|a| word.eq_ignore_ascii_case(a));
            if abbreviation {
                return None;
            }
        }
        Some(i + 1)
    })
}

/// True when one of `phrases` (lower case, words separated by one space) is among the
/// words of `line`, whatever the case and punctuation between them.
pub(super) fn has_phrase(line: &str, phrases: &[&str]) -> bool {
    let lower = line.to_lowercase().replace(['’', '‘'], "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    phrases.iter().any(|p| {
        let parts: Vec<&str> = p.split(' ').collect();
        words.windows(parts.len()).any(|w| w == parts.as_slice())
    })
}
