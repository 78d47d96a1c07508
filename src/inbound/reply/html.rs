//! HTML body to plain text, keeping what the reply parser needs: line breaks
//! where the mail client showed them, `> ` lines for `<blockquote>`, and
//! markers where Outlook, Gmail and Thunderbird begin quoted history or a
//! signature.

use super::entities;

/// The line Outlook writes in plain text above quoted history; emitted for
/// `<hr>` and for Outlook's reply-container elements.
pub(super) const SEPARATOR: &str = "________________________________";

/// Converts an HTML body to plain text.
///
/// `<br>`, `<p>`, `<div>`, `<li>`, `<tr>` and headings become line breaks,
/// `<blockquote>` content becomes `> ` lines (nested: `>> `), list items get
/// `- ` or `1. `, table cells are joined with ` | `. `<head>`, `<style>`,
/// `<script>` and comments are dropped and character references decoded.
/// An `<hr>` and Outlook's `appendonsend`/`divRplyFwdMsg` containers become a
/// line of underscores (what Outlook writes in its own plain-text part), and
/// Gmail/Thunderbird/Outlook signature containers are preceded by a `-- ` line.
#[must_use]
pub fn html_to_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut w = Writer::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut in_head = false;
    let mut pos = 0;
    while pos < html.len() {
        let Some(rel) = html[pos..].find('<') else {
            if !in_head {
                w.text(&entities::decode(&html[pos..]));
            }
            break;
        };
        let lt = pos + rel;
        if lt > pos && !in_head {
            w.text(&entities::decode(&html[pos..lt]));
        }
        let tail = &lower[lt..];
        if tail.starts_with("<!--") {
            pos = find_from(&lower, lt + 4, "-->").map_or(html.len(), |e| e + 3);
            continue;
        }
        if tail.starts_with("<!") || tail.starts_with("<?") {
            pos = find_from(&lower, lt, ">").map_or(html.len(), |e| e + 1);
            continue;
        }
        let closing = tail.starts_with("</");
        let name_start = lt + if closing { 2 } else { 1 };
        let name_len = lower.as_bytes()[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b':' || **b == b'-')
            .count();
        let starts_with_letter = lower
            .as_bytes()
            .get(name_start)
            .is_some_and(|b| b.is_ascii_alphabetic());
        if name_len == 0 || !starts_with_letter {
            if !in_head {
                w.text("<");
            }
            pos = lt + 1;
            continue;
        }
        let name = &lower[name_start..name_start + name_len];
        let end = tag_end(&lower, name_start + name_len);
        let attrs = &lower[name_start + name_len..end.min(lower.len())];
        pos = (end + 1).min(html.len());
        if closing {
            if name == "head" {
                in_head = false;
            }
            if !in_head {
                close(&mut w, &mut stack, name);
            }
            continue;
        }
        match name {
            "head" => in_head = true,
            "body" => in_head = false,
            "script" | "style" | "title" | "xml" | "template" | "noscript" => {
                let closing_tag = format!("</{name}");
                pos = match find_from(&lower, pos, &closing_tag) {
                    Some(e) => find_from(&lower, e, ">").map_or(html.len(), |g| g + 1),
                    None => html.len(),
                };
            }
            _ if !in_head => open(&mut w, &mut stack, name, attrs),
            _ => {}
        }
    }
    w.finish()
}

/// What an open element changed, undone when it closes.
#[derive(Clone, Copy, PartialEq)]
enum Effect {
    None,
    Quote,
    Pre,
    List,
    Cell,
    /// A Word paragraph (`class=MsoNormal`): Outlook sets its margins to zero, so it
    /// is one line, and a blank line is an empty paragraph of its own
    /// (`<p class=MsoNormal>&nbsp;</p>`). Holds how many lines were written before it.
    Line(usize),
}

struct Open {
    name: String,
    effect: Effect,
}

fn find_from(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    haystack.get(from..)?.find(needle).map(|i| i + from)
}

/// The index of the `>` closing a tag whose attributes start at `from`,
/// skipping quoted attribute values; the input length when unterminated.
fn tag_end(lower: &str, from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in lower.as_bytes().iter().enumerate().skip(from) {
        match (quote, *b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"') | (None, b'\'') => quote = Some(*b),
            (None, b'>') => return i,
            _ => {}
        }
    }
    lower.len()
}

/// The value of attribute `name` in a lowercased attribute string.
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut search = 0;
    while let Some(rel) = attrs.get(search..)?.find(name) {
        let at = search + rel;
        search = at + name.len();
        let before_ok = at == 0 || attrs.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        return Some(match value.as_bytes().first() {
            Some(q @ (b'"' | b'\'')) => {
                let inner = &value[1..];
                &inner[..inner.find(*q as char).unwrap_or(inner.len())]
            }
            _ => &value[..value.find(|c: char| c.is_whitespace()).unwrap_or(value.len())],
        });
    }
    None
}

fn has_class(attrs: &str, class: &str) -> bool {
    attr(attrs, "class").is_some_and(|v| v.split_whitespace().any(|c| c == class))
}

fn open(w: &mut Writer, stack: &mut Vec<Open>, name: &str, attrs: &str) {
    let id = attr(attrs, "id").unwrap_or("");
    if matches!(
        id,
        "appendonsend" | "divrplyfwdmsg" | "mail-editor-reference-message-container"
    ) {
        w.separator();
    }
    if has_class(attrs, "gmail_signature") || has_class(attrs, "moz-signature") || id == "signature" {
        w.line_break();
        w.push_line("-- ");
    }
    let mut effect = Effect::None;
    match name {
        "br" => w.hard_break(),
        "hr" => w.separator(),
        // Inside a table cell a paragraph breaks only after text of the same cell, so
        // Word's `<td><p>Name</p></td><td><p>34</p></td>` stays one row: "Name | 34".
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if w.cell_open > 0 && !w.cell_text => {}
        "p" if has_class(attrs, "msonormal") => {
            w.line_break();
            effect = Effect::Line(w.lines.len());
        }
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => w.blank_line(),
        "blockquote" => {
            w.line_break();
            w.depth += 1;
            effect = Effect::Quote;
        }
        "pre" => {
            w.line_break();
            w.pre += 1;
            effect = Effect::Pre;
        }
        "ul" | "ol" => {
            w.line_break();
            let start = attr(attrs, "start").and_then(|s| s.parse().ok()).unwrap_or(1);
            w.lists.push((name == "ol").then_some(start));
            effect = Effect::List;
        }
        "li" => {
            w.line_break();
            let marker = match w.lists.last_mut() {
                Some(Some(n)) => {
                    let m = format!("{n}. ");
                    *n = n.saturating_add(1);
                    m
                }
                _ => "- ".to_string(),
            };
            w.marker = Some(marker);
        }
        "td" | "th" => {
            w.cell();
            effect = Effect::Cell;
        }
        "tr" => {
            w.row_end();
            w.cells = 0;
        }
        "div" if has_class(attrs, "yahoo_quoted") => {
            w.line_break();
            w.depth += 1;
            effect = Effect::Quote;
        }
        "div" if w.cell_open > 0 && !w.cell_text => {}
        _ if is_block(name) => w.line_break(),
        _ => {}
    }
    if !is_void(name) {
        stack.push(Open {
            name: name.to_string(),
            effect,
        });
    }
}

fn close(w: &mut Writer, stack: &mut Vec<Open>, name: &str) {
    // Look a bounded way down the stack so broken nesting stays linear.
    let lowest = stack.len().saturating_sub(64);
    let Some(found) = (lowest..stack.len()).rev().find(|&i| stack[i].name == name) else {
        return;
    };
    while stack.len() > found {
        let Some(open) = stack.pop() else { break };
        match open.effect {
            Effect::Quote => {
                w.line_break();
                w.depth = w.depth.saturating_sub(1);
            }
            Effect::Pre => {
                w.line_break();
                w.pre = w.pre.saturating_sub(1);
            }
            Effect::List => {
                w.line_break();
                w.lists.pop();
            }
            Effect::Cell => w.cell_open = w.cell_open.saturating_sub(1),
            Effect::Line(before) if w.cell_open == 0 => {
                if w.lines.len() == before && !w.cur_has_text {
                    w.blank_line();
                } else {
                    w.line_break();
                }
                continue;
            }
            Effect::Line(_) | Effect::None => {}
        }
        match open.name.as_str() {
            // The end of a paragraph or division in a cell waits for what follows:
            // another cell continues the row.
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "div" if w.cell_open > 0 => w.para_pending = true,
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => w.blank_line(),
            "tr" => {
                w.row_end();
                w.cells = 0;
            }
            n if is_block(n) => w.line_break(),
            _ => {}
        }
    }
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "meta" | "link" | "input" | "wbr" | "col" | "area" | "base" | "source"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "li"
            | "tr"
            | "table"
            | "tbody"
            | "thead"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "center"
            | "address"
            | "dd"
            | "dt"
            | "dl"
            | "form"
            | "fieldset"
            | "figure"
            | "figcaption"
            | "main"
            | "nav"
            | "aside"
            | "caption"
    )
}

/// Accumulates output lines, applying the quote prefix as each line ends.
#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    cur: String,
    cur_has_text: bool,
    pending_space: bool,
    depth: usize,
    pre: usize,
    lists: Vec<Option<u32>>,
    marker: Option<String>,
    cells: usize,
    /// Table cells open around the current position, and whether the innermost
    /// has text yet.
    cell_open: usize,
    cell_text: bool,
    /// A paragraph ended in a cell: a blank line, unless another cell continues the row.
    para_pending: bool,
    /// A cell began after text in its row: " | " goes before its first text.
    cell_sep_pending: bool,
}

impl Writer {
    fn text(&mut self, s: &str) {
        if self.pre > 0 {
            for c in s.chars() {
                if c == '\n' {
                    self.hard_break();
                } else {
                    self.push_char(c);
                }
            }
            return;
        }
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if c.is_whitespace() {
                self.pending_space = self.cur_has_text;
                rest = &rest[c.len_utf8()..];
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (word, after) = rest.split_at(end);
            rest = after;
            for (i, c) in word.char_indices() {
                if self.pending_space && !self.cell_sep_pending && !self.para_pending {
                    self.cur.push(' ');
                }
                self.pending_space = false;
                self.push_char(c);
                // Once nothing is pending (a paragraph, a cell's separator, a list's
                // marker), the rest of the word goes on as it is, as push_char would.
                if !self.para_pending && !self.cell_sep_pending && self.marker.is_none() {
                    self.cur.push_str(&word[i + c.len_utf8()..]);
                    break;
                }
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if self.para_pending {
            self.blank_line();
        }
        if std::mem::take(&mut self.cell_sep_pending) && self.cur_has_text {
            self.cur.push_str(" | ");
        }
        if let Some(marker) = self.marker.take() {
            self.cur.insert_str(0, &marker);
        }
        self.cur.push(c);
        self.cur_has_text = true;
        self.cell_text |= self.cell_open > 0;
    }

    fn flush(&mut self, force: bool) {
        if !self.cur_has_text && !force {
            return;
        }
        let content = std::mem::take(&mut self.cur);
        let line = match (self.depth, self.cur_has_text) {
            (0, _) => content,
            (d, true) => format!("{} {}", ">".repeat(d), content),
            (d, false) => ">".repeat(d),
        };
        self.lines.push(line);
        self.cur_has_text = false;
        self.pending_space = false;
        self.para_pending = false;
        self.cell_sep_pending = false;
    }

    fn line_break(&mut self) {
        self.flush(false);
    }

    /// The end of a table row: a blank line when its last cell ended a paragraph.
    fn row_end(&mut self) {
        if self.para_pending {
            self.blank_line();
        } else {
            self.line_break();
        }
    }

    fn hard_break(&mut self) {
        self.flush(true);
    }

    fn blank_line(&mut self) {
        self.flush(false);
        let last_blank = self
            .lines
            .last()
            .is_none_or(|l| l.trim_start_matches('>').trim().is_empty());
        if !last_blank {
            self.flush(true);
        }
    }

    fn push_line(&mut self, line: &str) {
        self.flush(false);
        self.cur.push_str(line);
        self.cur_has_text = true;
        self.flush(false);
    }

    fn separator(&mut self) {
        self.flush(false);
        let last = self.lines.iter().rev().find(|l| !l.trim().is_empty());
        if last.map(String::as_str) != Some(SEPARATOR) {
            self.push_line(SEPARATOR);
        }
    }

    fn cell(&mut self) {
        if self.cells > 0 && self.cur_has_text {
            self.cell_sep_pending = true;
            self.pending_space = false;
        }
        self.para_pending = false;
        self.cells += 1;
        self.cell_open += 1;
        self.cell_text = false;
    }

    fn finish(mut self) -> String {
        self.flush(false);
        let is_blank = |l: &str| l.trim_start_matches('>').trim().is_empty();
        let mut kept: Vec<&str> = Vec::with_capacity(self.lines.len());
        for line in &self.lines {
            let line = line.trim_end();
            // A blank line (or a blank line inside a quote, ">") never starts
            // the text and never repeats.
            if is_blank(line) && kept.last().is_none_or(|prev| *prev == line) {
                continue;
            }
            kept.push(line);
        }
        while kept.last().is_some_and(|l| is_blank(l)) {
            kept.pop();
        }
        kept.join("\n")
    }
}
