#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seeds from the project's own fixtures (nothing here is
# committed: corpus/ is in .gitignore). Run from anywhere; existing corpus files are kept.
#
#   parse_reply  every tests/fixtures/**/*.eml, plus tests/fixtures/inbound/binary-junk.bin
#   reply_text   the decoded text/plain and text/html bodies of those emails (needs python3;
#                without it the raw .eml files are used, which are text too)
#
# Usage: fuzz/seed_corpus.sh [--shared]
#   --shared  also seed from ../shared/corpus (or $SHARED_CORPUS) when it exists: the
#             third-party corpora the conformance tests read; its *.eml for parse_reply, its
#             *.txt for reply_text. They are copied into the ignored corpus folder only,
#             never into the repository.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd .. && pwd)"
PR=corpus/parse_reply RT=corpus/reply_text
mkdir -p "$PR" "$RT"

emails=()
while IFS= read -r -d '' f; do emails+=("$f"); done < <(find "$ROOT/tests/fixtures" -name '*.eml' -print0 | sort -z)
[ -f "$ROOT/tests/fixtures/inbound/binary-junk.bin" ] && emails+=("$ROOT/tests/fixtures/inbound/binary-junk.bin")
texts=()
SHARED="${SHARED_CORPUS:-$ROOT/../shared/corpus}"
if [ "${1:-}" = --shared ]; then
  [ -d "$SHARED" ] || { echo "no shared corpus at $SHARED (set SHARED_CORPUS)" >&2; exit 1; }
  SHARED="$(cd "$SHARED" && pwd)"
  while IFS= read -r -d '' f; do emails+=("$f"); done < <(find "$SHARED" -name '*.eml' -print0 | sort -z)
  while IFS= read -r -d '' f; do texts+=("$f"); done < <(find "$SHARED" -name '*.txt' -print0 | sort -z)
fi

# Seed file name: the path below the project root or the shared corpus, '/' as '__'.
seed_name() { local p="${1#"$ROOT"/}"; p="${p#"$SHARED"/}"; echo "${p//\//__}"; }

# Written with a redirection, not cp: two targets started side by side seed the same
# folders at once, and cp's exclusive create then fails on a file the other just wrote.
for f in "${emails[@]}"; do cat "$f" >"$PR/$(seed_name "$f")"; done
for f in "${texts[@]}"; do cat "$f" >"$RT/$(seed_name "$f")"; done

if command -v python3 >/dev/null; then
  python3 - "$RT" "${emails[@]}" <<'PY'
import email, email.policy, os, sys
out = sys.argv[1]
for path in sys.argv[2:]:
    with open(path, "rb") as f:
        msg = email.message_from_bytes(f.read(), policy=email.policy.default)
    base = path.replace(os.sep, "__").lstrip("_")
    for i, part in enumerate(msg.walk()):
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        try:
            body = part.get_content()
        except Exception:
            body = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
        name = f"{base}.{i}.{ctype.split('/')[1]}"
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            f.write(body)
PY
else
  for f in "${emails[@]}"; do cat "$f" >"$RT/$(seed_name "$f")"; done
fi
echo "corpus: $(ls "$PR" | wc -l) seeds in fuzz/$PR, $(ls "$RT" | wc -l) in fuzz/$RT"
