//! Arbitrary UTF-8 text through the reply reader on its own: the plain-text
//! extraction, the same text read as an HTML body, and the HTML-to-text
//! conversion. Any panic is a bug.
#![no_main]

use labloop::inbound::reply::{extract, html_to_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = extract(Some(text), None);
    let _ = extract(None, Some(text));
    let _ = html_to_text(text);
});
