//! E-mail addresses found in headers and in the free text of notices.

use std::sync::LazyLock;

use mail_parser::Address;
use regex::Regex;

/// Matches one e-mail address inside free text (`local@domain.tld`).
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}\b")
        .expect("address regex")
});

/// Appends the lowercased addresses of a parsed address field.
pub(super) fn push_addresses(out: &mut Vec<String>, addr: &Address<'_>) {
    for a in addr.iter() {
        if let Some(address) = a.address.as_deref() {
            for found in all_addresses(address) {
                push_unique(out, found);
            }
        }
    }
}

/// Appends `value` unless it is already present.
pub(super) fn push_unique(out: &mut Vec<String>, value: String) {
    if !out.contains(&value) {
        out.push(value);
    }
}

/// Normalises one address: trims brackets and dots, lowercases.
pub(super) fn normalise_address(raw: &str) -> String {
    raw.trim()
        .trim_matches(|c: char| c == '<' || c == '>' || c == '.' || c == '"' || c == '\'')
        .to_ascii_lowercase()
}

/// The first e-mail address in some text, normalised.
pub(super) fn first_address(text: &str) -> Option<String> {
    ADDRESS
        .find(text)
        .map(|m| normalise_address(m.as_str()))
        .filter(|a| is_plausible_address(a))
}

/// Every e-mail address in some text, normalised, in order, without repeats.
pub(super) fn all_addresses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for m in ADDRESS.find_iter(text) {
        let a = normalise_address(m.as_str());
        if is_plausible_address(&a) {
            push_unique(&mut out, a);
        }
    }
    out
}

/// Every address match in some text with its byte span.
pub(super) fn address_spans(text: &str) -> Vec<(usize, usize, String)> {
    ADDRESS
        .find_iter(text)
        .map(|m| (m.start(), m.end(), normalise_address(m.as_str())))
        .filter(|(_, _, a)| is_plausible_address(a))
        .collect()
}

/// Rejects strings that the address pattern matches but that are not
/// addresses worth reporting (empty local part, message-id-like noise).
fn is_plausible_address(a: &str) -> bool {
    match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !local.starts_with('.') && local.len() <= 64
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_addresses_in_text() {
        let found = all_addresses("<Kijitora@Example.JP>: host said 550; also x@y.org.");
        assert_eq!(found, vec!["kijitora@example.jp", "x@y.org"]);
        assert_eq!(first_address("none here"), None);
    }
}
