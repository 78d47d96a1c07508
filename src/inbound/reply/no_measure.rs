//! Lines among the measures that are no measure: a sentence about them, figures
//! promised for later, figures in an attachment or an earlier reply, and a line saying
//! nothing was measured. A person is told of each (`extract`).

use super::measures::split_separator;
use super::text;

/// Sentences that tell about the measures without being one: more than ten words with
/// neither a figure nor a separator ("We didn't keep a proper count, but …"), more than
/// twenty without a separator ("We went through the book for the last 2 weeks. Of
/// roughly 1,900 requests …"), or a pointer to an attachment ("see the attached CSV").
pub(super) fn is_prose(line: &str) -> bool {
    if says_nothing_measured(line) {
        return false;
    }
    let words = line.split_whitespace().count();
    let figures = line.bytes().any(|b| b.is_ascii_digit());
    // "We didn't get round to counting cancellations, sorry.": a sentence, full stop.
    let sentence = words >= 5 && !figures && line.trim_end().ends_with(['.', '!']);
    match split_separator(line) {
        None => points_elsewhere(line) || words > 20 || (words > 10 && !figures) || sentence,
        // "And after talking to the consultants we're going to adapt rather than adopt –
        // weekends need their own rota.": a sentence with a dash in it; a measure's name
        // without a figure anywhere is a few words ("Staff feedback – positive").
        // "Cards still by the bed at the end of the week: about half": a long name, but a
        // colon and a value of a few words make it a measure.
        Some((name, value)) => {
            let name_words = name.split_whitespace().count();
            let colon = line[name.len()..].starts_with([':', '：']);
            let short_value = !text::word_count_over(value, 4) && !value.trim_end().ends_with(['.', '!']);
            // "A health warning on these numbers: the 4-hour figure comes from the SSNAP
            // export, … so the 83% could be a few points either way.": a paragraph of
            // sentences after the colon is a note on the figures, not one.
            let paragraph = text::word_count_over(value, 25) && value.trim_end().contains(". ");
            paragraph
                || (!figures
                    && (points_elsewhere(line) || (name_words > 8 && !(colon && short_value && name_words <= 14))))
        }
    }
}

/// "Numbers to follow – Carys is pulling them off the system", "Sam to add - see
/// above.", "Patient feedback: tbc": the figures are promised, not given, and a person
/// should chase them. Where the promise is the name, the line is no measure;
/// "Patient feedback: tbc" still names what was measured.
pub(super) fn defers(line: &str) -> bool {
    const PROMISES: [&str; 22] = [
        "to follow",
        "will follow",
        "to come",
        "still to come",
        "to add",
        "to be added",
        "will add",
        "will send",
        "will forward",
        "i'll send",
        "we'll send",
        "send them over",
        "tbc",
        "tbd",
        "to be confirmed",
        "still waiting",
        "not in yet",
        "see above",
        "see below",
        "when we have them",
        "will revert",
        "revert with",
    ];
    // "Audit sheets are with the Band 7, will revert with the data by 30/11": a band and
    // a date are no figures.
    if super::said_to_reader::gives_figures(line) {
        return false;
    }
    text::has_phrase(line, &PROMISES)
}

/// "In the attached spreadsheet (too many to type out)", "See attached run chart",
/// "On the Excel sheet", "same as last month": the figures are in an attachment or an
/// earlier reply, which labloop does not read, so a person should look; "Leaflet
/// attached to notes: 12" is a measure.
pub(super) fn points_elsewhere(line: &str) -> bool {
    const EARLIER: [&str; 8] = [
        "same as last month",
        "same as last time",
        "same as before",
        "as last month",
        "as per last month",
        "see last month",
        "see previous",
        "as before",
    ];
    const FILES: [&str; 6] = [
        "in the spreadsheet",
        "on the spreadsheet",
        "in the excel",
        "on the excel",
        "attached spreadsheet",
        "attached sheet",
    ];
    if line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    text::has_phrase(line, &EARLIER) || text::has_phrase(line, &FILES) || says_attached(line)
}

/// "See attached", "In the attachment", "I've attached", "See the attached PDF": the
/// words that send a reader to an attached file ("Leaflet attached to notes" does not).
pub(super) fn says_attached(line: &str) -> bool {
    const ATTACHED: [&str; 13] = [
        "see attached",
        "find attached",
        "attached is",
        "attached are",
        "have attached",
        "i've attached",
        "see attachment",
        "see the attached",
        "see the attachment",
        "in the attached",
        "on the attached",
        "in the attachment",
        "in attachment",
    ];
    text::has_phrase(line, &ATTACHED)
}

/// "N/A", "None this month", "Not measured this time - sorry!", "We didn't measure
/// anything": a line that says there is no measure is not one.
pub(super) fn says_nothing_measured(body: &str) -> bool {
    // A figure anywhere is a measure, whatever the words.
    if body.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = body.to_lowercase().replace(['’', '‘'], "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '/'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return false;
    }
    let opens = |phrase: &str| {
        let parts: Vec<&str> = phrase.split(' ').collect();
        words.len() >= parts.len() && words[..parts.len()] == parts[..]
    };
    matches!(words.first(), Some(&("n/a" | "na" | "none" | "nil" | "nothing")))
        || [
            "not measured",
            "not yet measured",
            "no measures",
            "no measurements",
            "no data",
            "no figures",
            "no new figures",
            "no new data",
            "no numbers",
            "no new numbers",
            "we didn't measure",
            "we did not measure",
            "didn't measure",
            "did not measure",
            "haven't measured",
            "have not measured",
            "we haven't measured",
            "we have not measured",
            "not collected",
            "not recorded",
        ]
        .iter()
        .any(|p| opens(p))
}
