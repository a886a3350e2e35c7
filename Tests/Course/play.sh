#!/usr/bin/env bash
# Plays the course as a learner would, in a copy of the repository (the checkout is never
# touched): each planted bug in Tests/CourseFixtures/bugs/ is copied over its exercise file in
# turn and `backprop run N` (release build, incremental) must fail with the expected
# diagnosis and without crashing; then the solved fixtures must pass every lesson with an
# exercise. `--full` also runs every bug (not just the quick subset), every lesson on the
# solved files, and `swift test` with the placeholder and with the solved files.
#
#   Tests/Course/play.sh           quick subset: solved → check --mine --quick, a few bugs
#   Tests/Course/play.sh --full    everything (slow: one incremental rebuild per bug)
#   Tests/Course/play.sh --ci      the quick subset in place (debug build, reusing .build;
#                                  Sources/Exercises is restored on exit): what .ci/run runs
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$here/Package.swift" ] && [ -d "$here/lessons" ] || { echo "play: run me as Tests/Course/play.sh inside the checkout (no course at $here)"; exit 2; }
full=0; ci=0
[ "${1:-}" = "--full" ] && full=1
[ "${1:-}" = "--ci" ] && ci=1
work=$(mktemp -d "${TMPDIR:-/tmp}/backprop-play.XXXXXX")
if [ $ci -eq 1 ]; then
    cd "$here"
    cp -r Sources/Exercises "$work/original"
    trap 'rm -rf "$here/Sources/Exercises"; cp -r "$work/original" "$here/Sources/Exercises"; rm -rf "$work"' EXIT
    configuration=debug
else
    trap 'rm -rf "$work"' EXIT
    echo "play: copying the course to $work/course"
    mkdir -p "$work/course"
    (cd "$here" && tar --exclude=./.build --exclude='./.build-*' --exclude=./.backprop --exclude=./.git -cf - .) | (cd "$work/course" && tar -xf -)
    cd "$work/course"
    configuration=release
fi
export XDG_STATE_HOME="$work/state" NO_COLOR=1 COLUMNS=80
fixtures=Tests/CourseFixtures
# The placeholder exercises: the checkout's own files, unless they were already edited, in
# which case git's committed version (a learner running this keeps their work untouched).
placeholder="$work/placeholder"; cp -r Sources/Exercises "$placeholder"
if git -C "$here" rev-parse --git-dir >/dev/null 2>&1 && ! git -C "$here" diff --quiet HEAD -- Sources/Exercises; then
    rm -rf "$placeholder"; mkdir -p "$placeholder"
    for f in $(git -C "$here" ls-files Sources/Exercises); do git -C "$here" show "HEAD:$f" > "$placeholder/$(basename "$f")"; done
fi
rm -rf Sources/Exercises; cp -r "$placeholder" Sources/Exercises
failures=0
fail() { echo "play: FAIL: $*"; failures=$((failures + 1)); }
bp=.build/$configuration/backprop
# A build that succeeded holds the current exercise files, even when SwiftPM found nothing to
# relink (files copied back unchanged): mark it newer than them, or backprop calls it stale.
build() {
    swift build -c $configuration --product backprop 2>&1 | grep -E "error:|Compiling|Build complete" | grep -v "^\[" | tail -5
    local status=${PIPESTATUS[0]}
    [ "$status" -eq 0 ] && touch "$bp"
    return "$status"
}

echo "play: building ($configuration)…"
build >/dev/null || { fail "the placeholder course does not build"; exit 1; }

# 1. The fresh-clone experience: `backprop` repeated stops at the first exercise and says what to write.
out=$($bp 2>&1); status=$?
[ $status -eq 1 ] || fail "fresh clone: \`backprop\` exited $status, expected 1 (lesson 1's exercise fails)"
echo "$out" | grep -q "ForwardPassExercise.swift" || fail "fresh clone: the first run does not name the file to write"
echo "$out" | grep -q "placeholder" || fail "fresh clone: the first run does not say the placeholder is still there"
out2=$($bp 2>&1)
echo "$out2" | grep -q "Lesson 1 ·" || fail "fresh clone: the second \`backprop\` did not stay on lesson 1"
echo "play: fresh clone: \`backprop\` stops at lesson 1: $(echo "$out" | grep -m1 "placeholder" | sed 's/^ *//')"

# 2. Planted bugs. Each directory: the exercise file(s) with one bug, and `expect`:
#    line 1 the lesson number, line 2 a substring the diagnosis must contain.
bugs=$(ls -d $fixtures/bugs/*/ | sort)
[ $full -eq 1 ] || bugs=$(printf '%s\n' $bugs | grep -E "$(cat $fixtures/bugs/QUICK | paste -sd'|')")
for bug in $bugs; do
    name=$(basename "$bug")
    lesson=$(sed -n 1p "$bug/expect"); expected=$(sed -n 2p "$bug/expect")
    rm -rf Sources/Exercises; cp -r "$placeholder" Sources/Exercises
    cp "$bug"/*.swift Sources/Exercises/
    if ! build >"$work/build.log"; then fail "$name: does not build"; cat "$work/build.log"; continue; fi
    out=$($bp run "$lesson" --force --quick --results 2>&1); status=$?
    if [ $status -ne 1 ]; then fail "$name: \`backprop run $lesson\` exited $status (expected 1: a failed check, no crash)"; echo "$out" | tail -15; continue; fi
    if ! echo "$out" | grep -qF -- "$expected"; then fail "$name: no \"$expected\" in the output"; echo "$out" | tail -25; continue; fi
    echo "play: bug $name → lesson $lesson fails: $(echo "$out" | grep -F -m1 -- "$expected" | sed 's/^ *//')"
done

# 3. The solved files: every lesson passes on the learner's code.
rm -rf Sources/Exercises; cp -r "$placeholder" Sources/Exercises; cp $fixtures/solved/*.swift Sources/Exercises/
build >/dev/null || fail "the solved fixtures do not build"
if [ $full -eq 1 ]; then
    rm -rf "$XDG_STATE_HOME"
    for n in 1 2 3 4 5 6 7 9 12 13 14; do
        out=$($bp run $n --force --results 2>&1) || { fail "solved: lesson $n did not pass"; echo "$out" | tail -20; continue; }
        echo "play: solved: $(echo "$out" | grep -m1 "passed")"
    done
else
    out=$($bp check --mine --quick 2>&1) || { fail "solved: check --mine --quick failed"; echo "$out" | tail -30; }
    echo "$out" | grep -E "^(All|The lesson)|FAIL" | head
fi

# 4. `swift test` with the solved and the placeholder files (full only: two test builds).
if [ $full -eq 1 ]; then
    swift test 2>&1 | tail -3 | grep -q "passed" && echo "play: swift test passes with the solved exercises" || fail "swift test fails with the solved exercises"
    rm -rf Sources/Exercises; cp -r "$placeholder" Sources/Exercises
    swift test 2>&1 | tail -3 | grep -q "passed" && echo "play: swift test passes with the placeholder exercises" || fail "swift test fails with the placeholder exercises"
fi

if [ $failures -eq 0 ]; then echo "play: all good"; else echo "play: $failures failure(s)"; exit 1; fi
