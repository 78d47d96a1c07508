use std::fmt;

/// A person's display name: one line, no control characters, at most 100 characters.
/// Line breaks are what header injection needs, so a name can never carry one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidName {
    #[error("your name must be on one line")]
    Multiline,
    #[error("your name is too long (at most 100 characters)")]
    TooLong,
}

impl PersonName {
    /// Parses an optional name; blank input is `Ok(None)`.
    pub fn parse(input: &str) -> Result<Option<Self>, InvalidName> {
        let s = input.trim();
        if s.is_empty() {
            return Ok(None);
        }
        if s.chars().any(char::is_control) {
            return Err(InvalidName::Multiline);
        }
        if s.chars().count() > 100 {
            return Err(InvalidName::TooLong);
        }
        Ok(Some(PersonName(s.to_string())))
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_line_breaks_are_refused() {
        for input in [
            "Ada\r\nBcc: x@example.com",
            "Ada\nBcc: x@example.com",
            "Ada\rX",
            "Ada\u{0}",
        ] {
            assert_eq!(PersonName::parse(input), Err(InvalidName::Multiline), "{input:?}");
        }
    }

    #[test]
    fn ordinary_names_are_kept() {
        assert_eq!(
            PersonName::parse("  Siân Llewellyn-O'Brien ")
                .unwrap()
                .unwrap()
                .as_str(),
            "Siân Llewellyn-O'Brien"
        );
        assert_eq!(PersonName::parse("   ").unwrap(), None);
        assert_eq!(PersonName::parse(&"x".repeat(101)), Err(InvalidName::TooLong));
    }
}
