#!/usr/bin/env bash
# Measures `earn batch` end to end on a generated roster, and a cold `earn 1m --json` against a
# hello-world binary built here, and prints the figures docs/PERFORMANCE.md
# quotes. Needs hyperfine, GNU time, jq and python3 (Debian: apt-get install hyperfine time jq
# python3).
#
#   scripts/bench.sh            # 1,000,000 rows
#   ROWS=100000 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time awk jq python3; do
    command -v "$tool" >/dev/null || {
        echo "bench: needs $tool (Debian: apt-get install hyperfine time jq python3)" >&2
        exit 2
    }
done

rows=${ROWS:-1000000}
dir=target/bench
mkdir -p "$dir"
cargo build --release --locked --quiet
earn=target/release/earn

# A roster like an agency's: a handle to carry through, and every profile column.
roster() {
    awk -v rows="$1" 'BEGIN {
        srand(7)
        split("us gb de fr jp br in other", region, " ")
        print "handle,views,followers,region,age,views_30d"
        for (i = 1; i <= rows; i++)
            printf "@creator%d,%d,%d,%s,%d,%d\n", i, int(rand() * 5000000),
                int(rand() * 200000), region[1 + int(rand() * 8)], 13 + int(rand() * 40),
                int(rand() * 2000000)
    }'
}
roster "$rows" > "$dir/roster.csv"

# A roster of accounts, for `earn batch --month`: the same columns, with the average views and
# the videos a month in place of one video's views and the 30-day views (which the month
# projects from them).
accounts() {
    awk -v rows="$1" 'BEGIN {
        srand(7)
        split("us gb de fr jp br in other", region, " ")
        print "handle,avg_views,videos,followers,region,age"
        for (i = 1; i <= rows; i++)
            printf "@creator%d,%d,%d,%d,%s,%d\n", i, int(rand() * 500000),
                1 + int(rand() * 40), int(rand() * 200000), region[1 + int(rand() * 8)],
                13 + int(rand() * 40)
    }'
}
accounts "$rows" > "$dir/accounts.csv"
roster $((rows / 10)) > "$dir/roster-tenth.csv"

printf 'fn main() {\n    println!("hello");\n}\n' > "$dir/hello.rs"
rustc -O -o "$dir/hello" "$dir/hello.rs"

# Rows out must equal rows in, before any timing counts.
out_rows=$("$earn" batch "$dir/roster.csv" 2>/dev/null | wc -l)
[ "$out_rows" -eq "$rows" ] || { echo "bench: $rows rows in, $out_rows out" >&2; exit 1; }
out_rows=$("$earn" batch --month "$dir/accounts.csv" 2>/dev/null | wc -l)
[ "$out_rows" -eq "$rows" ] || { echo "bench: $rows accounts in, $out_rows out" >&2; exit 1; }

hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$dir/batch.json" \
    "$earn batch $dir/roster.csv" \
    "$earn batch $dir/roster.csv --format csv" \
    "$earn batch --month $dir/accounts.csv" >/dev/null 2>&1
hyperfine -N --warmup 5 --runs 100 --export-json "$dir/cold.json" \
    "$earn 1m --json" "$dir/hello" >/dev/null 2>&1
# The same two by CPU time, alternated: a cold run is too short for GNU time's hundredths.
{ read -r cold_cpu; read -r hello_cpu; } < <(scripts/cold_cpu.py 500 -- "$earn" 1m --json -- "$dir/hello")

# CPU time and peak memory from GNU time, for the full roster and a tenth of it.
measure() {
    /usr/bin/time -v "$earn" batch "$@" 2>&1 >/dev/null |
        awk -F': ' '/User time/ {u = $2} /System time/ {s = $2}
            /Maximum resident/ {m = $2} END {printf "%.3f %d\n", u + s, m}'
}
# The median CPU time of several runs, as one run on a shared machine can be far off. The
# videos and the accounts are run in turn, so that a change in the machine's load between
# runs falls on both: hyperfine runs each command's runs together, and its ratio of the two
# moved from 0.39 to 0.52 on one build as other work came and went.
middle() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for _ in $(seq "${RUNS:-5}"); do
    read -r v _ < <(measure "$dir/roster.csv")
    read -r m _ < <(measure --month "$dir/accounts.csv")
    echo "$v $m"
done > "$dir/cpu.txt"
cpu=$(cut -d' ' -f1 "$dir/cpu.txt" | middle)
cpu_month=$(cut -d' ' -f2 "$dir/cpu.txt" | middle)
read -r _ peak < <(measure "$dir/roster.csv")
read -r _ peak_tenth < <(measure "$dir/roster-tenth.csv")

median() { jq -r ".results[$2].median" "$dir/$1.json"; }
batch_ndjson=$(median batch 0)
batch_csv=$(median batch 1)
batch_month=$(median batch 2)
cold=$(median cold 0)
hello=$(median cold 1)

awk -v rows="$rows" -v nd="$batch_ndjson" -v cs="$batch_csv" -v mo="$batch_month" -v cold="$cold" \
    -v hello="$hello" -v cpu="$cpu" -v cpu_month="$cpu_month" -v peak="$peak" -v tenth="$peak_tenth" \
    -v cold_cpu="$cold_cpu" -v hello_cpu="$hello_cpu" 'BEGIN {
    printf "earn batch, %d CSV rows -> NDJSON: median %.2f s wall, %.0f rows/s\n", rows, nd, rows / nd
    printf "earn batch, %d CSV rows -> CSV:    median %.2f s wall, %.0f rows/s\n", rows, cs, rows / cs
    printf "earn batch --month, %d accounts -> NDJSON: median %.2f s wall, %.0f rows/s (%.2f of the videos)\n", rows, mo, rows / mo, nd / mo
    printf "CPU time (user + system), CSV -> NDJSON: median %.2f s\n", cpu
    printf "CPU time, run in turn: videos %.2f s, accounts %.2f s (the accounts at %.2f of the videos rows/s)\n", cpu, cpu_month, cpu / cpu_month
    printf "peak memory: %.1f MB for %d rows, %.1f MB for %d rows\n", peak / 1024, rows, tenth / 1024, rows / 10
    printf "cold earn 1m --json: median %.2f ms; hello world: median %.2f ms\n", cold * 1000, hello * 1000
    printf "cold earn 1m --json, CPU time run in turn: median %.2f ms; hello world: %.2f ms (%.2fx)\n", cold_cpu, hello_cpu, cold_cpu / hello_cpu
}'
