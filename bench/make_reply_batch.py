#!/usr/bin/env python3
"""Writes a batch of raw emails for bench/parse_reply.sh.

Usage: make_reply_batch.py COUNT OUT_DIR FIXTURE...

Copies the fixtures round-robin until COUNT files exist in OUT_DIR (named
000000.eml, 000001.eml, ...), each with its own Message-ID: the top-level
Message-ID header (and its folded continuation lines, if any) is replaced, or
one is added when the fixture has none. Everything else is left byte for byte,
including line endings and 8-bit bodies. Also writes OUT_DIR/files.txt, the
file names one a line, in order.
"""
import os
import sys


def with_message_id(raw: bytes, new_id: bytes) -> bytes:
    nl = b"\r\n" if b"\r\n" in raw[:2000] else b"\n"
    lines = raw.split(b"\n")
    out = []
    in_header = True
    skipping = False
    replaced = False
    for i, line in enumerate(lines):
        if in_header:
            bare = line.rstrip(b"\r")
            if bare == b"":
                in_header = False
                if not replaced:
                    out.append(b"Message-ID: " + new_id + nl.rstrip(b"\n"))
                    replaced = True
                out.append(line)
                continue
            if skipping and bare[:1] in (b" ", b"\t"):
                continue
            skipping = False
            if not replaced and bare.lower().startswith(b"message-id:"):
                out.append(b"Message-ID: " + new_id + nl.rstrip(b"\n"))
                replaced = True
                skipping = True
                continue
        out.append(line)
    if not replaced:
        # No header/body separator at all: put the header in front.
        return b"Message-ID: " + new_id + nl + raw
    return b"\n".join(out)


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    count = int(sys.argv[1])
    out_dir = sys.argv[2]
    fixtures = sorted(sys.argv[3:])
    sources = []
    for path in fixtures:
        with open(path, "rb") as f:
            sources.append((os.path.splitext(os.path.basename(path))[0], f.read()))
    os.makedirs(out_dir, exist_ok=True)
    names = []
    total = 0
    for i in range(count):
        stem, raw = sources[i % len(sources)]
        new_id = b"<bench.%06d.%s@bench.labloop.invalid>" % (i, stem.encode())
        data = with_message_id(raw, new_id)
        name = "%06d.eml" % i
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        names.append(name)
        total += len(data)
    with open(os.path.join(out_dir, "files.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    print(f"{count} messages from {len(sources)} fixtures, {total / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
