#!/usr/bin/env bash
# parse-reply throughput: `labloop parse-reply` (release build) against Python's `email`
# package with `email-reply-parser`, side by side on the same batch of messages, each
# pinned to one core with taskset. The batch is the fixtures in tests/fixtures/replies
# copied round-robin with distinct Message-IDs into a temporary folder.
#
# Usage: bench/parse_reply.sh [MESSAGES] [ROUNDS]      (defaults: 20000 messages, 3 rounds)
# Environment: BENCH_CPU (core to pin to, default 0), BENCH_CHUNK (files per labloop
# invocation, default the whole batch, one process as for Python), KEEP=1 keeps the temporary folder, BENCH_STRICT=1 exits 1
# when a target is missed. CARGO_TARGET_DIR is honoured.
#
# Each round times labloop over the whole batch (BENCH_CHUNK files per invocation, via
# xargs with a command buffer big enough for them), then Python over the same batch (one process); both times include process
# start-up and writing the JSON lines to a file. Reported per round and as the median of
# the rounds: messages per wall-clock second (the target) and messages per CPU-second
# (user+sys; less sensitive to other work on the same core), and the ratios of the
# medians. Targets: labloop >= 20,000 msg/s and >= 10x Python.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES="${1:-20000}"
ROUNDS="${2:-3}"
CPU="${BENCH_CPU:-0}"
CHUNK="${BENCH_CHUNK:-$MESSAGES}"
PY="${PYTHON:-python3}"

command -v taskset >/dev/null || { echo "taskset is needed (util-linux)" >&2; exit 1; }
"$PY" -c 'import email_reply_parser' 2>/dev/null ||
  "$PY" -m pip install --quiet --disable-pip-version-check email-reply-parser >&2
cargo build --release --quiet
BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/labloop"
PYSCRIPT="$PWD/bench/parse_reply_python.py"

WORK="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] && echo "kept $WORK" >&2 || rm -rf "$WORK"' EXIT
BATCH="$WORK/batch"
"$PY" bench/make_reply_batch.py "$MESSAGES" "$BATCH" tests/fixtures/replies/*.eml 2>&1
cat "$BATCH"/*.eml >/dev/null # warm the page cache for both

rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { printf "%.0f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
check_lines() {
  [ ! -s "$WORK/stderr" ] || { echo "$2 wrote to stderr:" >&2; head -20 "$WORK/stderr" >&2; }
  local got; got=$(wc -l <"$1")
  [ "$got" -eq "$MESSAGES" ] || { echo "error: $2 printed $got lines for $MESSAGES messages" >&2; exit 1; }
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "labloop $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$PY" --version 2>&1), email-reply-parser $("$PY" -m pip show email-reply-parser 2>/dev/null | awk '/^Version/{print $2}')"
echo "batch: $MESSAGES messages, $(du -sh "$BATCH" | cut -f1), pinned to core $CPU, $ROUNDS rounds"

# Runs "$@" in the batch folder pinned to the core; prints "WALL_SECONDS CPU_SECONDS".
timed() {
  local TIMEFORMAT='%3R %3U %3S'
  { time (cd "$BATCH" && taskset -c "$CPU" "$@" 2>"$WORK/stderr") ; } 2>&1 | awk '{ printf "%s %.3f\n", $1, $2 + $3 }'
}

RUST_WALL="" RUST_CPU="" PY_WALL="" PY_CPU=""
for round in $(seq 1 "$ROUNDS"); do
  read -r w c < <(timed sh -c 'exec xargs -a files.txt -s 2000000 -n "$1" "$2" parse-reply >"$3"' sh "$CHUNK" "$BIN" "$WORK/labloop.jsonl")
  check_lines "$WORK/labloop.jsonl" labloop
  rw=$(rate "$MESSAGES" "$w") rc=$(rate "$MESSAGES" "$c")
  RUST_WALL="$RUST_WALL $rw" RUST_CPU="$RUST_CPU $rc"

  read -r w c < <(timed sh -c 'exec "$1" "$2" --files-from files.txt >"$3"' sh "$PY" "$PYSCRIPT" "$WORK/python.jsonl")
  check_lines "$WORK/python.jsonl" python
  pw=$(rate "$MESSAGES" "$w") pc=$(rate "$MESSAGES" "$c")
  PY_WALL="$PY_WALL $pw" PY_CPU="$PY_CPU $pc"
  echo "round $round: labloop $rw msg/s ($rc per CPU-second), python $pw msg/s ($pc per CPU-second), ratio $(ratio "$rw" "$pw")x"
done

R=$(echo "$RUST_WALL" | median) RC=$(echo "$RUST_CPU" | median)
P=$(echo "$PY_WALL" | median) PC=$(echo "$PY_CPU" | median)
RATIO=$(ratio "$R" "$P")
PY_ERRORS=$(grep -c '"error"' "$WORK/python.jsonl" || true)
KINDS=$(sed -n 's/^{"kind":"\([a-z_]*\)".*/\1/p' "$WORK/labloop.jsonl" | sort | uniq -c | awk '{ printf "%s%s=%s", sep, $2, $1; sep = " " }')
echo "labloop kinds: $KINDS; python parse errors: $PY_ERRORS"
echo "RESULT labloop_msgs_per_s=$R python_msgs_per_s=$P ratio=${RATIO}x (wall clock, median of $ROUNDS rounds)"
echo "RESULT_CPU labloop_msgs_per_cpu_s=$RC python_msgs_per_cpu_s=$PC ratio=$(ratio "$RC" "$PC")x (user+sys CPU time, median)"
ok=yes
awk -v r="$R" 'BEGIN { exit !(r >= 20000) }' || ok=no
awk -v x="$RATIO" 'BEGIN { exit !(x >= 10) }' || ok=no
echo "targets (>= 20000 msg/s on one core, >= 10x python; judged on wall clock): $ok"
[ "$ok" = yes ] || [ -z "${BENCH_STRICT:-}" ] || exit 1
