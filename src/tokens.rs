//! Signed tokens: the links in emails, and the tokens in reply addresses.
//!
//! A token is `base32(payload ‖ mac)`, lower-case, so it survives in an email address
//! whose local part a mail server may lower-case. The payload is the purpose, a few
//! numbers and an optional expiry; the MAC is the first 10 bytes of HMAC-SHA256.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// What a token may be used for; a token signed for one purpose is refused for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Purpose {
    /// Confirm a subscription: `[subscriber id, nonce]`.
    Confirm = 1,
    /// Unsubscribe: `[subscriber id]`.
    Unsubscribe = 2,
    /// Reply to a cycle reminder: `[cycle id, person id]`.
    CycleReply = 3,
    /// Open the cycle form: `[cycle id, person id]`.
    CycleForm = 4,
    /// Reply to a newsletter review email: `[issue id, editor id]`.
    Review = 5,
    /// Editor sign-in link: `[editor id, nonce]`.
    Login = 6,
    /// The envelope sender of an outgoing email: `[outbox message key]`.
    Bounce = 7,
    /// A web form that must not be posted from another site: `[issued at]`.
    FormGuard = 8,
}

impl Purpose {
    fn from_u8(b: u8) -> Option<Self> {
        Some(match b {
            1 => Purpose::Confirm,
            2 => Purpose::Unsubscribe,
            3 => Purpose::CycleReply,
            4 => Purpose::CycleForm,
            5 => Purpose::Review,
            6 => Purpose::Login,
            7 => Purpose::Bounce,
            8 => Purpose::FormGuard,
            _ => return None,
        })
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the link is incomplete or damaged")]
    Malformed,
    #[error("the link was not issued by this Lab")]
    Forged,
    #[error("the link is meant for something else")]
    WrongPurpose,
    #[error("the link has expired")]
    Expired,
}

const MAC_LEN: usize = 10;

/// Signs and verifies tokens with the installation's secret.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(****)")
    }
}

impl Signer {
    /// A signer whose key is derived from the configured secret.
    pub fn new(secret: &str) -> Self {
        let mut h = Sha256::new();
        h.update(b"labloop token key v1\0");
        h.update(secret.as_bytes());
        Signer {
            key: h.finalize().into(),
        }
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail.
        <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length")
    }

    /// Signs `values` for `purpose`, valid until `expires` (or for ever).
    pub fn sign(&self, purpose: Purpose, values: &[u64], expires: Option<DateTime<Utc>>) -> String {
        let mut payload = vec![purpose as u8, values.len() as u8];
        for v in values {
            put_varint(&mut payload, *v);
        }
        // Expiry in whole minutes since the epoch, +1 so that 0 means "never".
        let exp = expires.map(|t| (t.timestamp().max(0) as u64) / 60 + 1).unwrap_or(0);
        put_varint(&mut payload, exp);
        let mut mac = self.mac();
        mac.update(&payload);
        let tag = mac.finalize().into_bytes();
        payload.extend_from_slice(&tag[..MAC_LEN]);
        base32_encode(&payload)
    }

    /// Checks a token's signature, purpose and expiry and returns its values.
    pub fn verify(&self, purpose: Purpose, token: &str, now: DateTime<Utc>) -> Result<Vec<u64>, TokenError> {
        let bytes = base32_decode(token.trim()).ok_or(TokenError::Malformed)?;
        if bytes.len() < MAC_LEN + 3 || bytes.len() > 200 {
            return Err(TokenError::Malformed);
        }
        let (payload, tag) = bytes.split_at(bytes.len() - MAC_LEN);
        let mut mac = self.mac();
        mac.update(payload);
        mac.verify_truncated_left(tag).map_err(|_| TokenError::Forged)?;
        let found = Purpose::from_u8(payload[0]).ok_or(TokenError::Malformed)?;
        if found != purpose {
            return Err(TokenError::WrongPurpose);
        }
        let count = payload[1] as usize;
        let mut rest = &payload[2..];
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            values.push(take_varint(&mut rest).ok_or(TokenError::Malformed)?);
        }
        let exp = take_varint(&mut rest).ok_or(TokenError::Malformed)?;
        if !rest.is_empty() {
            return Err(TokenError::Malformed);
        }
        if exp != 0 && (now.timestamp().max(0) as u64) / 60 >= exp - 1 {
            return Err(TokenError::Expired);
        }
        Ok(values)
    }
}

/// SHA-256 of text, as lower-case hex (used to keep erased addresses suppressed).
pub fn sha256_hex(text: &str) -> String {
    sha256_hex_bytes(text.as_bytes())
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A random 63-bit number (fits a signed database integer).
pub fn random_nonce() -> u64 {
    rand::random::<u64>() >> 1
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn take_varint(input: &mut &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for i in 0..10 {
        let (&b, rest) = input.split_first()?;
        *input = rest;
        v |= u64::from(b & 0x7f).checked_shl(7 * i)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c.to_ascii_lowercase() {
            c @ b'a'..=b'z' => c - b'a',
            c @ b'2'..=b'7' => c - b'2' + 26,
            _ => return None,
        };
        buf = (buf << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
        buf &= (1 << bits) - 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn signer() -> Signer {
        Signer::new("a test secret that is long enough")
    }

    #[test]
    fn a_signed_token_verifies_and_returns_its_values() {
        let now = Utc::now();
        let t = signer().sign(Purpose::Confirm, &[42, u64::MAX >> 1], Some(now + Duration::days(7)));
        assert!(t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()), "{t}");
        assert_eq!(signer().verify(Purpose::Confirm, &t, now), Ok(vec![42, u64::MAX >> 1]));
        assert_eq!(
            signer().verify(Purpose::Confirm, &t.to_uppercase(), now),
            Ok(vec![42, u64::MAX >> 1])
        );
    }

    #[test]
    fn tampered_expired_and_misused_tokens_are_refused() {
        let now = Utc::now();
        let s = signer();
        let t = s.sign(Purpose::Confirm, &[42, 7], Some(now + Duration::days(7)));
        let mut flipped = t.clone().into_bytes();
        flipped[3] = if flipped[3] == b'a' { b'b' } else { b'a' };
        let flipped = String::from_utf8(flipped).unwrap();
        let cases: Vec<(&str, String, Purpose, DateTime<Utc>, TokenError)> = vec![
            ("flipped character", flipped, Purpose::Confirm, now, TokenError::Forged),
            (
                "other secret",
                Signer::new("another secret entirely!!").sign(Purpose::Confirm, &[42, 7], None),
                Purpose::Confirm,
                now,
                TokenError::Forged,
            ),
            (
                "wrong purpose",
                t.clone(),
                Purpose::Unsubscribe,
                now,
                TokenError::WrongPurpose,
            ),
            (
                "expired",
                t.clone(),
                Purpose::Confirm,
                now + Duration::days(8),
                TokenError::Expired,
            ),
            (
                "garbage",
                "not-a-token!".into(),
                Purpose::Confirm,
                now,
                TokenError::Malformed,
            ),
            ("empty", String::new(), Purpose::Confirm, now, TokenError::Malformed),
            (
                "truncated",
                t[..t.len() - 4].to_string(),
                Purpose::Confirm,
                now,
                TokenError::Forged,
            ),
        ];
        for (name, token, purpose, at, expected) in cases {
            assert_eq!(s.verify(purpose, &token, at), Err(expected), "case {name}");
        }
    }

    #[test]
    fn tokens_are_short_enough_for_an_address_local_part() {
        let t = signer().sign(Purpose::CycleReply, &[123_456, 654_321], None);
        assert!(t.len() + "lab+c.".len() <= 64, "{} chars", t.len());
    }

    #[test]
    fn base32_round_trips() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base32_decode(&base32_encode(&bytes)).unwrap(), bytes, "len {len}");
        }
    }
}
