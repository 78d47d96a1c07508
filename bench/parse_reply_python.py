#!/usr/bin/env python3
"""The Python baseline for bench/parse_reply.sh.

Usage: parse_reply_python.py --files-from LIST   (or: parse_reply_python.py FILE...)

For each file: parse it with the standard library's `email` package
(email.message_from_bytes with policy.default), take the text/plain body (or,
when there is only HTML, the HTML with tags stripped crudely), run
EmailReplyParser.parse_reply from the `email-reply-parser` package on it and
print one JSON line per message, in the order given.
"""
import email
import email.policy
import html
import json
import re
import sys

from email_reply_parser import EmailReplyParser

BREAK_TAGS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote)\b[^>]*>", re.I)
DROP_BLOCKS = re.compile(r"<(head|style|script)\b.*?</\1\s*>", re.I | re.S)
TAGS = re.compile(r"<[^>]*>")


def crude_html_to_text(markup: str) -> str:
    markup = DROP_BLOCKS.sub("", markup)
    markup = BREAK_TAGS.sub("\n", markup)
    return html.unescape(TAGS.sub("", markup))


def part_text(part) -> str:
    try:
        return part.get_content()
    except Exception:  # unknown charset, broken transfer encoding, ...
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def body_text(msg) -> str:
    part = msg.get_body(preferencelist=("plain",))
    if part is not None:
        return part_text(part)
    part = msg.get_body(preferencelist=("html",))
    if part is not None:
        return crude_html_to_text(part_text(part))
    return ""


def parse_one(raw: bytes) -> dict:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    text = body_text(msg)
    return {
        "message_id": str(msg.get("Message-ID", "")),
        "reply_text": EmailReplyParser.parse_reply(text),
    }


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--files-from"]:
        with open(args[1]) as f:
            files = [line.rstrip("\n") for line in f if line.strip()]
    else:
        files = args
    out = sys.stdout
    for path in files:
        with open(path, "rb") as f:
            raw = f.read()
        try:
            result = parse_one(raw)
        except Exception as e:  # keep one line per file, like labloop
            result = {"message_id": "", "reply_text": "", "error": repr(e)}
        out.write(json.dumps(result))
        out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
