//! RFC 3676 `format=flowed`: lines ending in a space continue on the next line.
//! Thunderbird, Roundcube and others send paragraphs this way; reading them back as
//! whole lines keeps answers intact.

/// Joins flowed lines. `delsp` (the `DelSp=yes` parameter) removes the space that
/// marked the soft break. Quote depth is kept, and a space-stuffed line loses its
/// stuffing.
pub fn unflow(text: &str, delsp: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending: Option<(usize, String)> = None;
    let body = text.strip_suffix('\n').unwrap_or(text);
    for raw in body.split('\n') {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let depth = line.chars().take_while(|c| *c == '>').count();
        let mut content = &line[depth..];
        if let Some(stuffed) = content.strip_prefix(' ') {
            content = stuffed;
        }
        // "-- " is the signature separator, never a soft break.
        let soft = content.ends_with(' ') && content != "-- ";
        let piece = if soft && delsp {
            &content[..content.len() - 1]
        } else {
            content
        };
        match pending.take() {
            Some((d, mut acc)) if d == depth => {
                acc.push_str(piece);
                if soft {
                    pending = Some((d, acc));
                } else {
                    push_line(&mut out, d, &acc);
                }
            }
            earlier => {
                if let Some((d, acc)) = earlier {
                    push_line(&mut out, d, &acc);
                }
                if soft {
                    pending = Some((depth, piece.to_string()));
                } else {
                    push_line(&mut out, depth, piece);
                }
            }
        }
    }
    if let Some((d, acc)) = pending {
        push_line(&mut out, d, &acc);
    }
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

fn push_line(out: &mut String, depth: usize, content: &str) {
    for _ in 0..depth {
        out.push('>');
    }
    if depth > 0 && !content.is_empty() {
        out.push(' ');
    }
    out.push_str(content);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::unflow;

    #[test]
    fn soft_breaks_are_joined_and_hard_breaks_kept() {
        let cases = [
            ("one \ntwo\nthree", false, "one two\nthree"),
            (
                "a long \nparagraph \nhere\n\nnext",
                false,
                "a long paragraph here\n\nnext",
            ),
            ("del \nsp", true, "delsp"),
            ("> quoted \n> line\nreply", false, "> quoted line\nreply"),
            ("> quoted \nnot quoted", false, "> quoted \nnot quoted"),
            ("answer\n-- \nJane", false, "answer\n-- \nJane"),
            (" From here\n", false, "From here\n"),
            ("", false, ""),
        ];
        for (input, delsp, want) in cases {
            assert_eq!(unflow(input, delsp), want, "{input:?}");
        }
    }
}
