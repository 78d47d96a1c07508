use std::fmt;

/// A syntactically valid email address, stored lower-cased (so it is a stable key).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress(String);

/// Why an address was refused, in words a visitor understands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEmail {
    #[error("please enter an email address")]
    Empty,
    #[error("that email address is too long")]
    TooLong,
    #[error("that does not look like an email address (it should look like name@example.org)")]
    Malformed,
}

impl EmailAddress {
    /// Parses an address typed by a person or found in a header (`<…>` brackets allowed).
    pub fn parse(input: &str) -> Result<Self, InvalidEmail> {
        let s = input.trim();
        let s = s
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or(s)
            .trim();
        if s.is_empty() {
            return Err(InvalidEmail::Empty);
        }
        if s.len() > 254 {
            return Err(InvalidEmail::TooLong);
        }
        // Quoted local parts and IP-literal domains are legal but never typed by our
        // users; refusing them keeps every address safe to put in a header unquoted.
        if s.chars().any(|c| {
            c.is_control()
                || c.is_whitespace()
                || matches!(c, '"' | '<' | '>' | '(' | ')' | ',' | ';' | '[' | ']' | '\\')
        }) {
            return Err(InvalidEmail::Malformed);
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err(InvalidEmail::Malformed);
        };
        if local.is_empty()
            || local.len() > 64
            || local.starts_with('.')
            || local.ends_with('.')
            || local.contains("..")
        {
            return Err(InvalidEmail::Malformed);
        }
        if !email_address::EmailAddress::is_valid(s) {
            return Err(InvalidEmail::Malformed);
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        // `localhost` is allowed so a fresh install can use lab@localhost.
        if !domain_ok && !domain.eq_ignore_ascii_case("localhost") {
            return Err(InvalidEmail::Malformed);
        }
        Ok(EmailAddress(s.to_lowercase()))
    }

    /// The address as text (lower-cased).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local(&self) -> &str {
        self.0.rsplit_once('@').map(|(l, _)| l).unwrap_or(&self.0)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }

    /// The same mailbox with `+tag` added to the local part.
    pub fn with_tag(&self, tag: &str) -> String {
        format!("{}+{}@{}", self.local(), tag, self.domain())
    }

    /// The lettre form, for building messages.
    pub fn to_lettre(&self) -> anyhow::Result<lettre::Address> {
        Ok(self.0.parse()?)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_addresses_are_accepted_and_lower_cased() {
        for (input, expected) in [
            ("ada@example.org", "ada@example.org"),
            ("  Ada.Lovelace@Example.ORG ", "ada.lovelace@example.org"),
            ("<physio+lab@nhs.example.uk>", "physio+lab@nhs.example.uk"),
            ("o'brien@hb.wales.example", "o'brien@hb.wales.example"),
            ("lab@localhost", "lab@localhost"),
        ] {
            assert_eq!(
                EmailAddress::parse(input).map(|e| e.0),
                Ok(expected.to_string()),
                "{input}"
            );
        }
    }

    #[test]
    fn invalid_addresses_are_refused() {
        for input in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "ada@@example.org",
            "ada lovelace@example.org",
            "ada@example.org\r\nBcc: x@example.com",
            "ada@example..org",
            ".ada@example.org",
            "ada@-example.org",
            "\"ada\"@example.org",
            "ada@[127.0.0.1]",
            &format!("{}@example.org", "a".repeat(65)),
            &format!("a@{}.org", "b".repeat(260)),
        ] {
            assert!(EmailAddress::parse(input).is_err(), "{input:?} was accepted");
        }
    }

    #[test]
    fn tags_hang_off_the_local_part() {
        let a = EmailAddress::parse("lab@lab.example.org").unwrap();
        assert_eq!(a.with_tag("join"), "lab+join@lab.example.org");
        assert_eq!(a.local(), "lab");
        assert_eq!(a.domain(), "lab.example.org");
    }
}
