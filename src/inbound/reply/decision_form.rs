//! The decision given as a form is filled in: the three options listed, one of them
//! ticked ("[x] Adopt [ ] Adapt [ ] Abandon", "☐ Adopt ☒ Adapt ☐ Abandon",
//! "( ) Adopt (•) Adapt", "Adopt: no / Adapt: YES / Abandon: no", "Adapt – X").

use super::Decision;

/// A mark before an option that ticks it.
const TICKED_BEFORE: [&str; 16] = [
    "[x]", "[✓]", "[✔]", "[*]", "☑", "☒", "✅", "(•)", "(x)", "(*)", "●", "■", "✔", "✓", "◉", "⦿",
];
/// A mark before an option that leaves it unticked.
const EMPTY_BEFORE: [&str; 6] = ["[ ]", "[]", "☐", "( )", "○", "□"];
/// A word or mark after an option that ticks it.
const TICKED_AFTER: [&str; 10] = ["x", "yes", "y", "✔", "✓", "✅", "☑", "☒", "[x]", "(x)"];
/// A word or mark after an option that leaves it unticked.
const EMPTY_AFTER: [&str; 11] = ["no", "n", "✘", "✗", "❌", "✕", "☐", "[ ]", "[]", "( )", "□"];

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Ticked,
    Empty,
    None,
}

/// `Some(decision)` when `text` lists at least two of the options with tick boxes (or
/// yes/no beside them): the one option ticked, or `Some(None)` when none or several
/// are. `None` when `text` is not such a form.
pub(super) fn ticked_option(text: &str) -> Option<Option<Decision>> {
    let lower = text.to_lowercase();
    let options = options_in(&lower);
    if options.len() < 2 {
        return None;
    }
    // Boxes go before the options ("[x] Adopt") or after them ("Adopt [X]", "Adopt: no"),
    // the same way for all of them: the first option tells which.
    let boxes_before = mark_before(&lower[..options[0].0]) != Mark::None;
    let mut marked = 0;
    let mut last_marked = 0;
    let mut ticked: Vec<Decision> = Vec::new();
    for (i, &(start, end, decision)) in options.iter().enumerate() {
        let mark = if boxes_before {
            mark_before(&lower[options.get(i.wrapping_sub(1)).map_or(0, |o| o.1)..start])
        } else {
            mark_after(&lower[end..options.get(i + 1).map_or(lower.len(), |o| o.0)])
        };
        match mark {
            Mark::Ticked => {
                marked += 1;
                last_marked = i;
                if !ticked.contains(&decision) {
                    ticked.push(decision);
                }
            }
            Mark::Empty => {
                marked += 1;
                last_marked = i;
            }
            Mark::None => {}
        }
    }
    if marked < 2 {
        return None;
    }
    // "Adopt ☐ / Adapt ☐ / Abandon ☐ → ADAPT": no box ticked, the option written after them.
    if ticked.is_empty()
        && let Some(&(_, _, written)) = options[last_marked + 1..].last()
    {
        return Some(Some(written));
    }
    Some((ticked.len() == 1).then(|| ticked[0]))
}

/// Each of the three words in `lower`, whole, with where it starts and ends.
fn options_in(lower: &str) -> Vec<(usize, usize, Decision)> {
    let mut found = Vec::new();
    for (word, decision) in [
        ("adopt", Decision::Adopt),
        ("adapt", Decision::Adapt),
        ("abandon", Decision::Abandon),
    ] {
        for (at, _) in lower.match_indices(word) {
            let end = at + word.len();
            let whole_before = !lower[..at].ends_with(char::is_alphanumeric);
            let whole_after = !lower[end..].starts_with(char::is_alphanumeric);
            if whole_before && whole_after {
                found.push((at, end, decision));
            }
        }
    }
    found.sort_by_key(|o| o.0);
    found
}

/// How a box just before an option marks it ("[x] Adopt", "☐ Adapt").
fn mark_before(before: &str) -> Mark {
    let before = before.trim_end();
    if TICKED_BEFORE.iter().any(|m| before.ends_with(m)) {
        Mark::Ticked
    } else if EMPTY_BEFORE.iter().any(|m| before.ends_with(m)) {
        Mark::Empty
    } else {
        Mark::None
    }
}

/// How a word or box just after an option marks it ("Adapt – X", "Adopt: no", "Adopt
/// ✔", "Adopt [X]", "Adopt (Y/N) N"); an option after a dash with nothing else on its
/// line ("Adopt –") is left empty.
fn mark_after(after: &str) -> Mark {
    let line = after.split('\n').next().unwrap_or("");
    let separated = line.trim_start().starts_with([':', '-', '–', '—', '=']);
    let line =
        line.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '=' | '/' | '|'));
    let line = line.strip_prefix("(y/n)").map_or(line, str::trim_start);
    // Boxes with a space inside ("[ ]", "( )") before the words are split.
    if EMPTY_AFTER.iter().any(|m| m.contains(' ') && line.starts_with(m)) {
        return Mark::Empty;
    }
    let word = line
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '|' | ',' | '.' | ';'))
        .next()
        .unwrap_or("");
    if TICKED_AFTER.contains(&word) {
        Mark::Ticked
    } else if EMPTY_AFTER.contains(&word) || (separated && word.is_empty()) {
        Mark::Empty
    } else {
        Mark::None
    }
}

#[cfg(test)]
mod tests {
    use super::super::Decision::{Abandon, Adapt, Adopt};
    use super::ticked_option;

    #[test]
    fn the_ticked_option_is_the_decision() {
        for (form, want) in [
            ("[x] Adopt [ ] Adapt [ ] Abandon", Adopt),
            ("☐ Adopt ☒ Adapt ☐ Abandon", Adapt),
            ("☐ Adopt   ☐ Adapt   ☒ Abandon", Abandon),
            ("( ) Adopt (•) Adapt ( ) Abandon", Adapt),
            ("Adopt: no\nAdapt: YES\nAbandon: no", Adapt),
            ("Adopt –\nAdapt – X\nAbandon –", Adapt),
            ("[ ] Adopt\n[X] Adapt – add a night check\n[ ] Abandon", Adapt),
            ("Adopt [X]  Adapt [ ]  Abandon [ ]", Adopt),
            ("Adopt ✔  Adapt ✘  Abandon ✘", Adopt),
            ("Adopt (Y/N) N, Adapt (Y/N) Y, Abandon (Y/N) N", Adapt),
            ("Adopt ☐ / Adapt ☐ / Abandon ☐ → ADAPT (see next)", Adapt),
        ] {
            assert_eq!(ticked_option(form), Some(Some(want)), "{form}");
        }
    }

    #[test]
    fn none_or_two_ticked_leaves_it_open_and_prose_is_no_form() {
        assert_eq!(ticked_option("☐ Adopt ☐ Adapt ☐ Abandon"), Some(None));
        assert_eq!(ticked_option("[x] Adopt [x] Adapt [ ] Abandon"), Some(None));
        assert_eq!(ticked_option("We will adapt it rather than abandon it."), None);
        assert_eq!(ticked_option("Adapt"), None);
        assert_eq!(ticked_option("Adopt on surgery, adapt on medicine"), None);
    }
}
