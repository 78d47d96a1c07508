//! Words people write to us that are commands: subscribe, unsubscribe, approve.

/// What a message asks in so many words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Subscribe,
    Unsubscribe,
}

/// "subscribe" or "unsubscribe" as the subject (after any Re:/Fwd:) or as the first
/// line of the message, alone or in a short phrase like "please unsubscribe me".
pub fn command_in(subject: &str, first_line: &str) -> Option<Command> {
    let subject = strip_reply_prefixes(subject);
    // "Dad-danysgrifio / Unsubscribe": a subject with the same word in two languages.
    std::iter::once(subject)
        .chain(subject.split(" / ").filter(|_| subject.contains(" / ")))
        .chain(std::iter::once(first_line))
        .find_map(command_of)
}

/// A request to join or leave in any of the first few sentences of a short message
/// that answers no cycle questions: "I've just started at Penmore and Gareth said your
/// newsletter is worth getting. Please could you add me to the mailing list?"
pub fn command_in_sentences(text: &str) -> Option<Command> {
    first_sentences(text).find_map(|sentence| {
        let words = words_of(sentence);
        if asks_to_leave(&words, 16) {
            Some(Command::Unsubscribe)
        } else if asks_to_join(&words, 16) {
            Some(Command::Subscribe)
        } else {
            None
        }
    })
}

fn command_of(text: &str) -> Option<Command> {
    let words = words_of(text);
    if words.is_empty() {
        return None;
    }
    // "Could you please take me off the newsletter mailing list? I've moved to …": the
    // request is the first sentence; what follows is the reason.
    let sentence = text.split_inclusive(['?', '.', '!']).next().unwrap_or(text);
    let first = (sentence.len() < text.len()).then(|| words_of(sentence));
    if first.as_deref().is_some_and(|w| asks_to_leave(w, 16)) || asks_to_leave(&words, 10) {
        return Some(Command::Unsubscribe);
    }
    if first.as_deref().is_some_and(|w| asks_to_join(w, 16)) || asks_to_join(&words, 12) {
        return Some(Command::Subscribe);
    }
    if words.len() > 4 {
        return None;
    }
    let filler = [
        "please",
        "me",
        "pls",
        "now",
        "thanks",
        "thank",
        "you",
        "from",
        "list",
        "this",
        "the",
        "newsletter",
    ];
    let mut command = None;
    for w in &words {
        match w.as_str() {
            "unsubscribe" | "leave" | "stop" if command.is_none() => command = Some(Command::Unsubscribe),
            "subscribe" | "join" if command.is_none() => command = Some(Command::Subscribe),
            w if filler.contains(&w) => {}
            _ => return None,
        }
    }
    command
}

/// The words of `text`, lower-cased.
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// "Please take me off this list", "Remove me from your mailing list", "Stop emailing
/// me": the everyday ways of asking to leave, in at most `most_words` words, not negated.
fn asks_to_leave(words: &[String], most_words: usize) -> bool {
    words.len() <= most_words && !about_cycles(words) && asks_unnegated(words, &LEAVE)
}

const LEAVE: [&str; 8] = [
    " take me off ",
    " unsubscribe me ",
    " remove me from ",
    " remove me off ",
    " stop emailing me ",
    " stop sending me ",
    " opt me out ",
    " opt out ",
];

/// A request to stop getting a team's reminders, sent to a cycle address: "Hi can you
/// take me off these emails please I've moved to the community team from March", "Please
/// unsubscribe me, I've left the ward". One of the first sentences asks to leave, in at
/// most 40 words, about the team or not; the cycle workflow holds it for a person.
pub fn asks_to_leave_cycles(text: &str) -> bool {
    // Said of oneself: "patients can opt out of the video call" asks nothing.
    const LEAVE_CYCLES: [&str; 9] = [
        " take me off ",
        " unsubscribe me ",
        " remove me ",
        " stop emailing me ",
        " stop sending me ",
        " opt me out ",
        " unsubscribe from ",
        " like to unsubscribe ",
        " how do i unsubscribe ",
    ];
    first_sentences(text).any(|sentence| {
        let words = words_of(sentence);
        words.len() <= 40 && asks_unnegated(&words, &LEAVE_CYCLES)
    })
}

/// The first ten sentences of the first six lines with text.
fn first_sentences(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(6)
        .flat_map(|l| l.split_inclusive(['?', '.', '!']))
        .take(10)
}

/// "Please add me to your mailing list", "Could I sign up for the updates?": the
/// everyday ways of asking to join, in at most `most_words` words, not negated, and not
/// about a team's cycles ("Please add me to the ward 7 team's reminders" is for a person).
fn asks_to_join(words: &[String], most_words: usize) -> bool {
    const JOIN: [&str; 9] = [
        " add me to ",
        " sign me up ",
        " sign up for ",
        " sign up to ",
        " subscribe me ",
        " put me on ",
        " be added to ",
        " join the mailing list ",
        " join your mailing list ",
    ];
    words.len() <= most_words && !about_cycles(words) && asks_unnegated(words, &JOIN)
}

/// Words about a team's cycles: "take me off the ward 7 team" or "add me to the team's
/// reminders" is for a person (an operator's job), not the newsletter.
fn about_cycles(words: &[String]) -> bool {
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "team" | "teams" | "cycle" | "cycles" | "reminder" | "reminders"
        )
    })
}

/// True when one of `phrases` (words with a space around each) is in `words` with no
/// negation before it: "Please don't take me off" asks nothing; "Please take me off this
/// list, I don't remember signing up" does.
fn asks_unnegated(words: &[String], phrases: &[&str]) -> bool {
    let joined = format!(" {} ", words.join(" "));
    let Some(at) = phrases.iter().filter_map(|p| joined.find(p)).min() else {
        return false;
    };
    !joined[..at]
        .split(' ')
        .any(|w| matches!(w, "not" | "don" | "dont" | "didn" | "never" | "t"))
}

/// The subject without leading "Re:", "Fwd:", "AW:", "TR:" and the like.
pub fn strip_reply_prefixes(subject: &str) -> &str {
    let mut s = subject.trim();
    loop {
        let lower = s.to_ascii_lowercase();
        let Some(p) = ["re:", "fw:", "fwd:", "aw:", "wg:", "tr:", "sv:", "antw:", "r:", "ynt:"]
            .iter()
            .find(|p| lower.starts_with(*p))
        else {
            return s;
        };
        s = s[p.len()..].trim_start();
    }
}

/// Whether an editor's reply approves: it starts with "approve(d)", "I approve", "OK to
/// send" or similar, and is not a negation ("not approved", "don't approve yet").
pub fn is_approval(visible_text: &str) -> bool {
    // The first line that says something: "Hi," or "Hello Naomi," above it is a greeting.
    let is_greeting = |l: &str| super::reply::is_greeting(l) && !l.to_lowercase().contains("approv");
    let first: String = visible_text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !is_greeting(l))
        .unwrap_or("")
        .to_lowercase();
    let words: Vec<&str> = first
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    let negated = words.iter().take(6).any(|w| {
        matches!(
            *w,
            "not" | "don't" | "dont" | "cannot" | "can't" | "won't" | "unapproved" | "no"
        )
    });
    if negated {
        return false;
    }
    let head: Vec<&str> = words.iter().take(4).copied().collect();
    head.iter()
        .any(|w| matches!(*w, "approve" | "approved" | "approving" | "lgtm"))
        || first.starts_with("ok to send")
        || first.starts_with("okay to send")
        || first.starts_with("good to go")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_found_in_the_subject_or_first_line() {
        let cases = [
            ("unsubscribe", "", Some(Command::Unsubscribe)),
            ("Re: Unsubscribe", "", Some(Command::Unsubscribe)),
            ("", "Please unsubscribe me", Some(Command::Unsubscribe)),
            ("SUBSCRIBE", "", Some(Command::Subscribe)),
            ("Dad-danysgrifio / Unsubscribe", "Helo,", Some(Command::Unsubscribe)),
            ("Cycle 4 / what we tested", "", None),
            ("Re: Cycle 4", "Stop / start huddles at the weekend", None),
            ("", "subscribe", Some(Command::Subscribe)),
            (
                "Re: Cycle 4 (November 2026): what did you test?",
                "We tried a new leaflet",
                None,
            ),
            ("How do I unsubscribe from the other list and join this one?", "", None),
            ("", "Please take me off this list.", Some(Command::Unsubscribe)),
            ("Remove me from your mailing list", "", Some(Command::Unsubscribe)),
            ("", "Stop emailing me please", Some(Command::Unsubscribe)),
            ("", "Please don't take me off the list, I moved jobs", None),
            ("", "Please add me to your mailing list", Some(Command::Subscribe)),
            (
                "",
                "Please unsubscribe me from these emails.",
                Some(Command::Unsubscribe),
            ),
            (
                "",
                "Could I sign up for the updates? A colleague forwarded me the last one and it was really useful.",
                Some(Command::Subscribe),
            ),
            (
                "Newsletter",
                "Hi, please could you add me to the newsletter list?",
                Some(Command::Subscribe),
            ),
            ("", "Please add me to the Ward 7 team's cycle reminders", None),
            (
                "",
                "Could you take me off the Ward 7 team and put Priya on instead?",
                None,
            ),
            ("", "Please don't add me to any lists", None),
            (
                "",
                "Could you please take me off the Lab newsletter mailing list? I've moved to a non-clinical role and don't need it any more.",
                Some(Command::Unsubscribe),
            ),
            (
                "",
                "I am away next week. Please don't take me off the list while I'm gone.",
                None,
            ),
            (
                "",
                "We will take me off the rota idea forward next cycle and then see what happens",
                None,
            ),
            ("", "", None),
        ];
        for (subject, line, expected) in cases {
            assert_eq!(
                command_in(subject, line),
                expected,
                "subject {subject:?}, first line {line:?}"
            );
        }
    }

    #[test]
    fn a_request_a_few_sentences_in_is_found() {
        let text = "Hi,\n\nI've just started as an audiologist at Penmore and Gareth said your newsletter is worth \
                    getting. Please could you add me to the mailing list?\n\nThanks!\nAmira";
        assert_eq!(command_in_sentences(text), Some(Command::Subscribe));
        assert_eq!(
            command_in_sentences("Loved the spotlight piece. Please don't take me off the list!"),
            None
        );
        assert_eq!(command_in_sentences("Thank you for the article on discharge."), None);
        // A negation after the request is about something else.
        assert_eq!(
            command_in_sentences("Please take me off this list, I don't remember ever signing up for it."),
            Some(Command::Unsubscribe)
        );
    }

    #[test]
    fn approvals_are_recognised_and_negations_are_not() {
        for text in [
            "Approved, thanks!",
            "approve",
            "I approve this issue.",
            "Looks great - approved",
            "Hi,\n\nApproved – happy for this to go out on Friday.",
            "Hello Naomi,\nApprove",
            "LGTM",
            "OK to send",
        ] {
            assert!(is_approval(text), "{text:?}");
        }
        for text in [
            "Not approved yet: the intro needs work",
            "I don't approve of the second section",
            "Can we change the title?",
            "",
            "Please fix the typo before I approve",
            "Hi,\n\nNot approved yet, sorry.",
        ] {
            assert!(!is_approval(text), "{text:?}");
        }
    }
}
