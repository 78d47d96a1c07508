//! Which of our addresses a message was sent to, and what that address means.
use crate::domain::EmailAddress;

/// What the address a message was sent to asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `<local>+join@<domain>`: subscribe the sender.
    Join,
    /// `<local>+leave@<domain>`: unsubscribe the sender.
    Leave,
    /// `+s.<token>`: a reply to a confirmation email.
    Confirm(String),
    /// `+c.<token>`: a reply to a cycle reminder.
    Cycle(String),
    /// `+n.<token>`: a reply to a newsletter review email.
    Review(String),
    /// `+b.<token>`: a bounce of one of our emails (VERP).
    Bounce(String),
    /// The base address itself.
    Base,
}

impl Route {
    fn from_tag(tag: &str) -> Option<Route> {
        let tag = tag.to_ascii_lowercase();
        match tag.as_str() {
            "join" | "subscribe" => return Some(Route::Join),
            "leave" | "unsubscribe" => return Some(Route::Leave),
            _ => {}
        }
        let (kind, token) = tag.split_once('.')?;
        // Our tokens are base32, but any letters and digits make the route: a token
        // that is not ours is then refused by its check, as a forged token, rather
        // than the message being read as a stranger's.
        if token.is_empty() || !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let token = token.to_string();
        Some(match kind {
            "s" => Route::Confirm(token),
            "c" => Route::Cycle(token),
            "n" => Route::Review(token),
            "b" => Route::Bounce(token),
            _ => return None,
        })
    }
}

/// The route of the first recipient that is one of our addresses. With `base` (the
/// configured inbound address) only its own plus-addresses count; without it (the
/// `parse-reply` command needs no configuration) any `+join`, `+leave` or
/// `+<kind>.<token>` address does.
pub fn route_for(recipients: &[String], base: Option<&EmailAddress>) -> Option<Route> {
    let mut found_base = false;
    for r in recipients {
        let Some((local, domain)) = r.rsplit_once('@') else {
            continue;
        };
        let (user, tag) = match local.split_once('+') {
            Some((u, t)) => (u, Some(t)),
            None => (local, None),
        };
        if let Some(b) = base
            && (!domain.eq_ignore_ascii_case(b.domain()) || !user.eq_ignore_ascii_case(b.local()))
        {
            continue;
        }
        match tag.and_then(Route::from_tag) {
            Some(route) => return Some(route),
            None if base.is_some() && tag.is_none() => found_base = true,
            None => {}
        }
    }
    found_base.then_some(Route::Base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recips(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plus_addresses_name_their_route() {
        let base = EmailAddress::parse("lab@lab.example.org").unwrap();
        let cases = [
            (vec!["lab+join@lab.example.org"], Some(Route::Join)),
            (vec!["LAB+Leave@Lab.Example.org"], Some(Route::Leave)),
            (
                vec!["lab+c.abc234@lab.example.org"],
                Some(Route::Cycle("abc234".into())),
            ),
            (
                vec!["lab+C.ABC234@lab.example.org"],
                Some(Route::Cycle("abc234".into())),
            ),
            (
                vec!["someone@else.org", "lab+s.xyz@lab.example.org"],
                Some(Route::Confirm("xyz".into())),
            ),
            (vec!["lab@lab.example.org"], Some(Route::Base)),
            (vec!["lab+c.abc@other.example.org"], None),
            (vec!["other+join@lab.example.org"], None),
            (vec!["lab+c.not*base32@lab.example.org"], None),
            // Not base32, so not one of ours: the route stands and the token's check refuses it.
            (
                vec!["lab+c.re1thr087el7@lab.example.org"],
                Some(Route::Cycle("re1thr087el7".into())),
            ),
            (vec![], None),
        ];
        for (list, expected) in cases {
            assert_eq!(route_for(&recips(&list), Some(&base)), expected, "{list:?}");
        }
    }

    #[test]
    fn without_configuration_any_tagged_address_counts() {
        assert_eq!(
            route_for(&recips(&["team+c.abcd@x.org"]), None),
            Some(Route::Cycle("abcd".into()))
        );
        assert_eq!(route_for(&recips(&["plain@x.org"]), None), None);
    }
}
