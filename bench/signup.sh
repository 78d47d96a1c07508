#!/usr/bin/env bash
# Sign-up throughput: POST /subscribe against the release build with wrk, on SQLite and
# on PostgreSQL, 32 connections; reports requests/s, p50/p99 latency and labloop's
# resident memory (idle, and peak during the load from /proc/PID/status VmHWM).
# Usage: bench/signup.sh [DURATION_SECONDS]   (needs wrk; PostgreSQL via BENCH_PG_URL;
# BENCH_DBS="sqlite" or "postgres" runs one of the two, default both)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30}"
PG_URL="${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432}"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
BIN="$PWD/target/release/labloop"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

run() {
  local name="$1" url="$2" port="$3"
  # Let the previous run's dirty pages reach the disk first: otherwise the kernel writes
  # them back during this run and its tail latency measures the last run's I/O.
  sync; sleep 3
  local dir="$WORK/$name"; mkdir -p "$dir"
  (cd "$dir" && LABLOOP_DATABASE_URL="$url" LABLOOP_LISTEN="127.0.0.1:$port" LABLOOP_SIGNUP_RATE_LIMIT=0 \
     LABLOOP_SEND_RATE=1 LABLOOP_SECRET="benchmark secret value 123" LABLOOP_LOG=warn \
     exec "$BIN" serve >"$dir/serve.log" 2>&1) &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local guard; guard=$(curl -s "http://127.0.0.1:$port/" | sed -n 's/.*name="guard" value="\([^"]*\)".*/\1/p')
  sleep 2
  local idle_kb; idle_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  # Warm-up, then the measured run.
  GUARD="$guard" wrk -t2 -c32 -d5s -s bench/signup.lua "http://127.0.0.1:$port" >/dev/null
  local out; out=$(GUARD="$guard" wrk -t2 -c32 -d"${DURATION}s" --latency -s bench/signup.lua "http://127.0.0.1:$port")
  local peak_kb; peak_kb=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
  local rows; rows=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/labloop_subscribers\{status="pending"\}/{print $2}')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$out" | grep '^RESULT' | sed "s/^RESULT/$name/"
  echo "$name idle_rss_mb=$((idle_kb / 1024)) peak_rss_mb=$((peak_kb / 1024)) subscribers_written=$rows"
}

DBS=" ${BENCH_DBS:-sqlite postgres} "
case "$DBS" in *" sqlite "*) run sqlite "sqlite://$WORK/bench.db" 18181 ;; esac
case "$DBS" in *" postgres "*)
  DB="labloop_bench_$$"
  psql "$PG_URL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
  # Loopback: no TLS (PostgreSQL offers it and sqlx takes it by default).
  run postgres "$PG_URL/$DB?sslmode=disable" 18182
  psql "$PG_URL/postgres" -qc "DROP DATABASE $DB WITH (FORCE)" >/dev/null ;;
esac
