//! Where the last answer of a reply ends: the closing, name and title lines, notes
//! that something is attached, and asides that turn to another subject. Whatever
//! people write after their answers lands in the last one; this takes it off.

use std::sync::LazyLock;

use regex::Regex;

use super::signature;
use super::text::{self, is_blank};

/// A short note that something is attached: "Run chart attached.", "See attached",
/// "Please find attached the audit sheet". The attachment stays with the message.
pub(super) fn is_attachment_note(line: &str) -> bool {
    let t = line.trim().trim_matches(|c: char| !c.is_alphanumeric());
    if t.is_empty() || text::word_count_over(t, 8) {
        return false;
    }
    let t = t.to_lowercase();
    t.ends_with(" attached")
        || t == "attached"
        || [
            "see attached",
            "please see attached",
            "please find attached",
            "attached is",
            "attached are",
            "i've attached",
            "i have attached",
            "we've attached",
            "have attached",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Takes a closing ("Thanks,\nJane\nPhysio lead") or a lone name paragraph
/// off the end of the last answer.
pub(super) fn trim_signature(lines: &mut Vec<&str>) {
    if let Some(s) = signature::trailing_sign_off(lines) {
        lines.truncate(s);
    }
    drop_trailing_notes(lines);
    // Closing remarks in their own last paragraphs (a few at most).
    for _ in 0..3 {
        let Some(gap) = lines.iter().rposition(|l| is_blank(l)) else {
            break;
        };
        let tail = &lines[gap + 1..];
        let closing = !tail.is_empty()
            && tail.len() <= 3
            && CLOSING.is_match(tail[0].trim())
            && text::word_count(&tail.join(" ")) <= 30;
        if !closing || !lines[..gap].iter().any(|l| !is_blank(l)) {
            break;
        }
        lines.truncate(gap);
        while lines.last().is_some_and(|l| is_blank(l)) {
            lines.pop();
        }
    }
    // A name with title lines straight under the answer: "Jane Smith\nTeam Lead", or
    // a first name alone in its own paragraph: "\nSarah\nPractice Nurse".
    let from = lines.len().saturating_sub(6);
    let name = (from.max(1)..lines.len().saturating_sub(1)).find(|&i| {
        let details = &lines[i + 1..];
        // One word could be a list item ("Cardiology"); as a name it needs its own
        // paragraph and a title or contact line under it.
        let first_name_only = lines[i].split_whitespace().count() < 2;
        signature::is_signature_name(lines[i])
            && details
                .iter()
                .all(|l| !is_blank(l) && signature::is_signature_detail(l))
            && (!first_name_only || (is_blank(lines[i - 1]) && details.iter().any(|l| signature::looks_like_title(l))))
    });
    if let Some(name) = name {
        lines.truncate(name);
        while lines.last().is_some_and(|l| is_blank(l)) {
            lines.pop();
        }
    }
    // "…see if different residents come\nRosa x": a name and a kiss straight under it.
    if lines.len() > 1 && lines.last().is_some_and(|l| signature::is_kissed_name(l)) {
        lines.pop();
    }
    // A last paragraph that is only a name ("Kelly x", "Sam (she/her)"), after other text.
    if let Some(gap) = lines.iter().rposition(|l| is_blank(l)) {
        let tail: Vec<&&str> = lines[gap + 1..].iter().collect();
        let has_text_before = lines[..gap].iter().any(|l| !is_blank(l));
        if has_text_before && tail.len() == 1 && signature::is_signature_name(tail[0]) {
            lines.truncate(gap);
        }
    }
    drop_trailing_notes(lines);
}

/// Takes trailing blank lines, and a "Run chart attached." under an answer (not an
/// answer that is only that), off the end.
fn drop_trailing_notes(lines: &mut Vec<&str>) {
    loop {
        while lines.last().is_some_and(|l| is_blank(l)) {
            lines.pop();
        }
        let more_above = lines.len() > 1 && lines[..lines.len() - 1].iter().any(|l| !is_blank(l));
        if !(more_above && lines.last().is_some_and(|l| is_attachment_note(l))) {
            break;
        }
        lines.pop();
    }
}

/// Lines at the end of the last answer that turn to another subject ("Separately –
/// …", "PS …", "I'll send the rest next week", "Sorry sent too soon!! Will finish it off
/// after my shift"): not part of the answer, and worth a person's look.
pub(super) fn aside<'a>(lines: &mut Vec<&'a str>) -> Vec<&'a str> {
    let turns_aside = |l: &str| text::after_postscript(l).is_some() || ASIDE.is_match(l.trim());
    let Some(at) = (1..lines.len()).find(|&i| turns_aside(lines[i])) else {
        return Vec::new();
    };
    if !lines[..at].iter().any(|l| !is_blank(l)) {
        return Vec::new();
    }
    let mut tail = lines.split_off(at);
    while lines.last().is_some_and(|l| is_blank(l)) {
        lines.pop();
    }
    // The signature under the aside is no part of it.
    trim_signature(&mut tail);
    tail.into_iter().filter(|l| !is_blank(l)).collect()
}

/// A second set of numbered answers under the last answer ("And for April, which I forgot
/// to send:" then "1. …" to "7. …", six of them at least, where a list of next steps is
/// shorter): another cycle's, for a person to place. Takes it off the lines, with the
/// line that leads it in.
pub(super) fn second_set<'a>(lines: &mut Vec<&'a str>) -> Vec<&'a str> {
    let numbered = |l: &str, n: u8| {
        let t = l.trim_start().as_bytes();
        t.first() == Some(&(b'0' + n)) && matches!(t.get(1), Some(b'.' | b')'))
    };
    // Each "1." is followed at most 60 lines on, so a long answer costs a pass.
    let Some(at) = (1..lines.len()).find(|&i| {
        numbered(lines[i], 1) && {
            let mut next = 1;
            for l in lines[i..].iter().take(60) {
                if numbered(l, next) {
                    next += 1;
                }
            }
            next > 6
        }
    }) else {
        return Vec::new();
    };
    let lead_in = at >= 2 && lines[at - 1].trim_end().ends_with(':');
    let mut tail = lines.split_off(if lead_in { at - 1 } else { at });
    while lines.last().is_some_and(|l| is_blank(l)) {
        lines.pop();
    }
    trim_signature(&mut tail);
    tail.into_iter().filter(|l| !is_blank(l)).collect()
}

static ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:separately|also(?:\s*[,:;–—-]|\s+(?:could|can|would|will|please|is|are|do|does|did|just|a\s+(?:quick\s+)?question|(?:i|we)\s+(?:wanted|meant|need)\s+to\s+(?:ask|say|mention|check))(?-u:\b))|(?:any\s+)?(?:other|additional|further)\s+(?:comments?|notes?|points?|thoughts?|questions?|business|info(?:rmation)?)\s*[:\-–]|(?:i|we)(?:'ll|\s+will)\s+(?:send|forward|update\s+you|get\s+back)|(?:(?:i|we)(?:'ll|\s+will)\s+|will\s+)(?:finish|complete)\s+(?:(?:it|this)\s+off|the\s+rest|(?:it|this)\s+(?:later|tonight|tomorrow|after))(?-u:\b)|(?:(?:oops|sorry)[\s,!.–-]*)?(?:i\s+|just\s+)?(?:sent|hit\s+send|pressed\s+send)\s+(?:this\s+|it\s+)?(?:too\s+(?:soon|early)|by\s+(?:mistake|accident)|before\s+(?:i\s+)?(?:had\s+|'d\s+)?finish)|(?:the\s+)?rest\s+(?:to\s+follow|will\s+follow|next\s+week)|more\s+to\s+follow|on\s+(?:another|a\s+different|a\s+separate)\s+(?:note|matter|subject)|by\s+the\s+way|btw(?-u:\b)|one\s+(?:more|other)\s+thing|unrelated|(?:a|one)\s+(?:separate|quick|other)\s+(?:question|request|thing)|(?:could|can|would)\s+you\s+(?:also|please\s+also)|while\s+i\s+(?:have|'ve\s+got)\s+you|another\s+(?:thing|question)|one\s+thing\s+for\s+(?:the\s+lab|you)(?-u:\b)|[^.:]{0,40}(?-u:\b)separate(?:ly)?\s+from\s+(?:the\s+)?(?:cycle|answers|above|this))")
        .expect("built-in pattern compiles")
});

/// Closing remarks after the last answer: "Let me know if you need more",
/// "Happy to discuss", "Hope this helps", "Kindly revert back if any clarification is
/// required", "Kindly do the needful"; under a correction, "Everything else is right".
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:kindly|please|do)\s+)?(?:let\s+(?:me|us)\s+know|any\s+questions|revert(?:\s+back)?\s+(?:if|for|in\s+case)|acknowledge\s+(?:the\s+)?receipt|do\s+the\s+needful|happy\s+to\s+(?:discuss|chat|talk|help|explain)|hope\s+(?:this|that)\s+(?:helps|is\s+ok|makes\s+sense)|(?:give\s+me\s+a|feel\s+free\s+to)\s+(?:call|shout|ring)|speak\s+(?:soon|to\s+you)|thanks\s+(?:again|for)|thank\s+you\s+(?:again|for)|sorry\s+(?:again|for|this)|(?:and\s+)?(?:everything|all|anything)\s+else\s+(?:is|was|stays|remains|looks)\s+(?:right|correct|fine|ok|okay|good|the\s+same|unchanged|as\s+(?:it\s+was|before|sent))|the\s+rest\s+(?:is|are|was|were|stays?|remains?|looks?)\s+(?:right|correct|fine|ok|okay|good|the\s+same|unchanged|as\s+(?:it\s+was|before|sent)))")
        .expect("built-in pattern compiles")
});
