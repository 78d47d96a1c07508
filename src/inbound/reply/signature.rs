//! Signatures and footers: the `-- ` delimiter, "Sent from my iPhone" and
//! other mobile footers in several languages, confidentiality disclaimers,
//! the name and title lines under a sign-off ("Kind regards,", read in `sign_off.rs`).

use std::sync::LazyLock;

use regex::Regex;

pub(super) use super::sign_off::is_sign_off;
use super::text::{after_postscript, first_word, strip_links, word_count, word_in};

/// A line that ends the written part of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sig {
    /// `-- ` (the usenet delimiter) or a line of em dashes.
    Delimiter,
    /// "Sent from my iPhone", "Get Outlook for iOS", "Envoyé de mon iPad", …
    Mobile,
    /// The first line of a confidentiality notice or similar footer.
    Disclaimer,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

static SENT_FROM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^[(<\s]*sent\s+(?:from|with|via|using|by|on)\s+(?P<rest>.+?)[)>\s]*$"));

static MOBILE_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(<\s]*(?:get\s+outlook\s+for\s+(?:ios|android|mac|windows)|get\s+(?:bluemail|spark|edison\s+mail|aqua\s+mail|typeapp|newton\s+mail|nine)\s+for\s+|obtenir\s+outlook\s+pour|envoy[ée]\s+(?:de|depuis|à\s+partir\s+de|a\s+partir\s+de)\s+(?:mon|ma|l'|outlook|yahoo)|von\s+meinem\s+.{1,60}\s+gesendet|gesendet\s+(?:von|mit|vom)\s+(?:meinem|outlook|mobil|iphone|ipad|android|samsung|blackberry)|diese\s+nachricht\s+wurde\s+von\s+meinem\s+.{1,60}\s+gesendet|verzonden\s+(?:vanaf|van|met|via)\s+(?:mijn|outlook|blackberry|iphone|ipad|samsung|android)|verstuurd\s+(?:vanaf|van|met)\s+(?:mijn|outlook|iphone)|enviado\s+(?:desde|do|de|com)\s+(?:mi|meu|o\s+meu|outlook|iphone|ipad|samsung|android)|inviato\s+da\s+(?:iphone|ipad|android|samsung|outlook|il\s+mio|mio)|skickat\s+från\s+|sendt\s+fra\s+|wysłane\s+z\s+|wysłano\s+z\s+|lähetetty\s+|anfonwyd\s+o\s*(?:'?m|fy)\s+|отправлено\s+с\s+|надіслано\s+з\s+|trimis\s+(?:de\s+pe|din|cu)\s+|dikirim\s+(?:dari|dengan)\s+|dihantar\s+dari\s+|στάλθηκε\s+από\s+|odesl[áa]no\s+(?:z|ze)\s+|odoslan[ée]\s+(?:z|zo)\s+|išsiųsta\s+iš\s+|ipinadala\s+(?:mula\s+sa|gamit\s+ang)\s+|poslano\s+(?:s|sa|iz|z)\s+|küldve\s+|iphone['’]?(?:umdan|dan)\s+gönderildi|iphone-?r[óo]l\s+küldve|from\s+my\s+(?:iphone|ipad|android|mobile|phone|samsung|galaxy|blackberry)(?-u:\b)|sent\s+on\s+the\s+(?:go|move)\s*$|从我的|發自我的|来自我的)",
    )
});

static DEVICE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:iphone|ipad|ipod|android|mobile|phone|smartphone|cell|cellphone|galaxy|samsung|blackberry|device|tablet|pixel|huawei|xiaomi|oneplus|nokia|motorola|htc|sony|xperia|outlook|yahoo|gmail|aol|mail|mailbox|airmail|typeapp|bluemail|proton|protonmail|windows|surface|watch|kindle|spark|edison|superhuman)(?-u:\b)",
    )
});

static EXCUSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:excuse|typos?|typoze|brevity|brief|autocorrect|spelling)(?-u:\b)"));

static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[\s*_]*(?:disclaimer(?-u:\b)|confidentiality\s+(?:notice|statement|note|warning)|privileged\s*(?:/|and|&)\s*confidential|important\s*(?:notice|:)|legal\s+notice|this\s+(?:e-?mail|message|communication|transmission)(?-u:\b).{0,120}(?-u:\b)(?:confidential|privileged|intended\s+(?:solely|only|for)|may\s+contain|is\s+for\s+the\s+(?:sole|exclusive)\s+use)|the\s+(?:information|contents?)\s+(?:contained\s+)?(?:in|of|within)\s+(?:this|the)\s+(?:e-?mail|message|transmission)|if\s+you\s+(?:are\s+not|have\s+received\s+this).{0,60}(?:intended\s+recipient|in\s+error)|nhsmail\s+is\s+the\s+secure|this\s+e-?mail\s+has\s+been\s+scanned|(?:please\s+)?(?:consider\s+the\s+environment|think\s+before\s+you\s+print)|le\s+informazioni\s+contenute\s+in\s+questo|ce\s+message\s+(?:et\s+ses\s+pièces|est\s+confidentiel)|diese\s+e-?mail\s+(?:enthält|kann)\s+vertrauliche)",
    )
});

/// What kind of signature or footer line this is, if any.
pub(super) fn sig_at(line: &str) -> Option<Sig> {
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    if is_delimiter(line) {
        return Some(Sig::Delimiter);
    }
    let word = lead_word(t);
    if t.len() <= 300
        && ((may_be_mobile(t, word) && is_mobile(t)) || is_outlook_app_footer(t) || is_sent_from_suffix(t))
    {
        return Some(Sig::Mobile);
    }
    // A disclaimer is often one long paragraph: its opening words decide.
    (may_be_disclaimer(word) && DISCLAIMER.is_match(super::text::prefix_chars(t, 300))).then_some(Sig::Disclaimer)
}

/// `--` / `-- ` alone on a line (the usenet signature delimiter), or a run of
/// em/en dashes.
fn is_delimiter(line: &str) -> bool {
    let t = line.trim_end();
    let lead = t.len() - t.trim_start().len();
    let t = t.trim_start();
    (t == "--" && lead <= 2) || (!t.is_empty() && t.chars().all(|c| c == '—' || c == '–'))
}

/// A line of one em or en dash: a signature delimiter as a phone autocorrects `--`,
/// or an empty cell of a table turned into text.
pub(super) fn is_one_dash(line: &str) -> bool {
    matches!(line.trim(), "–" | "—")
}

/// The first word of `t`, after opening brackets and emphasis.
fn lead_word(t: &str) -> &str {
    first_word(t.trim_start_matches(['(', '<', '*', '_', ' ', '\t']))
}

/// True when the line opens like a mobile footer; checked before any regex.
fn may_be_mobile(t: &str, word: &str) -> bool {
    word_in(
        word,
        &[
            "sent",
            "get",
            "obtenir",
            "envoyé",
            "envoye",
            "von",
            "gesendet",
            "diese",
            "verzonden",
            "verstuurd",
            "enviado",
            "inviato",
            "skickat",
            "sendt",
            "wysłane",
            "wysłano",
            "lähetetty",
            "anfonwyd",
            "отправлено",
            "надіслано",
            "trimis",
            "dikirim",
            "dihantar",
            "στάλθηκε",
            "odesláno",
            "odeslano",
            "odoslané",
            "odoslane",
            "išsiųsta",
            "ipinadala",
            "poslano",
            "küldve",
            "iphone",
            "from",
        ],
    ) || ["从我的", "發自我的", "来自我的"].iter().any(|p| t.starts_with(p))
}

/// "iPhoneから送信", "iPhone에서 보냄", "എന്റെ iPhone-ൽ നിന്ന് അയച്ചത്": the phone's footer
/// in Japanese, Korean, Malayalam, Hindi and Tamil, named before the words for "sent from".
fn is_sent_from_suffix(t: &str) -> bool {
    const ENDINGS: [&str; 6] = ["から送信", "에서 보냄", "에서보냄", "അയച്ചത്", "से भेजा गया", "அனுப்பப்பட்டது"];
    ENDINGS.iter().any(|e| t.ends_with(e)) && t.chars().count() <= 40
}

/// "Get Outlook for iOS" as Outlook writes it in other languages ("Android için
/// Outlook'u edinin", "Outlook für iOS beziehen", "Scarica Outlook per Android"): a
/// short line naming Outlook and a phone system, and nothing else of note.
fn is_outlook_app_footer(t: &str) -> bool {
    // Outlook writes its own name with a capital: one pass for the "O" rules most lines out.
    if t.len() > 200
        || memchr::memchr(b'O', t.as_bytes()).is_none()
        || !(t.contains("Outlook") || t.contains("OUTLOOK"))
    {
        return false;
    }
    let t = strip_links(t);
    if t.len() > 80 || t.contains(|c: char| c.is_ascii_digit()) || word_count(&t) > 7 {
        return false;
    }
    let words = || t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
    words().any(|w| w.eq_ignore_ascii_case("outlook"))
        && words().any(|w| w.eq_ignore_ascii_case("ios") || w.eq_ignore_ascii_case("android"))
}

/// True when the line opens like a disclaimer; checked before any regex.
fn may_be_disclaimer(word: &str) -> bool {
    word_in(
        word,
        &[
            "disclaimer",
            "confidentiality",
            "privileged",
            "important",
            "legal",
            "this",
            "the",
            "if",
            "nhsmail",
            "please",
            "consider",
            "think",
            "le",
            "ce",
            "diese",
        ],
    )
}

fn is_mobile(t: &str) -> bool {
    if word_count(t) > 16 {
        return false;
    }
    if MOBILE_OTHER.is_match(t) {
        return true;
    }
    let stripped = if t.contains(['<', '[']) || t.contains("http") {
        strip_links(t)
    } else {
        t.to_string()
    };
    let stripped = stripped.trim();
    if MOBILE_OTHER.is_match(stripped) {
        return true;
    }
    for candidate in [t, stripped] {
        let Some(caps) = SENT_FROM.captures(candidate) else {
            continue;
        };
        let rest = caps.name("rest").map_or("", |m| m.as_str());
        let (clause, continuation) = match rest.find([',', '.', ';', '!', '-']) {
            Some(p) => (&rest[..p], rest[p + 1..].trim()),
            None => (rest, ""),
        };
        if DEVICE.is_match(clause) || EXCUSE.is_match(continuation) {
            return true;
        }
        let owner_or_brand = clause.trim_start().to_lowercase().starts_with("my ")
            || clause.trim_start().starts_with(char::is_uppercase);
        if continuation.is_empty() && owner_or_brand && word_count(clause) <= 5 {
            return true;
        }
    }
    false
}

/// True for the name line of a signature: a name ([`is_name_line`]) that may carry
/// pronouns ("Alex Morgan (they/them)"), a kiss ("Kelly x") or, after a `|`, a job
/// title and organisation ("Chris Taylor | Lead Practice Nurse | Riverside").
pub(super) fn is_signature_name(line: &str) -> bool {
    let mut t = line.trim();
    if let Some((name, _)) = t.split_once('|') {
        t = name.trim_end();
    }
    // Pronouns in brackets at the end: "(she/her)", "(they/them)".
    if let Some(open) = t.rfind('(')
        && t.ends_with(')')
        && t[open..].contains('/')
        && t.len() - open <= 16
    {
        t = t[..open].trim_end();
    }
    // A role or team in brackets: "Shannon (HCA ward 12)", "Zoe (Ward 9)".
    if let Some(open) = t.rfind('(')
        && open > 0
        && t.ends_with(')')
        && t.len() - open <= 32
        && looks_like_title(&t[open + 1..t.len() - 1])
    {
        t = t[..open].trim_end();
    }
    // A kiss after the name: "Kelly x", "Jo xx"; typed on a phone, "kayleigh x".
    if let Some((name, kiss)) = t.rsplit_once(' ')
        && kiss.chars().all(|c| c == 'x' || c == 'X')
    {
        t = name.trim_end();
        if t.chars().count() >= 2 && t.chars().all(char::is_alphabetic) {
            return true;
        }
    }
    is_name_line(t)
}

/// "Rosa x", "Jo xx": a first name and a kiss, a sign-off even straight under an answer.
pub(super) fn is_kissed_name(line: &str) -> bool {
    line.trim().rsplit_once(' ').is_some_and(|(name, kiss)| {
        (1..=3).contains(&kiss.len())
            && kiss.chars().all(|c| c == 'x' || c == 'X')
            && word_count(name) == 1
            && is_name_line(name)
    })
}

/// True for a line that reads as a job title, organisation or contact detail rather
/// than more of an answer: it has a comma, `|`, `@` or digit, or a word such as
/// "Nurse", "Manager", "Trust" or "Centre".
pub(super) fn looks_like_title(line: &str) -> bool {
    const WORDS: [&str; 24] = [
        "nurse",
        "manager",
        "lead",
        "officer",
        "practitioner",
        "consultant",
        "doctor",
        "therapist",
        "physio",
        "coordinator",
        "co-ordinator",
        "director",
        "assistant",
        "matron",
        "sister",
        "trust",
        "nhs",
        "practice",
        "centre",
        "center",
        "hospital",
        "health",
        "council",
        "university",
    ];
    line.contains([',', '|', '@'])
        || line.bytes().any(|b| b.is_ascii_digit())
        || line
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| word_in(w, &WORDS))
}

/// True for a line that looks like a person's name: one to four words, each
/// capitalised (after an optional `-`, `—` or `//`), no digits, no sentence
/// punctuation at the end.
pub(super) fn is_name_line(line: &str) -> bool {
    let t = line.trim();
    let t = t.trim_start_matches(['-', '—', '–', '/', '~', ' ']);
    if t.is_empty() || t.chars().count() > 40 || t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if t.ends_with([':', '?', '!', ',', ';']) {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            let w = w.trim_start_matches(['(', '"', '\'']);
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphanumeric())
        })
}

/// True for a line that only draws a line or decoration: `***`, `=====`,
/// `~~~`, `----`, `####`, Gmail's `ᐧ`.
pub(super) fn is_decoration(line: &str) -> bool {
    let t = line.trim();
    (!t.is_empty() && t.chars().all(|c| "-=*#~+_ᐧ•·.—–|".contains(c) || c == ' ')) || is_snip(t)
}

/// A horizontal rule typed between answers: "----", "***", "* * *", "___", "====".
pub(super) fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.chars().all(|c| "-=*~_—–#".contains(c) || c == ' ') && t.chars().filter(|c| !c.is_whitespace()).count() >= 3
}

/// Where a quote was cut short: "[...]", "[…]", "[snip]", "<snipped>".
pub(super) fn is_snip(line: &str) -> bool {
    let t = line.trim();
    let inner = t
        .strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .or_else(|| t.strip_prefix('<').and_then(|r| r.strip_suffix('>')))
        .map(str::trim);
    inner.is_some_and(|i| matches!(i, "..." | "…" | "snip" | "snipped" | "SNIP" | "cut"))
}

/// Where a signature block starts in `lines` (a sign-off, then at most a few
/// short lines: name, job title, organisation, phone), if the text ends
/// with one. Used to take "Thanks,\nJane\nPhysiotherapist" off an answer.
pub(super) fn trailing_sign_off(lines: &[&str]) -> Option<usize> {
    // Only the last 14 lines with text are looked at (and what follows each of them).
    let mut content: Vec<usize> = (0..lines.len())
        .rev()
        .filter(|&i| !lines[i].trim().is_empty())
        .take(14)
        .collect();
    content.reverse();
    for (k, &i) in content.iter().enumerate() {
        let t = lines[i].trim();
        let sign_off = is_sign_off(t);
        let first_name = !sign_off && word_count(t) == 1 && is_name_line(t);
        if !sign_off && !first_name {
            continue;
        }
        let after: Vec<&str> = content[k + 1..].iter().map(|&j| lines[j].trim()).collect();
        if sign_off {
            if after.len() <= 8 && after.iter().all(|l| is_signature_detail(l)) {
                return Some(i);
            }
            // A closing then a name is a signature whatever follows it (a long team
            // name, a Welsh-language line, a footer), unless a postscript follows.
            let postscript = after.iter().any(|l| {
                let l = l.to_ascii_lowercase();
                l.starts_with("p.s") || l.starts_with("ps ") || l.starts_with("ps:") || l.starts_with("ps -")
            });
            if after.len() <= 12 && !postscript && after.first().is_some_and(|l| is_name_line(l)) {
                return Some(i);
            }
        } else if after.len() <= 10
            && after
                .first()
                .is_some_and(|next| next.split_whitespace().take(3).any(|w| w == t))
        {
            // "Rachel" then "Rachel Owusu | Nurse Consultant": a first name signing
            // off, and the full signature under it.
            return Some(i);
        }
    }
    None
}

/// What a mail client leaves of an inline image or an attachment in the text part:
/// Outlook's `[cid:image001.png@…]`, Gmail's `[image: chart.png]`, `[Image]`, Exchange's
/// `<<PDSA run chart.png>>`.
pub(super) fn is_image_placeholder(line: &str) -> bool {
    let t = line.trim();
    if let Some(inner) = t.strip_prefix("<<").and_then(|r| r.strip_suffix(">>"))
        && inner.len() <= 120
        && !inner.contains(['<', '>'])
        && inner.rsplit_once('.').is_some_and(|(name, ext)| {
            !name.trim().is_empty() && (1..=5).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
        })
    {
        return true;
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']'))
        && inner.len() <= 120
        && !inner.contains(['[', ']'])
        && inner.get(..5).is_some_and(|head| head.eq_ignore_ascii_case("image"))
        && (inner.len() == 5 || inner[5..].starts_with([':', ' ']))
    {
        return true;
    }
    !t.is_empty()
        && t.split_whitespace()
            .all(|w| w.starts_with("[cid:") || w.ends_with(']') && w.contains("@"))
}

/// A short line of the kind found under a name: job title, team,
/// organisation, phone, address, pronouns.
pub(super) fn is_signature_detail(line: &str) -> bool {
    let t = line.trim();
    if is_image_placeholder(t) {
        return true;
    }
    // "P.S. One more measure:" under the name is the writer's again.
    (t.chars().count() <= 100 && !t.ends_with(['.', '?']) && word_count(t) <= 14 && after_postscript(t).is_none())
        || is_working_hours_note(t)
}

/// "My working day may not be your working day. Please do not feel obliged to reply
/// outside of your working hours.", "I work part-time, Mon–Wed.": the note many
/// signatures carry under the name.
fn is_working_hours_note(t: &str) -> bool {
    const SAID: [&str; 8] = [
        "my working day",
        "my working hours",
        "my working pattern",
        "my working week",
        "i work part",
        "obliged to reply",
        "obliged to respond",
        "outside of your working hours",
    ];
    t.len() <= 300 && {
        let lower = t.to_lowercase();
        SAID.iter().any(|s| lower.contains(s))
    }
}
