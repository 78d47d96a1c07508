//! OpenPGP cleartext signatures (RFC 4880 section 7): a plain-text body wrapped in
//! `-----BEGIN PGP SIGNED MESSAGE-----` and a signature block, with every line that
//! starts with a dash escaped as "- ". Mutt, NeoMutt and Enigmail users send replies
//! this way; the answers are the signed text, unescaped, without the armour.

const BEGIN: &str = "-----BEGIN PGP SIGNED MESSAGE-----";
const SIGNATURE: &str = "-----BEGIN PGP SIGNATURE-----";
const END: &str = "-----END PGP SIGNATURE-----";

/// Where a stretch of the body sits against the armour.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Outside,
    ArmourHeaders,
    Signed,
    Signature,
}

/// The body with the armour lines and signature blocks removed and dash-escaping
/// undone, or `None` when it carries no cleartext signature. Text a mail gateway put
/// around the signed part (a banner, a footer) is kept. A signed part that never
/// reaches its signature block is unescaped to the end.
pub fn unwrap(text: &str) -> Option<String> {
    if !text.contains(BEGIN) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut place = Place::Outside;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']).trim_end();
        match place {
            Place::Outside if line == BEGIN => place = Place::ArmourHeaders,
            Place::Outside => out.push_str(raw),
            // "Hash: SHA256", then one blank line before the signed text.
            Place::ArmourHeaders if line.is_empty() => place = Place::Signed,
            Place::ArmourHeaders if line.contains(": ") => {}
            Place::ArmourHeaders => {
                place = Place::Signed;
                out.push_str(unescape(raw));
            }
            Place::Signed if line == SIGNATURE => place = Place::Signature,
            Place::Signed => out.push_str(unescape(raw)),
            Place::Signature if line == END => place = Place::Outside,
            Place::Signature => {}
        }
    }
    Some(out)
}

/// "- -- " is the escaped "-- "; "- - Item" the escaped "- Item".
fn unescape(raw: &str) -> &str {
    raw.strip_prefix("- ").unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::unwrap;

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(unwrap("Hi,\n- Measures: 4\n-- \nOwen\n"), None);
    }

    #[test]
    fn armour_and_signature_go_and_dashes_are_unescaped() {
        let body = "[EXTERNAL] Take care with links.\n\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nHi Lab,\n\n- - Calls: 27\n- - Escalations: 4\n\n- -- \nOwen\n-----BEGIN PGP SIGNATURE-----\n\niQIzBAEBCAAd\n=DAqd\n-----END PGP SIGNATURE-----\nScanned by the gateway.\n";
        assert_eq!(
            unwrap(body).unwrap(),
            "[EXTERNAL] Take care with links.\n\nHi Lab,\n\n- Calls: 27\n- Escalations: 4\n\n-- \nOwen\nScanned by the gateway.\n"
        );
    }

    #[test]
    fn crlf_and_a_missing_signature_block() {
        let body =
            "-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA512\r\n\r\nChange: text reminders\r\n- -- \r\nAnn\r\n";
        assert_eq!(unwrap(body).unwrap(), "Change: text reminders\r\n-- \r\nAnn\r\n");
    }

    #[test]
    fn a_quoted_begin_line_is_not_armour() {
        assert_eq!(
            unwrap("> -----BEGIN PGP SIGNED MESSAGE-----\n> - x\n").unwrap(),
            "> -----BEGIN PGP SIGNED MESSAGE-----\n> - x\n"
        );
    }
}
