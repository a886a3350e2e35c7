#!/usr/bin/env bash
# Fuzz the parsers with libFuzzer.
#
# usage: Tests/Fuzz/run.sh [--quick] [--runs N] [--seconds T] [target...]
#   targets: lesson render include idx gzip safetensors progress arguments (default: all)
#   --quick      about 10 seconds per target (for CI)
#   --runs N     stop each target after N inputs (libFuzzer -runs=)
#   --seconds T  stop each target after T seconds (-max_total_time=); with --runs, whichever comes first
#
# Each target is compiled with `swiftc -sanitize=fuzzer,address` together with the sources of
# the module it fuzzes (so it can reach internal API) into .build-fuzz/bin/. Seed corpora are
# generated from small valid files by Tests/Fuzz/seeds.py (never the real dataset). Prints a
# table (target, runs, coverage, crashes) and exits 1 if any target crashed, leaving the
# crashing input under .build-fuzz/crashes/. Run it niced on a shared machine:
#   nice -n 19 Tests/Fuzz/run.sh --runs 1000000
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
FUZZ="$ROOT/Tests/Fuzz"
OUT="$ROOT/.build-fuzz"
SWIFTC=${SWIFTC:-swiftc}
ALL_TARGETS="lesson render include idx gzip safetensors progress arguments"

runs=""
seconds=""
targets=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) seconds=10 ;;
        --runs) runs="$2"; shift ;;
        --runs=*) runs="${1#--runs=}" ;;
        --seconds) seconds="$2"; shift ;;
        --seconds=*) seconds="${1#--seconds=}" ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "error: unknown option $1" >&2; echo "hint: run $0 --help" >&2; exit 2 ;;
        *) targets="$targets $1" ;;
    esac
    shift
done
[ -z "$targets" ] && targets=$ALL_TARGETS
if [ -z "$runs" ] && [ -z "$seconds" ]; then seconds=60; fi
for target in $targets; do
    case " $ALL_TARGETS " in *" $target "*) ;; *) echo "error: unknown target '$target'" >&2; echo "hint: targets are: $ALL_TARGETS" >&2; exit 2 ;; esac
done

mkdir -p "$OUT/bin" "$OUT/crashes" "$OUT/logs"

# Does this toolchain have libFuzzer? (Xcode's swiftc on macOS does not.)
probe="$OUT/probe"
mkdir -p "$probe"
cat > "$probe/probe.swift" <<'SWIFT'
@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt { 0 }
SWIFT
if ! "$SWIFTC" -sanitize=fuzzer,address -parse-as-library "$probe/probe.swift" -o "$probe/probe" >"$probe/log" 2>&1; then
    echo "skipping the fuzz targets: '$SWIFTC' cannot build with -sanitize=fuzzer (Xcode's toolchain lacks libFuzzer)."
    echo "hint: use a swift.org toolchain (Linux, or macOS with TOOLCHAINS set) to run Tests/Fuzz/run.sh."
    exit 0
fi

# The sources of each target: the module it fuzzes plus its harness.
sources() {
    case "$1" in
        lesson) find Sources/LessonEngine -name '*.swift' | sort; echo "$FUZZ/Harnesses/LessonParserFuzz.swift" ;;
        progress) find Sources/LessonEngine -name '*.swift' | sort; echo "$FUZZ/Harnesses/ProgressFuzz.swift" ;;
        render) find Sources/LessonEngine -name '*.swift' | sort; echo "$FUZZ/Harnesses/RenderFuzz.swift" ;;
        include) find Sources/LessonEngine -name '*.swift' | sort; echo "$FUZZ/Harnesses/IncludeFuzz.swift" ;;
        idx) find Sources/Datasets -name '*.swift' | sort; echo "$FUZZ/Harnesses/IDXFuzz.swift" ;;
        gzip) find Sources/Datasets -name '*.swift' | sort; echo "$FUZZ/Harnesses/GzipFuzz.swift" ;;
        # The safetensors reader alone: its files that need neither Linalg nor the network.
        safetensors) find Sources/NeuralNet/Weights \( -name 'SafetensorsFile*.swift' -o -name 'WeightsError.swift' \) \
                         ! -name 'SafetensorsFile+Matrix.swift' | sort
                     echo "$FUZZ/Harnesses/SafetensorsFuzz.swift" ;;
        arguments) echo Sources/backprop/Arguments.swift; echo "$FUZZ/Harnesses/ArgumentsFuzz.swift" ;;
    esac
}
module() {
    case "$1" in
        lesson|progress|render|include) echo LessonEngine ;;
        idx|gzip) echo Datasets ;;
        safetensors) echo NeuralNet ;;
        arguments) echo backprop ;;
    esac
}
extra_flags() {
    case "$1" in
        idx|gzip) echo "-I Sources/CZlib -lz" ;;
    esac
}
max_len() {
    case "$1" in
        lesson|render) echo 8192 ;;
        include) echo 256 ;;
        arguments) echo 512 ;;
        *) echo 4096 ;;
    esac
}

build() {
    local target=$1 binary="$OUT/bin/$1"
    local files
    files=$(sources "$target")
    if [ -x "$binary" ] && [ -z "$(find $files "$0" -newer "$binary" 2>/dev/null)" ]; then return 0; fi
    echo "building $target ..." >&2
    # shellcheck disable=SC2046
    "$SWIFTC" -sanitize=fuzzer,address -parse-as-library -O -g -module-name "$(module "$target")" \
        $(extra_flags "$target") $files -o "$binary" >"$OUT/logs/$target.build.log" 2>&1 || {
        echo "error: building fuzz target $target failed; see $OUT/logs/$target.build.log" >&2
        tail -20 "$OUT/logs/$target.build.log" >&2
        return 1
    }
}

status=0
table="$(printf '%-12s %12s %10s %8s' target runs coverage crashes)"
for target in $targets; do
    if ! build "$target"; then
        table="$table
$(printf '%-12s %12s %10s %8s' "$target" - - build-failed)"
        status=1
        continue
    fi
    corpus="$OUT/corpus/$target"
    rm -rf "$OUT/seeds/$target"
    mkdir -p "$corpus" "$OUT/seeds"
    if command -v python3 >/dev/null; then
        python3 "$FUZZ/seeds.py" "$OUT/seeds" "$target" && cp "$OUT/seeds/$target"/* "$corpus"/ 2>/dev/null
    else
        echo "note: python3 not found; fuzzing $target without seeds" >&2
    fi
    args=(-max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512
          -print_final_stats=1 -artifact_prefix="$OUT/crashes/$target-")
    [ -n "$runs" ] && args+=(-runs="$runs")
    [ -n "$seconds" ] && args+=(-max_total_time="$seconds")
    log="$OUT/logs/$target.log"
    echo "fuzzing $target (${runs:+$runs runs }${seconds:+≤ ${seconds}s}) ..." >&2
    (cd "$OUT" && ASAN_OPTIONS=detect_leaks=0 "$OUT/bin/$target" "${args[@]}" "$corpus" >"$log" 2>&1)
    code=$?
    executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    crashes=0
    if [ $code -ne 0 ]; then
        crashes=1
        status=1
        echo "CRASH in $target (exit $code); input kept under $OUT/crashes/; log $log:" >&2
        grep -m 5 -E 'ERROR|Fatal error|Precondition|==[0-9]+==' "$log" >&2
    fi
    table="$table
$(printf '%-12s %12s %10s %8s' "$target" "${executed:-?}" "${coverage:-?}" "$crashes")"
done
echo "$table"
exit $status
