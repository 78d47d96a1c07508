#!/usr/bin/env bash
# Seeds the corpus and runs one fuzz target for a fixed time with cargo-fuzz on the stable
# toolchain (RUSTC_BOOTSTRAP=1 lets stable accept the -Z flags cargo-fuzz passes).
#
# Usage: fuzz/run.sh TARGET [SECONDS] [extra libFuzzer flags...]
#   TARGET   parse_reply or reply_text; SECONDS defaults to 600.
# Environment: FUZZ_SEED_ARGS (passed to seed_corpus.sh, e.g. --shared), FUZZ_TARGET_DIR
# (cargo target dir; default: fuzz/target), FUZZ_CPU (pin to this core with taskset).
set -euo pipefail
cd "$(dirname "$0")"
TARGET="${1:?usage: fuzz/run.sh TARGET [SECONDS] [libFuzzer flags...]}"
SECONDS_TO_RUN="${2:-600}"
shift $(( $# >= 2 ? 2 : 1 ))
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is needed: cargo install cargo-fuzz" >&2; exit 1; }
# shellcheck disable=SC2086
./seed_corpus.sh ${FUZZ_SEED_ARGS:-}
PIN=()
[ -z "${FUZZ_CPU:-}" ] || PIN=(taskset -c "$FUZZ_CPU")
TDIR=()
[ -z "${FUZZ_TARGET_DIR:-}" ] || TDIR=(--target-dir "$FUZZ_TARGET_DIR")
RUSTC_BOOTSTRAP=1 "${PIN[@]}" cargo fuzz run "${TDIR[@]}" "$TARGET" "corpus/$TARGET" -- \
  -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1 "$@"
