//! Conformance against third-party reply corpora in `shared/corpus` (read in
//! place, never copied): discourse's email_reply_trimmer golden set,
//! GitHub's email_reply_parser fixtures and crisp's email-reply-parser fixtures (MIT).

use std::fs;
use std::path::{Path, PathBuf};

use labloop::inbound::reply::{extract, visible_text};

use super::corpus;

/// The golden-set pass count reached so far; the test fails below it, so the
/// stripper can only get better. Raise it when the count goes up.
const TRIMMING_FLOOR: usize = 64;

fn text_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("corpus folder is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn read_lossy(path: &Path) -> String {
    String::from_utf8_lossy(&fs::read(path).expect("corpus file is readable")).into_owned()
}

/// Whitespace normalisation for comparing: every line trimmed, blank lines dropped.
fn normalise(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reply_trimming_golden_set() {
    let Some(dir) = corpus("reply-trimming") else { return };
    let files = text_files(&dir.join("emails"));
    assert!(!files.is_empty(), "no emails in {}", dir.display());
    let mut passed = 0;
    let mut failed = Vec::new();
    for email in &files {
        let name = email.file_name().expect("file has a name");
        let expected = read_lossy(&dir.join("trimmed").join(name));
        let got = visible_text(&read_lossy(email));
        if normalise(&got) == normalise(&expected) {
            passed += 1;
        } else {
            failed.push(name.to_string_lossy().into_owned());
        }
    }
    println!("reply-trimming: {passed} of {} pass; failing: {failed:?}", files.len());
    assert!(
        passed >= TRIMMING_FLOOR,
        "reply-trimming pass count fell to {passed} (floor {TRIMMING_FLOOR}); failing: {failed:?}"
    );
}

#[test]
fn reply_github_keeps_text_above_quote_and_drops_quote() {
    let Some(dir) = corpus("reply-github") else { return };
    let files = text_files(&dir);
    assert!(!files.is_empty());
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw = read_lossy(path);
        let visible = visible_text(&raw);
        let _ = extract(Some(&raw), None);
        let lines: Vec<&str> = raw.lines().collect();
        // The first attribution line ("On … wrote:", possibly wrapped) that has
        // the writer's text above it.
        let header = lines.iter().position(|l| {
            let t = l.trim_start();
            t.starts_with("On ") && (t.contains("wrote") || lines_after_contain_wrote(&lines, l))
        });
        if let Some(h) = header {
            let above: Vec<&str> = lines[..h].iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
            if above.iter().any(|l| !l.starts_with('>')) {
                for line in above.iter().filter(|l| !l.starts_with('>')).take(3) {
                    assert!(
                        visible.contains(line),
                        "{name}: text above the quote header is kept: {line:?}\n--- got:\n{visible}"
                    );
                }
            }
            assert!(
                !visible.contains(lines[h].trim()),
                "{name}: the quote header is dropped\n--- got:\n{visible}"
            );
            // The quote at the end of the message is gone.
            if let Some(last_quoted) = lines
                .iter()
                .rev()
                .find(|l| l.trim_start().starts_with("> ") && l.trim().len() > 12)
            {
                assert!(
                    !visible.lines().any(|v| v.trim() == last_quoted.trim()),
                    "{name}: the trailing quote is dropped: {last_quoted:?}\n--- got:\n{visible}"
                );
            }
        }
    }
}

fn lines_after_contain_wrote(lines: &[&str], line: &&str) -> bool {
    let Some(i) = lines.iter().position(|l| std::ptr::eq(*l, *line)) else {
        return false;
    };
    lines[i + 1..].iter().take(3).any(|l| l.contains("wrote:"))
}

#[test]
fn reply_crisp_never_panics_and_recognises_headers() {
    let Some(dir) = corpus("reply-crisp") else { return };
    let files = text_files(&dir);
    assert!(!files.is_empty());
    let mut cut = 0;
    for path in &files {
        let raw = read_lossy(path);
        let visible = visible_text(&raw);
        let _ = extract(Some(&raw), None);
        if normalise(&visible).len() < normalise(&raw).len() {
            cut += 1;
        }
    }
    println!(
        "reply-crisp: {} files, {cut} had history or a signature removed",
        files.len()
    );
}

/// Quote headers in other languages (crisp's fixtures): the quoted part is
/// removed and the writer's text above it is kept.
#[test]
fn reply_crisp_foreign_quote_headers() {
    let Some(dir) = corpus("reply-crisp") else { return };
    let cases = [
        ("email_german.txt", "Am 13.12.2017"),
        ("email_german_2.txt", "Von: John Doe"),
        ("email_italian.txt", "ha scritto"),
        ("email_portuguese.txt", "escreveu"),
        ("email_russian.txt", "John Doe <doe@example.com>:"),
        ("email_finnish.txt", "kirjoitti"),
        ("email_fr_multiline.txt", "a écrit"),
        ("email_12.txt", "Verzonden:"),
        ("email_13.txt", "Inviato:"),
        ("email_14.txt", "napisał"),
        ("email_8.txt", "schreef"),
        ("email_norwegian_gmail.txt", "skrev"),
        ("email_danish_dash_separator.txt", "Oprindelig besked"),
        ("email_french_dash_separator.txt", "Message d'origine"),
    ];
    for (file, marker) in cases {
        let path = dir.join(file);
        if !path.exists() {
            continue;
        }
        let visible = visible_text(&read_lossy(&path));
        assert!(
            visible.starts_with("Fusce bibendum"),
            "{file}: text above kept\n{visible}"
        );
        assert!(
            !visible.contains(marker),
            "{file}: header {marker:?} removed\n{visible}"
        );
        assert!(
            !visible.contains("Etiam non sagittis"),
            "{file}: quote removed\n{visible}"
        );
    }
}
