#!/usr/bin/env bash
# Newsletter send throughput and memory: one issue to N confirmed subscribers through
# Postfix's smtp-sink, rate limit off, SMTP pool of 8, against the release build; and,
# in the same run, what Postfix's smtp-source reaches against the same sink with 8
# sessions and messages of the same size. Reports messages per second for both, the
# ratios, and labloop's peak resident memory (VmHWM) during the send.
# Usage: bench/newsletter.sh [SUBSCRIBERS] [sqlite|postgres]   (default 100000 sqlite);
# POOL=N changes labloop's SMTP pool (the comparison with smtp-source assumes 8).
# Needs: smtp-sink and smtp-source (Debian package postfix).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
BACKEND="${2:-sqlite}"
PORT=25252
command -v smtp-sink >/dev/null || { echo "smtp-sink is needed (apt-get install postfix)" >&2; exit 1; }
cargo build --release --quiet
BIN="$PWD/target/release/labloop"
WORK="$(mktemp -d)"
cleanup() { kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"

case "$BACKEND" in
  sqlite) export LABLOOP_DATABASE_URL="sqlite://$WORK/bench.db" ;;
  postgres)
    DB="labloop_nlbench_$$"
    psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "CREATE DATABASE $DB" >/dev/null
    # Loopback: no TLS (PostgreSQL offers it and sqlx takes it by default).
    export LABLOOP_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB?sslmode=disable"
    trap 'cleanup; cd /; psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null' EXIT ;;
  *) echo "backend: sqlite or postgres" >&2; exit 1 ;;
esac
export LABLOOP_SECRET="newsletter benchmark secret" LABLOOP_INBOUND_ADDRESS="lab@lab.example.org" LABLOOP_LOG=warn
export LABLOOP_LISTEN="127.0.0.1:0" LABLOOP_SMTP_POOL=${POOL:-8} LABLOOP_SEND_RATE=0 LABLOOP_SMTP_URL="smtp://127.0.0.1:$PORT"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "setting up $N confirmed subscribers on $BACKEND..."
python3 - "$N" > subscribers.csv <<'PY'
import sys
n = int(sys.argv[1])
print("email,name")
for i in range(n):
    print(f"reader{i}@subscribers.example.org,Reader {i}")
PY
"$BIN" subscribers import subscribers.csv --confirmed >/dev/null
"$BIN" editor add ed@lab.example.org >/dev/null
"$BIN" team add "Benchmark team" --member lead@trust.example.org >/dev/null
"$BIN" jobs run newsletter-draft >/dev/null
ISSUE=$("$BIN" newsletter list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
"$BIN" newsletter approve "$ISSUE" --editor ed@lab.example.org

# The size of one newsletter message as sent, for smtp-source.
MSG_SIZE=$("$BIN" newsletter preview "$ISSUE" --raw | wc -c)

smtp-sink -u root -c "127.0.0.1:$PORT" 2048 >sink.log 2>&1 &
SINK=$!
sleep 0.5

# labloop: serve sends the approved issue. The time is from starting serve to the last
# delivery recorded (the latest deliveries.sent_at, read from the database afterwards),
# so polling once a second for the end costs little and adds no rounding.
START=$(date +%s.%N)
"$BIN" serve >serve.out 2>serve.log &
SERVE=$!
PEAK=0
while :; do
  sleep 1
  kb=$(awk '/VmHWM/{print $2}' "/proc/$SERVE/status" 2>/dev/null || echo 0)
  [ "$kb" -gt "$PEAK" ] && PEAK=$kb
  "$BIN" newsletter list --json 2>/dev/null | grep -Eq '"status": *"sent"' && break
done
kb=$(awk '/VmHWM/{print $2}' "/proc/$SERVE/status" 2>/dev/null || echo 0)
[ "$kb" -gt "$PEAK" ] && PEAK=$kb
kill "$SERVE"; wait "$SERVE" 2>/dev/null || true
line=$("$BIN" newsletter list --json | python3 -c 'import json,sys; i=json.load(sys.stdin)[0]; print(i["sent"], i["failed"])')
set -- $line
SENT=$1
FAILED=$2
case "$BACKEND" in
  sqlite) END=$(python3 -c '
import sqlite3, sys, datetime
t = sqlite3.connect(sys.argv[1]).execute("select max(sent_at) from deliveries").fetchone()[0]
print(datetime.datetime.fromisoformat(t).timestamp())' "$WORK/bench.db") ;;
  postgres) END=$(psql "$LABLOOP_DATABASE_URL" -Atc "select extract(epoch from max(sent_at)) from deliveries") ;;
esac
LABLOOP_RATE=$(python3 -c "print(round($SENT / ($END - $START)))")

# smtp-source: 8 sessions, same number of messages, same sink. By default each session
# opens a new connection per message; with -d it keeps its connection, as labloop does.
# Both are reported; the ratio is taken against each.
source_rate() {
  local t0 t1
  t0=$(date +%s.%N)
  smtp-source "$@" -s 8 -m "$SENT" -l "$MSG_SIZE" -f lab@lab.example.org -t reader@subscribers.example.org "127.0.0.1:$PORT"
  t1=$(date +%s.%N)
  python3 -c "print(round($SENT / ($t1 - $t0)))"
}
SOURCE_RATE=$(source_rate)
SOURCE_KEEP_RATE=$(source_rate -d)

echo "RESULT backend=$BACKEND subscribers=$N sent=$SENT failed=$FAILED labloop_msgs_per_s=$LABLOOP_RATE" \
  "smtp_source_msgs_per_s=$SOURCE_RATE ratio=$(python3 -c "print(round($LABLOOP_RATE / $SOURCE_RATE, 2))")" \
  "smtp_source_d_msgs_per_s=$SOURCE_KEEP_RATE ratio_d=$(python3 -c "print(round($LABLOOP_RATE / $SOURCE_KEEP_RATE, 2))")" \
  "peak_rss_mb=$((PEAK / 1024)) message_bytes=$MSG_SIZE"
