//! Answers written into a neighbouring answer, as PDSA-style replies do ("PLAN: … We
//! predicted …", "STUDY: … Falls this month: 2", "ACT: Adopt. Next we want to …"),
//! moved where they belong.

use std::sync::LazyLock;

use regex::Regex;

use super::fields::Sections;
use super::labels::Field;
use super::measure_rows;
use super::text::{self, LinesExt, first_sentence_end};

static PREDICTION_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:we|i)\s+(?:predicted|expected|thought|hoped|anticipated)(?-u:\b)|^our\s+(?:prediction|hypothesis|expectation)(?-u:\b)|^(?:prediction|hypothesis)\s+(?:was|is)(?-u:\b)")
        .expect("built-in pattern compiles")
});

static NEXT_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.!;]\s+)(next\s+(?:we|i|cycle|month|time|step|steps|up)(?-u:\b).*)$")
        .expect("built-in pattern compiles")
});

/// Answers written into a neighbouring answer, moved where they belong when that
/// field is otherwise empty (as PDSA-style replies do: "PLAN: … We predicted …",
/// "STUDY: … Falls this month: 2", "ACT: Adopt. Next we want to …").
pub(super) fn overflow(sections: &mut Sections) {
    share_combined(sections);
    let v = &mut sections.values;
    let idx = |f: Field| f.index();
    // A prediction inside the change.
    if v[idx(Field::Prediction)].is_none()
        && let Some(change) = v[idx(Field::Change)].clone()
    {
        let lines: Vec<&str> = change.text_lines().collect();
        if let Some(at) = (1..lines.len()).find(|&i| PREDICTION_LEAD.is_match(lines[i].trim())) {
            v[idx(Field::Change)] = Some(lines[..at].join("\n").trim().to_string());
            v[idx(Field::Prediction)] = Some(lines[at..].join("\n").trim().to_string());
        }
    }
    // Measures listed at the end (or the start) of what happened or what was learned.
    if v[idx(Field::Measures)].is_none() {
        for f in [Field::Learning, Field::WhatHappened] {
            let Some(text) = v[idx(f)].clone() else { continue };
            let lines: Vec<&str> = text.text_lines().collect();
            // Figures only ("STUDY:" over them): all of them are the measures.
            if lines.len() >= 2 && lines.iter().all(|l| measure_rows::is_measure_line(l.trim())) {
                v[idx(f)] = None;
                v[idx(Field::Measures)] = Some(text);
                break;
            }
            let mut at = lines.len();
            while at > 1 && measure_rows::is_measure_line(lines[at - 1].trim()) {
                at -= 1;
            }
            if at < lines.len() && at > 0 {
                v[idx(f)] = Some(lines[..at].join("\n").trim().to_string());
                v[idx(Field::Measures)] = Some(lines[at..].join("\n"));
                break;
            }
            // … or at its start, two or more, before the text ("STUDY" over the
            // figures, then "Learning: …").
            let mut lead = lines
                .iter()
                .take_while(|l| measure_rows::is_measure_line(l.trim()))
                .count();
            // A measure in words in the same list ("- Staff cost per child: roughly
            // double"), after two or more figures.
            if lead >= 2 {
                lead += lines[lead..]
                    .iter()
                    .take_while(|l| same_list_item(lines[0], l) && named_value(l))
                    .count();
            }
            let rest = lines[lead..].join("\n");
            if lead >= 2 && !rest.trim().is_empty() {
                v[idx(f)] = Some(rest.trim().to_string());
                v[idx(Field::Measures)] = Some(lines[..lead].join("\n"));
                break;
            }
        }
    }
    // The next step written after the decision.
    if v[idx(Field::NextSteps)].is_none()
        && let Some(decision) = v[idx(Field::Decision)].clone()
        && let Some(caps) = NEXT_LEAD.captures(&decision)
        && let Some(next) = caps.get(1)
        && next.start() > 0
    {
        v[idx(Field::Decision)] = Some(decision[..next.start()].trim().to_string());
        v[idx(Field::NextSteps)] = Some(next.as_str().trim().to_string());
    }
}

/// True when `line` is an item of the list `first` opens, with the same bullet.
fn same_list_item(first: &str, line: &str) -> bool {
    let bullet = |l: &str| {
        let t = l.trim_start();
        t.chars()
            .next()
            .filter(|c| matches!(c, '-' | '*' | '•' | '–' | '·'))
            .filter(|c| t[c.len_utf8()..].starts_with(' '))
    };
    bullet(first).is_some() && bullet(first) == bullet(line)
}

/// "- Staff cost per child: roughly double the weekday clinic": a short name, a
/// colon and a value.
fn named_value(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches(|c: char| !c.is_alphanumeric());
    t.split_once(':').is_some_and(|(name, value)| {
        !name.is_empty()
            && !text::word_count_over(name, 8)
            && !value.trim().is_empty()
            && !text::word_count_over(value, 12)
    })
}

/// One answer under a label naming two fields ("Learning and decision:", "Prediction /
/// what happened:", "Decision & next steps:"), shared out when the second field has no
/// answer of its own: the decision is the line or sentence that gives one; otherwise the
/// first paragraph, line or sentence is the first field's and the rest the second's.
/// Figures under "Results and numbers" are left to the measures' own rule below.
fn share_combined(sections: &mut Sections) {
    for (first, second) in std::mem::take(&mut sections.shared) {
        let v = &mut sections.values;
        if v[second.index()].is_some() {
            continue;
        }
        let Some(answer) = v[first.index()].take() else {
            continue;
        };
        let split = if first == Field::Measures || second == Field::Measures {
            // "Measures and results:": the text is what happened, its figures the measures.
            if first == Field::Measures && matches!(second, Field::WhatHappened | Field::Learning) {
                Some((String::new(), answer.clone()))
            } else {
                None
            }
        } else if second == Field::Decision {
            decision_part(&answer)
        } else if first == Field::Decision {
            leading_part(&answer).filter(|(decision, _)| super::parse_decision(decision).is_some())
        } else {
            leading_part(&answer)
        };
        match split {
            Some((mine, theirs)) => {
                v[first.index()] = Some(mine.trim().to_string()).filter(|m| !m.is_empty());
                v[second.index()] = Some(theirs.trim().to_string());
            }
            None => v[first.index()] = Some(answer),
        }
    }
}

/// The first paragraph, line or sentence of `answer`, and the rest; None for one sentence.
fn leading_part(answer: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = answer.text_lines().collect();
    let content = lines.iter().filter(|l| !l.trim().is_empty()).count();
    if content >= 2 {
        let at = lines.iter().position(|l| l.trim().is_empty()).unwrap_or(1).max(1);
        return Some((lines[..at].join("\n"), lines[at..].join("\n")));
    }
    let end = first_sentence_end(answer)?;
    Some((answer[..end].to_string(), answer[end..].to_string()))
}

/// The last line or sentence of `answer` that gives a decision, and the rest of it.
fn decision_part(answer: &str) -> Option<(String, String)> {
    let lines: Vec<&str> = answer.text_lines().collect();
    let last = lines.iter().rposition(|l| !l.trim().is_empty())?;
    if lines.len() > 1 && super::parse_decision(lines[last]).is_some() {
        return Some((lines[..last].join("\n"), lines[last].to_string()));
    }
    // Sentences of the last line, the decision last: "Close to our prediction. We'll adopt it."
    let line = lines[last];
    let mut start = 0;
    let mut found = None;
    while start < line.len() {
        let end = first_sentence_end(&line[start..]).map_or(line.len(), |e| start + e);
        if super::parse_decision(&line[start..end]).is_some() {
            found = Some((start, end));
        }
        start = end;
    }
    let (from, to) = found?;
    let mut mine: Vec<String> = lines[..last].iter().map(|l| l.to_string()).collect();
    mine.push(
        format!("{} {}", line[..from].trim(), line[to..].trim())
            .trim()
            .to_string(),
    );
    Some((mine.join("\n"), line[from..to].to_string()))
}
