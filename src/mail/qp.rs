//! Quoted-printable (RFC 2045) for newsletter bodies that are put together per
//! recipient: the issue is encoded once, in pieces, and each recipient's link is
//! encoded alone and placed between them with soft line breaks.

const MAX_LINE: usize = 76;

/// Encodes `text` (lines separated by `\n`) with CRLF line ends. Unless
/// `text` ends with a line break, the result ends with a soft break (`=\r\n`) so
/// whatever is appended continues the same line once decoded.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut lines = text.split('\n').peekable();
    while let Some(raw) = lines.next() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        encode_line(line, &mut out);
        if lines.peek().is_some() {
            out.push_str("\r\n");
        }
    }
    if !text.ends_with('\n') {
        out.push_str("=\r\n");
    }
    out
}

fn encode_line(line: &str, out: &mut String) {
    let bytes = line.as_bytes();
    let mut col = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let last = i + 1 == bytes.len();
        let literal = (b == b' ' || b == b'\t') && !last || (33..=126).contains(&b) && b != b'=';
        let width = if literal { 1 } else { 3 };
        // Leave room for the "=" of a soft break.
        if col + width > MAX_LINE - 1 {
            out.push_str("=\r\n");
            col = 0;
        }
        if literal {
            out.push(b as char);
        } else {
            out.push('=');
            out.push(char::from(HEX[(b >> 4) as usize]));
            out.push(char::from(HEX[(b & 15) as usize]));
        }
        col += width;
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::encode;

    /// A minimal decoder, to check round trips.
    fn decode(s: &str) -> String {
        let joined = s.replace("=\r\n", "");
        let b = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                out.push(u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap().replace("\r\n", "\n")
    }

    #[test]
    fn encoded_text_decodes_to_itself_with_short_lines() {
        let long = "Attendance – 9 of 14 (64%), £228 saved, a=b, trailing space ".repeat(5);
        for text in [
            "plain\n",
            "Siân's café = good\n",
            long.as_str(),
            "",
            "x \n y\t\n",
            "href=\"",
        ] {
            let enc = encode(text);
            assert!(enc.split("\r\n").all(|l| l.len() <= 76), "{enc}");
            assert_eq!(decode(&enc), text, "{text:?}");
        }
    }

    #[test]
    fn pieces_join_seamlessly_around_a_link() {
        let link = "https://lab.example.org/unsubscribe/abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwxyz";
        let joined = format!(
            "{}{}{}",
            encode("<a href=\""),
            encode(link),
            encode("\">Unsubscribe</a>\n")
        );
        assert_eq!(decode(&joined), format!("<a href=\"{link}\">Unsubscribe</a>\n"));
    }
}
