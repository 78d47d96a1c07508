//! Labels with a slip of the keyboard: "Chnage:", "what happend:", "Desicion:".

use super::labels::{Field, Marker, Strength};

/// The usual label words, for reading them when misspelt ("Chnage:", "What happend:").
const SPELLED: [(&str, usize); 18] = [
    ("change", 0),
    ("prediction", 1),
    ("predicted", 1),
    ("what happened", 2),
    ("happened", 2),
    ("results", 2),
    ("outcome", 2),
    ("measures", 3),
    ("measurements", 3),
    ("learning", 4),
    ("learned", 4),
    ("learnt", 4),
    ("lessons learned", 4),
    ("lessons learnt", 4),
    ("decision", 5),
    ("next steps", 6),
    ("next cycle", 6),
    ("next step", 6),
];

/// A label with one slip of the keyboard (two in one of eight letters or more) before a colon
/// or a spaced dash: "Chnage:", "what happend:", "Desicion:", "Measurments:", "leanrt - …".
/// Only those count as the separator here, and only labels of five letters or more, so
/// ordinary words are not read as labels.
pub(super) fn misspelt_label(t: &str) -> Option<Marker<'_>> {
    let start = t.get(..24.min(t.len()))?;
    let (at, width) = match start.find(':') {
        Some(colon) => (colon, 1),
        // A spaced dash: " - ", " – ", " — " (looked for by its character, cheaply).
        None => {
            let dash = start.find(['-', '–', '—'])?;
            let width = start[dash..].chars().next().map_or(1, char::len_utf8);
            if dash == 0 || !start[..dash].ends_with(' ') || !start[dash + width..].starts_with(' ') {
                return None;
            }
            (dash - 1, width + 2)
        }
    };
    let head = t[..at].trim_end_matches(['*', '_', ' ']);
    if head.len() < 5 || !head.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ') {
        return None;
    }
    let rest = t[at + width..].trim_start_matches(['*', '_']).trim();
    // "Charge: £20" is a measure, not a misspelt "Change:"; "What hapened: 19 asked
    // for Welsh, …" is an answer that opens with a number.
    if rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '£' | '$' | '€'))
        && (!head.contains(' ') || super::text::word_count(rest) <= 4)
    {
        return None;
    }
    let head = head.to_ascii_lowercase();
    // Real words one slip from a label, at the start of a wrapped line ("changed - several
    // said…"), are not read as labels after a dash.
    if width > 1
        && [
            "changed", "changes", "charge", "chance", "leaning", "earning", "happen", "happens",
        ]
        .contains(&head.as_str())
    {
        return None;
    }
    let field = SPELLED.iter().find_map(|&(word, i)| {
        let allowed = if word.len() >= 8 { 2 } else { 1 };
        (edit_distance(head.as_bytes(), word.as_bytes()) <= allowed).then_some(i)
    })?;
    Some(Marker {
        field: Field::ALL[field],
        strength: Strength::Label,
        rest,
        open_hint: false,
        unfinished: false,
        combined: false,
        also: None,
        number: None,
    })
}

/// True when `a` and `b` differ by at most one edit (insert, delete, substitute, or
/// swap two neighbours); no allocation.
pub(super) fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let Some(i) = short.iter().zip(long).position(|(x, y)| x != y) else {
        return true;
    };
    if short.len() == long.len() {
        // One substitution, or two neighbours swapped.
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        // One letter more in the longer word.
        short[i..] == long[i + 1..]
    }
}

/// Edits (insert, delete, substitute, swap two neighbours) between two short words.
pub(super) fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[..w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}
