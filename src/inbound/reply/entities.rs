//! HTML character references (`&amp;`, `&#8217;`, `&#x2019;`).

/// The character a named reference stands for; covers the names mail clients
/// actually emit, not the full HTML table.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "NonBreakingSpace" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "zwnj" | "zwj" | "shy" => '\u{200b}',
        "ndash" => '–',
        "mdash" => '—',
        "hyphen" | "dash" => '‐',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "pound" => '£',
        "euro" => '€',
        "dollar" => '$',
        "cent" => '¢',
        "yen" => '¥',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "percnt" => '%',
        "sect" => '§',
        "para" => '¶',
        "iexcl" => '¡',
        "iquest" => '¿',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "szlig" => 'ß',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Iacute" => 'Í',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        "wcirc" => 'ŵ',
        "ycirc" => 'ŷ',
        "Wcirc" => 'Ŵ',
        "Ycirc" => 'Ŷ',
        _ => return None,
    })
}

/// Decodes the reference at the start of `s` (which begins with `&`).
/// Returns the character and how many bytes the reference used.
pub(super) fn decode_at(s: &str) -> Option<(char, usize)> {
    let body = s.strip_prefix('&')?;
    // References are short; a longer run is plain text with an ampersand.
    let end = body.char_indices().take(33).find(|(_, c)| *c == ';')?.0;
    let name = &body[..end];
    let used = end + 2;
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        let c = match code {
            0 => '\u{fffd}',
            // Windows-1252 code points that HTML maps to real characters.
            0x80 => '€',
            0x91 => '‘',
            0x92 => '’',
            0x93 => '“',
            0x94 => '”',
            0x96 => '–',
            0x97 => '—',
            0x85 => '…',
            _ => char::from_u32(code).unwrap_or('\u{fffd}'),
        };
        return Some((c, used));
    }
    named(name).map(|c| (c, used))
}

/// Decodes every reference in `s`; anything unrecognised is kept as written.
pub(super) fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        match decode_at(tail) {
            Some((c, used)) => {
                if c != '\u{200b}' {
                    out.push(c);
                }
                rest = &tail[used..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
