//! Arbitrary bytes through `labloop parse-reply`'s function: MIME parse,
//! classification and reply extraction. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = labloop::inbound::parse_reply::parse_reply(data);
    // The CLI prints every result as JSON: that must not fail either.
    serde_json::to_vec(&parsed).expect("a parse-reply result serialises to JSON");
});
