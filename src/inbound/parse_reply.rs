//! `labloop parse-reply`: what labloop reads in raw emails, as JSON lines.
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::reply::Fields;
use super::{InboundMessage, Kind, classify};

/// The JSON printed for one message (the public contract).
#[derive(Debug, Serialize)]
pub struct ParsedReply {
    pub kind: Kind,
    pub reply_text: String,
    pub fields: Fields,
    pub needs_review: bool,
    pub warnings: Vec<String>,
}

/// Reads `raw` and returns what labloop makes of it (no database, no configuration).
pub fn parse_reply(raw: &[u8]) -> ParsedReply {
    match InboundMessage::parse(raw) {
        Ok(msg) => {
            let c = classify(&msg, None);
            ParsedReply {
                kind: c.kind,
                reply_text: c.extraction.reply_text,
                fields: c.extraction.fields,
                needs_review: c.extraction.needs_review,
                warnings: c.extraction.warnings,
            }
        }
        Err(e) => ParsedReply {
            kind: Kind::Other,
            reply_text: String::new(),
            fields: Fields::default(),
            needs_review: true,
            warnings: vec![format!("not an email: {e}")],
        },
    }
}

/// Runs the command: stdin when `files` is empty, else each file in order.
pub fn run(files: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    if files.is_empty() {
        let mut input = Vec::new();
        std::io::stdin().read_to_end(&mut input)?;
        serde_json::to_writer(&mut out, &parse_reply(&input))?;
        writeln!(out)?;
    }
    // One buffer for every file: no allocation and no size lookup per file.
    let mut raw = Vec::new();
    for f in files {
        raw.clear();
        match std::fs::File::open(f).and_then(|mut file| file.read_to_end(&mut raw)) {
            Ok(_) => serde_json::to_writer(&mut out, &parse_reply(&raw))?,
            Err(e) => {
                // Keep one line per file so output lines still match the files given.
                eprintln!("error: cannot read {}: {e}", f.display());
                failed = true;
                let r = ParsedReply {
                    kind: Kind::Other,
                    reply_text: String::new(),
                    fields: Fields::default(),
                    needs_review: true,
                    warnings: vec![format!("cannot read {}: {e}", f.display())],
                };
                serde_json::to_writer(&mut out, &r)?;
            }
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
