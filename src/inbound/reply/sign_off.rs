//! Closing lines: "Kind regards,", "Thanks!", "Cheers 🎉", "Thanks, Jane", "Diolch",
//! "Mit freundlichen Grüßen / Kind regards", in the languages the Lab's teams write.

use std::sync::LazyLock;

use regex::Regex;

use super::signature::is_name_line;
use super::text::{first_word, word_in_sorted};

static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:many|warm|warmest|kind|kindest|best|with|with\s+best|with\s+kind|with\s+many|all\s+the)\s+)?(?:thanks(?:\s+(?:again|so\s+much|a\s+lot|a\s+million|all|everyone|team))?|thank\s+you(?:\s+(?:again|so\s+much|all|everyone))?|thankyou|thanking\s+you(?:\s+(?:in\s+advance|kindly))?|greetings(?:\s+from\s+[^,.!]{1,40})?|thx|cheers|best\s+wishes|best|wishes|regards|sincerely|yours(?:\s+(?:sincerely|faithfully|truly))?|take\s+care|warmly|speak\s+soon|talk\s+soon|ta|love|diolch(?:\s+yn\s+fawr|\s+eto|\s+o\s+galon)?|yn\s+gywir|cofion(?:\s+gorau|\s+cynnes)?|gruß|grüße|viele\s+grüße|liebe\s+grüße|mit\s+freundlichen\s+grüßen|(?:bien\s+|très\s+)?cordialement|bien\s+à\s+vous|merci(?:\s+(?:beaucoup|bien|encore))?(?:\s+et\s+bonne\s+(?:journée|soirée|semaine))?|bonne\s+(?:journée|soirée|semaine)|hwyl(?:\s+fawr)?|bw|all\s+(?:the\s+)?best|merry\s+(?:christmas|xmas)|happy\s+(?:christmas|xmas|new\s+year|holidays)|season(?:'|’)?s\s+greetings|nadolig\s+llawen|have\s+a\s+(?:good|great|nice|lovely|happy|wonderful|restful)\s+(?:[a-z]+\s+)?(?:day|weekend|week|evening|christmas|easter|break|holiday|summer)|beste\s+grüße|herzliche\s+grüße|un\s+abrazo|gracias|muchas\s+gracias|bedankt|dank\s+je(?:\s+wel)?|amitiés|saludos|un\s+saludo|atentamente|groeten|groetjes|(?:met\s+)?(?:vriendelijke|hartelijke)\s+groet(?:en)?|hälsningar|mvh|med\s+vänlig\s+hälsning|pozdrawiam(?:\s+serdecznie)?|cumprimentos|atenciosamente|cordiali\s+saluti|saluti|distinti\s+saluti|le\s+meas|is\s+mise|beir\s+bua|go\s+raibh\s+(?:míle\s+)?maith\s+aga(?:t|ibh)|dzięki|dziękuję|dziekuje|pozdrowienia|z\s+poważaniem|(?:maraming\s+)?salamat(?:\s+po)?|kiitos|(?:ystävällisin\s+)?terveisin|mul[țţt]umesc|cu\s+(?:stim[ăa]|drag)|toate\s+cele\s+bune|díky|děkuji|s\s+pozdravem|tack(?:\s+så\s+mycket)?|vänliga\s+hälsningar|(?:med\s+)?(?:venlig|vennlig)\s+hilsen|hilsen|tak|grazie(?:\s+mille)?|un\s+saluto|obrigad[oa]|abraços?|teşekkürler|saygılarımla|ευχαριστώ(?:\s+πολύ)?|με\s+εκτίμηση|നന്ദി|धन्यवाद|நன்றி|φιλικά|ačiū|pagarbiai|terima\s+kasih|salam|dhanyavaa?d|dhanyawad|shukriya|köszönöm|üdvözlettel|дякую|з\s+повагою|спасибо|с\s+уважением|danke(?:\s+schön)?|vielen\s+dank|iyi\s+çalışmalar|saludos\s+cordiales)(?P<rest>(?:[\s,.!:;\-–—]|$).*)$",
    )
    .expect("built-in pattern compiles")
});

/// The first words of a closing line; most lines are ruled out by their first word
/// before [`SIGN_OFF`] runs.
const SIGN_OFF_OPENINGS: &[&str] = &[
    "many",
    "thanking",
    "greetings",
    "warm",
    "warmest",
    "warmly",
    "kind",
    "kindest",
    "best",
    "with",
    "all",
    "thanks",
    "thank",
    "thankyou",
    "thx",
    "cheers",
    "wishes",
    "regards",
    "sincerely",
    "yours",
    "take",
    "speak",
    "talk",
    "ta",
    "love",
    "diolch",
    "yn",
    "cofion",
    "gruß",
    "grüße",
    "viele",
    "liebe",
    "mit",
    "cordialement",
    "bien",
    "très",
    "merci",
    "bonne",
    "hwyl",
    "bw",
    "merry",
    "season",
    "seasons",
    "nadolig",
    "happy",
    "have",
    "beste",
    "herzliche",
    "gracias",
    "muchas",
    "bedankt",
    "dank",
    "amitiés",
    "saludos",
    "un",
    "atentamente",
    "groeten",
    "groetjes",
    "vriendelijke",
    "hartelijke",
    "met",
    "hälsningar",
    "mvh",
    "med",
    "pozdrawiam",
    "cumprimentos",
    "atenciosamente",
    "cordiali",
    "saluti",
    "distinti",
    "le",
    "beir",
    "is",
    "go",
    // Closings of staff whose first language is another, or whose phone writes in it.
    "dzięki",
    "dziękuję",
    "dziekuje",
    "pozdrowienia",
    "z",
    "maraming",
    "salamat",
    "kiitos",
    "ystävällisin",
    "terveisin",
    "mulțumesc",
    "mulţumesc",
    "multumesc",
    "cu",
    "toate",
    "díky",
    "děkuji",
    "s",
    "tack",
    "vänliga",
    "venlig",
    "vennlig",
    "hilsen",
    "tak",
    "grazie",
    "obrigado",
    "obrigada",
    "abraço",
    "abraços",
    "teşekkürler",
    "saygılarımla",
    "ευχαριστώ",
    "με",
    "φιλικά",
    "ačiū",
    "pagarbiai",
    "terima",
    "salam",
    "dhanyavad",
    "dhanyavaad",
    "dhanyawad",
    "shukriya",
    "köszönöm",
    "നന്ദി",
    "धन्यवाद",
    "நன்றி",
    "üdvözlettel",
    "дякую",
    "з",
    "спасибо",
    "с",
    "danke",
    "vielen",
    "iyi",
];

/// [`SIGN_OFF_OPENINGS`] sorted, for a binary search: every line of a reply is looked up.
static OPENINGS_SORTED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut sorted = SIGN_OFF_OPENINGS.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
});

/// True for a closing line such as "Kind regards,", "Thanks!", "Cheers 🎉",
/// "Thanks, Jane" or "Diolch".
pub(super) fn is_sign_off(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 120 {
        return false;
    }
    if !word_in_sorted(first_word(t), &OPENINGS_SORTED) {
        return false;
    }
    let Some(caps) = SIGN_OFF.captures(t) else {
        return false;
    };
    let rest = caps.name("rest").map_or("", |m| m.as_str());
    let rest = rest
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '!' | ':' | ';' | '-' | '–' | '—'));
    // "Mit freundlichen Grüßen / Kind regards": the same closing in two languages.
    let translated = rest
        .strip_prefix(['/', '|'])
        .map(str::trim_start)
        .is_some_and(is_sign_off);
    // "Kind regards, Sam Hughes, Clinical Lead, Brookfield Surgery" on one line.
    let signed_with_title = rest.contains([',', '|']) && rest.split([',', '|']).next().is_some_and(is_name_line);
    // "Anita x": a name and a kiss.
    let kissed = rest
        .strip_suffix(['x', 'X'])
        .is_some_and(|n| n.ends_with(' ') && is_name_line(n));
    if t.len() > 60 && !signed_with_title {
        return false;
    }
    // "Thanks and happy Christmas,", "Thanks & regards": two closings joined.
    let joined = ["and ", "& "]
        .iter()
        .find_map(|j| {
            rest.get(..j.len())
                .filter(|p| p.eq_ignore_ascii_case(j))
                .map(|_| &rest[j.len()..])
        })
        .is_some_and(is_sign_off);
    rest.is_empty() || is_symbols(rest) || is_name_line(rest) || translated || signed_with_title || kissed || joined
}

/// Emoji, smileys and punctuation only.
fn is_symbols(s: &str) -> bool {
    s.chars().all(|c| !c.is_alphanumeric() || c.is_whitespace())
}
