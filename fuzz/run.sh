#!/usr/bin/env bash
# Fuzzes neokit's targets side by side, each for SECONDS (default 600), one core each.
#   fuzz/run.sh [SECONDS [TARGET...]]     (targets: page summary pdf raw_html; default page summary)
# Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# The corpus grows in fuzz/corpus/<target> (seeded from the sample kit and the test fixtures);
# a crash is copied to tests/fixtures/fuzz/<target>-<hash>, where the test suite replays it.
# Exits non-zero if either target found a crash, a hang or a runaway allocation.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
[ $# -gt 0 ] || targets=(page summary)
root=$(cd .. && pwd)

seed() { # target, files...
    local dir=corpus/$1; shift
    mkdir -p "$dir"
    [ -n "$(ls -A "$dir")" ] && return
    for file in "$@"; do cp "$file" "$dir/$(sha1sum "$file" | cut -c1-16)"; done
}
mapfile -t pages < <(find "$root/content" "$root/tests/fixtures" -name '*.md' ! -name SUMMARY.md ! -path '*/expected/*' | sort)
mapfile -t summaries < <(find "$root/content" "$root/tests/fixtures" -name 'SUMMARY.md' ! -path '*/expected/*' | sort)
seed page "${pages[@]}"
seed summary "${summaries[@]}"
seed pdf "${pages[@]}"
seed raw_html "${pages[@]}"

cargo +nightly fuzz build -O -s none
mkdir -p logs
# Crashes of earlier sessions were kept in tests/fixtures/fuzz when they were found.
for target in "${targets[@]}"; do rm -rf "artifacts/$target"; done
pids=()
for target in "${targets[@]}"; do
    cargo +nightly fuzz run -O -s none "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -dict=gitbook.dict \
        -print_final_stats=1 >"logs/$target.log" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done

for target in "${targets[@]}"; do
    echo "== $target: $(grep -E '^stat::number_of_executed_units' "logs/$target.log" | awk '{print $2}') runs," \
        "$(ls "corpus/$target" | wc -l) corpus entries, $(grep -oE 'cov: [0-9]+' "logs/$target.log" | tail -1)"
    for crash in artifacts/"$target"/*; do
        [ -e "$crash" ] || continue
        name="$target-$(sha1sum "$crash" | cut -c1-16)"
        cp "$crash" "$root/tests/fixtures/fuzz/$name"
        echo "   found $(basename "$crash"), kept as tests/fixtures/fuzz/$name"
        status=1
    done
done
exit $status
