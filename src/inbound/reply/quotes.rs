//! Where quoted history starts: attribution lines ("On … wrote:") in many
//! languages, also when wrapped over several lines; Outlook header blocks
//! (`From:`/`Sent:`/`To:`/`Subject:` and their translations); "Original
//! Message" and "Forwarded message" separators; Outlook's line of underscores.

use std::sync::LazyLock;

use regex::Regex;

use super::text::split_quote;

/// A marker that begins quoted or forwarded history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// An attribution line, possibly wrapped; the number of lines it spans.
    Header(usize),
    /// A block of mail headers (`From:`, `Sent:`, …); lines up to the first blank.
    Block(usize),
    /// `-----Original Message-----`, `---------- Forwarded message ---------`,
    /// `Begin forwarded message:` and translations.
    Separator,
    /// A line of underscores (Outlook, mailing-list footers).
    Rule,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

/// Attribution verbs at the end of the line: "wrote:", "a écrit :", "schreef:".
static VERB_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?P<en>wrote|writes)|\b(?:escribió|escreveu|scritto|schreef|geschreven|skrev|kirjoitti|ysgrifennodd|napisała?(?:\(a\))?|pisze|написала?(?:\(а\))?|пише|написав|írta|schrieb)|\ba\s+écrit|\ba\s+scris|\bέγραψε|\byazdı|എഴുതി|लिखा|எழுதினார்|写道|寫道)\s*[:：]?\s*[-–—]*\s*$",
    )
});

/// Attribution verbs anywhere, for word orders like "Am … schrieb X <x>:".
static VERB_ANY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:wrote|schrieb|schreef|skrev|escribió|escreveu|scritto|napisała?|pisze|написала?|пише|kirjoitti|írta|ysgrifennodd)\b|\ba\s+écrit\b|\ba\s+scris\b",
    )
});

/// Webmail's "Quoting Jane <jane@x.org>:" (Horde, and its translations).
static QUOTING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:quoting|zitat\s+von|citando|citation|cytuję|citeren)\s+.{1,160}[:：]$"));

/// A time of day, `09:00`, `17.50`, `10h30`.
static TIME: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)\d{1,2}[:.h]\d{2}(?-u:\b)"));

/// A four-digit year.
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)(?:19|20)\d{2}(?-u:\b)"));

/// English leads: "On …", "At …".
static LEAD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^[-\s]*(?:on|at)\s"));

/// An address closing the line before a colon: `<jane@x.org>:`, `(jane@x.org):`.
static ADDR_END: LazyLock<Regex> =
    LazyLock::new(|| re(r"[<(\[]?\s*[^\s<>()\[\]]+@[^\s<>()\[\]]+\s*[>)\]]?\s*[:：]\s*$"));

/// A line starting with a numeric date: `2016-03-03`, `2013/7/20`, `30.09.2017`.
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?-u:\b)"));

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[*_\s]*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|mensagem original|messaggio originale|oorspronkelijk bericht|oprindelig besked|opprinnelig melding|originalmeddelande|ursprungligt meddelande|alkuperäinen viesti|wiadomość oryginalna|oryginalna wiadomość|neges wreiddiol|исходное сообщение|pesan asli|pesan asal|mesaj(?:ul)? original|původní zpráva|pôvodná správa|eredeti üzenet|αρχικό μήνυμα|orijinal (?:ileti|mesaj)|özgün ileti|orihinal na mensahe|originali žinutė|pradinis laiškas|оригінальне повідомлення|вихідне повідомлення|oprindelig meddelelse|izvorna poruka|originalna poruka|原始邮件|元のメッセージ|원본 메시지|missatge original|forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|videresendt (?:melding|meddelelse)|vidarebefordrat meddelande|neges wedi'i hanfon ymlaen|pesan (?:yang )?diteruskan|přeposlaná zpráva|továbbított üzenet|προωθημένο μήνυμα|iletilen (?:ileti|mesaj)|mensagem encaminhada|wiadomość przekazana dalej|välitetty viesti|mesaj redirecționat|переслане повідомлення|пересланное сообщение)\s*-{2,}[*_\s]*$",
    )
});

static FORWARD_BEGIN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:begin forwarded message|début du message réexpédié|anfang der weitergeleiteten nachricht|inicio del mensaje reenviado|inizio messaggio inoltrato|begin doorgestuurd bericht)\s*[:：]?\s*$",
    )
});

/// True for the line that starts a forwarded message ("---------- Forwarded
/// message ---------", "Begin forwarded message:" and translations).
pub(super) fn is_forward_separator(line: &str) -> bool {
    let t = line.trim();
    if t.len() > 120 {
        return false;
    }
    let lower = t.to_lowercase();
    let forward_words = [
        "forward",
        "weitergeleitet",
        "transféré",
        "reenviado",
        "inoltrato",
        "doorgestuurd",
        "videresendt",
        "vidarebefordrat",
        "hanfon ymlaen",
        "réexpédié",
        "diteruskan",
        "přeposlan",
        "továbbított",
        "προωθημένο",
        "iletilen",
        "encaminhad",
        "przekazana",
        "välitetty",
        "redirecționat",
        "переслан",
    ];
    forward_words.iter().any(|w| lower.contains(w)) && (SEPARATOR.is_match(t) || FORWARD_BEGIN.is_match(t))
}

/// True for a line `t` (trimmed) that is a [`Mark::Separator`]: "-----Original
/// Message-----", "---------- Forwarded message ---------", "Begin forwarded message:"
/// and translations.
pub(super) fn is_separator(t: &str) -> bool {
    (t.starts_with(['-', '*', '_']) && SEPARATOR.is_match(t))
        || (t.len() < 80 && t.starts_with(['b', 'B', 'd', 'D', 'a', 'A', 'i', 'I']) && FORWARD_BEGIN.is_match(t))
}

/// The quoted-history marker starting at unquoted line `i`, if any.
pub(super) fn mark_at(lines: &[&str], i: usize) -> Option<Mark> {
    let line = lines.get(i)?;
    let t = line.trim();
    if t.is_empty() || t.len() > 600 {
        return None;
    }
    if is_rule(t) {
        return rule_ends_text(lines, i).then_some(Mark::Rule);
    }
    if is_separator(t) {
        return Some(Mark::Separator);
    }
    if let Some(span) = header_block_at(lines, i) {
        return Some(Mark::Block(span));
    }
    header_at(lines, i).map(Mark::Header)
}

/// GroupWise's attribution: `>>> Improvement Lab <lab@lab.example.org> 01/12/2026 09:00 >>>`
/// (or with the name alone). Its arrows would otherwise read as three levels of quoting.
pub(super) fn is_groupwise_header(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 300
        && t.len() > 8
        && t.starts_with(">>> ")
        && t.ends_with(" >>>")
        && t.bytes().any(|b| b.is_ascii_digit() || b == b'@')
}

/// True when the line of underscores at `i` starts history or a footer: nothing but
/// history, quoted lines or a list's footer comes under it. A line of underscores
/// over the start of an answer (an HTML `<hr>`, or "___" typed between answers)
/// divides the writer's own text.
fn rule_ends_text(lines: &[&str], i: usize) -> bool {
    let Some(j) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) else {
        return true;
    };
    let next = lines[j];
    if super::text::is_quoted(next) || is_rule(next.trim()) || mark_at(lines, j).is_some() {
        return true;
    }
    super::labels::marker(next).is_none()
}

/// True for a line of two or more underscores and nothing else.
fn is_rule(t: &str) -> bool {
    let inner = t.trim_matches(|c: char| c == '*' || c.is_whitespace());
    inner.len() >= 2 && inner.bytes().all(|b| b == b'_')
}

/// True when the text of a single (possibly quoted) line is an attribution.
pub(super) fn is_header_text(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 400 {
        return false;
    }
    let has_at = s.contains('@');
    if !has_at && !s.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let colon_end = s.ends_with([':', '：']);
    let starts_digit = s.as_bytes().first().is_some_and(u8::is_ascii_digit);
    // VERB_END is anchored at the end, so this scans backwards and stops early.
    if may_end_with_verb(s) && VERB_END.is_match(s) {
        let english = VERB_END.captures(s).is_some_and(|caps| caps.name("en").is_some());
        return !english || has_at || s.contains('<') || LEAD.is_match(s) || TIME.is_match(s);
    }
    if !colon_end && !starts_digit {
        return false;
    }
    if colon_end {
        if has_at && QUOTING.is_match(s) {
            return true;
        }
        if VERB_ANY.is_match(s) && (has_at || TIME.is_match(s) || YEAR.is_match(s)) {
            return true;
        }
        if ADDR_END.is_match(s) && TIME.is_match(s) {
            return true;
        }
    }
    if NUMERIC_DATE.is_match(s) && (has_at || s.contains("GMT")) && s.len() <= 200 {
        return true;
    }
    false
}

/// Words that open an attribution: "On", "Am", "Le", "Op", …
static LEAD_ANY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^[-\s]*(?:on|am|le|el|op|il|em|den|dnia|w\s+dniu|ar|in\s+data|på)\s"));

/// A sentence boundary inside a line: ". The".
static SENTENCE_BREAK: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Ll}{2}[.!?]\s+\p{Lu}"));

/// An attribution starting at line `i`, joined with up to five following lines
/// when a client wrapped it; returns how many lines it spans.
fn header_at(lines: &[&str], i: usize) -> Option<usize> {
    let first = lines[i].trim();
    if is_header_text(first) {
        return Some(1);
    }
    let has_digit_or_at = first.bytes().any(|b| b.is_ascii_digit() || b == b'@');
    if first.len() > 160 || !has_digit_or_at || ends_sentence(first) || SENTENCE_BREAK.is_match(first) {
        return None;
    }
    // Only join when one of the next lines could end an attribution.
    let could_end = lines[i + 1..].iter().take(5).any(|l| may_end_header(l.trim()));
    if !could_end {
        return None;
    }
    let opens = LEAD_ANY.is_match(first);
    let mut joined = String::with_capacity(256);
    joined.push_str(first);
    for k in 1..=5 {
        let Some(next) = lines.get(i + k) else { break };
        let t = next.trim();
        let (depth, inner) = split_quote(t);
        // A quoted line can end a wrapped attribution only as a short tail
        // ("> wrote:"); a finished sentence or a new "On …" is not part of it.
        if t.len() > 160
            || (depth > 0 && inner.len() > 24)
            || (depth == 0 && (ends_sentence(t) || LEAD_ANY.is_match(t)))
        {
            break;
        }
        if t.is_empty() {
            continue;
        }
        // A whole attribution on its own line, with its date or time, starts there, not
        // here ("Measures: 12" above "Jo <jo@x.org> schrieb am Mo., 3. März 2027, 09:00:"),
        // unless this line opens one ("On Tue, 3 Mar 2027" over "at 09:00 Jo <…> wrote:").
        let may_be_whole = t.ends_with([':', '：']) || t.starts_with(|c: char| c.is_ascii_digit());
        if !opens && may_be_whole && (TIME.is_match(t) || YEAR.is_match(t)) && is_header_text(t) {
            break;
        }
        joined.push(' ');
        joined.push_str(t);
        if is_header_text(&joined) {
            return Some(k + 1);
        }
    }
    None
}

/// Cheap test: could this line be the last line of an attribution?
fn may_end_header(t: &str) -> bool {
    let core = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—'));
    core.ends_with([':', '：', '>']) || (may_end_with_verb(core) && VERB_END.is_match(core))
}

/// Cheap test: does the line end with the last letter of an attribution verb
/// (wrote, schreef, escribió, napisał(a), έγραψε, yazdı, എഴുതി, 写道, …), colons and
/// dashes aside?
fn may_end_with_verb(t: &str) -> bool {
    let core = t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '：'));
    core.chars()
        .next_back()
        .is_some_and(|c| "esóuofnvidłaлаевbt道)εıा\u{0D3F}\u{0BCD}".contains(c))
}

/// True when the line reads as a finished sentence ("…patients.", "…TWICE!"),
/// which a wrapped attribution's first line never is; `28.` and date
/// abbreviations (`Apr.`, `nachm.`) are not sentence ends.
fn ends_sentence(t: &str) -> bool {
    let mut rev = t.chars().rev();
    match rev.next() {
        Some('!' | '?') => true,
        Some('.') => {
            let body = t.trim_end_matches('.');
            let start = body
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(body.len(), |(i, _)| i);
            let word = body[start..].to_lowercase();
            let abbreviation = matches!(
                word.as_str(),
                "nachm" | "vorm" | "sept" | "janv" | "févr" | "juil" | "déc" | "okt"
            );
            word.chars().count() >= 4 && !abbreviation
        }
        _ => false,
    }
}

/// The canonical meaning of a mail-header key in several languages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    From,
    To,
    Date,
    Subject,
    Cc,
    ReplyTo,
}

fn key_of(line: &str) -> Option<Key> {
    let t = line.trim_start();
    let head = &t.as_bytes()[..t.len().min(60)];
    let wide = "：".as_bytes();
    let colon = head
        .iter()
        .position(|&b| b == b':')
        .or_else(|| head.windows(wide.len()).position(|w| w == wide))?;
    let raw = t[..colon].trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace());
    if raw.is_empty() || raw.len() > 40 {
        return None;
    }
    let mut buf = [0u8; 40];
    let key: std::borrow::Cow<'_, str> = if raw.is_ascii() {
        let lower = &mut buf[..raw.len()];
        lower.copy_from_slice(raw.as_bytes());
        lower.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(lower).unwrap_or(""))
    } else {
        std::borrow::Cow::Owned(raw.to_lowercase())
    };
    key_word(&key).or_else(|| {
        // Bilingual clients: "Oddi wrth / From:", "Anfonwyd / Sent:".
        let (a, b) = key.split_once(" / ")?;
        key_word(b.trim()).or_else(|| key_word(a.trim()))
    })
}

fn key_word(key: &str) -> Option<Key> {
    Some(match key {
        "from" | "de" | "von" | "van" | "da" | "fra" | "från" | "od" | "oddi wrth" | "lähettäjä" | "от"
        | "afzender" | "remitente" | "expéditeur" | "发件人" | "寄件者" | "dari" | "kimden" | "від" | "feladó"
        | "odesílatel" | "από" | "nuo" | "mula kay" | "de la" | "remetente" | "mittente" | "absender" | "差出人"
        | "보낸 사람" => Key::From,
        "to" | "à" | "a" | "an" | "aan" | "para" | "till" | "til" | "do" | "at" | "vastaanottaja" | "кому"
        | "收件人" | "destinataire" | "empfänger" | "ke" | "kepada" | "kime" | "címzett" | "komu" | "προς" | "kam"
        | "kay" | "către" | "catre" | "destinatário" | "destinatario" | "宛先" | "받는 사람" => Key::To,
        "sent"
        | "date"
        | "datum"
        | "dato"
        | "data"
        | "fecha"
        | "envoyé"
        | "envoyé le"
        | "gesendet"
        | "verzonden"
        | "inviato"
        | "enviado"
        | "enviada"
        | "skickat"
        | "sendt"
        | "wysłano"
        | "wysłane"
        | "anfonwyd"
        | "dyddiad"
        | "lähetetty"
        | "päivämäärä"
        | "отправлено"
        | "дата"
        | "发送时间"
        | "日期"
        | "message du"
        | "sent at"
        | "gesendet am"
        | "tanggal"
        | "dikirim"
        | "terkirim"
        | "gönderildi"
        | "gönderilme"
        | "tarih"
        | "надіслано"
        | "elküldve"
        | "dátum"
        | "odesláno"
        | "odoslané"
        | "στάλθηκε"
        | "ημερομηνία"
        | "išsiųsta"
        | "ipinadala"
        | "petsa"
        | "trimis"
        | "dată"
        | "送信日時"
        | "보낸 날짜" => Key::Date,
        "subject" | "objet" | "betreff" | "onderwerp" | "oggetto" | "asunto" | "assunto" | "ämne" | "emne"
        | "temat" | "pwnc" | "aihe" | "тема" | "主题" | "sujet" | "subjek" | "perihal" | "konu" | "tárgy"
        | "předmět" | "predmet" | "θέμα" | "tema" | "paksa" | "subiect" | "件名" | "제목" => Key::Subject,
        "cc" | "bcc" | "copie à" | "kopie" | "cci" | "cco" | "kopia" | "kopio" | "bilgi" | "másolat" | "κοιν"
        | "копія" | "копия" | "tembusan" => Key::Cc,
        "reply-to" | "risposta" | "rispondi a" | "antwort an" | "répondre à" | "responder a" => Key::ReplyTo,
        _ => return None,
    })
}

/// A block of at least three distinct mail headers starting at line `i`,
/// with a sender or a recipient and subject; returns the lines up to the
/// first blank line.
fn header_block_at(lines: &[&str], i: usize) -> Option<usize> {
    let first = key_of(lines[i])?;
    let mut seen: Vec<Key> = vec![first];
    let mut end = i + 1;
    let mut continuation = 0;
    while end < lines.len() && end < i + 12 {
        let line = lines[end];
        if line.trim().is_empty() {
            break;
        }
        match key_of(line) {
            Some(k) => {
                continuation = 0;
                if !seen.contains(&k) {
                    seen.push(k);
                }
            }
            None => {
                continuation += 1;
                if continuation > 2 {
                    break;
                }
            }
        }
        end += 1;
    }
    let has = |k: Key| seen.contains(&k);
    let enough = seen.len() >= 3 && (has(Key::From) || (has(Key::To) && has(Key::Subject)));
    enough.then_some(end - i)
}

/// Lines of a header block (or any run of non-blank lines) from `i` to the
/// first blank line, used to skip headers at the very top of a message.
pub(super) fn run_len(lines: &[&str], i: usize) -> usize {
    lines[i..]
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(lines.len() - i)
}
