#!/bin/sh
# check-suites.sh - the driver behind `make check`: runs each suite (a make target) in the order
# given, carrying on after one fails, then prints one line per suite and the grand total
# "N passed, N failed" alone on the last line, which CI reads.  A suite's count is the last
# "N passed, N failed" it prints; a suite that prints none counts as one test.
# Usage: MAKE=make CHECK_LOG=DIR tools/check-suites.sh SUITE...   (called by make check)
set -u
MAKE=${MAKE:-make}
LOG=${CHECK_LOG:-build/check}
rm -rf "$LOG"
mkdir -p "$LOG"
total_passed=0
total_failed=0
: > "$LOG/summary"

now() { date +%s.%N; }

for suite in "$@"; do
	echo "check: $suite"
	start=$(now)
	{ $MAKE --no-print-directory "$suite" 2>&1; echo $? > "$LOG/$suite.status"; } | tee "$LOG/$suite.log"
	end=$(now)
	status=$(cat "$LOG/$suite.status")
	counts=$(grep -E '(^|[^0-9])[0-9]+ passed, [0-9]+ failed$' "$LOG/$suite.log" | tail -n 1 |
	    sed -E 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed$/\2 \3/')
	if [ -n "$counts" ]; then
		passed=${counts% *} failed=${counts#* }
	elif [ "$status" -eq 0 ]; then
		passed=1 failed=0
	else
		passed=0 failed=1
	fi
	# A suite that stops with an error is one failure even when its own count is clean.
	if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
		failed=1
	fi
	total_passed=$((total_passed + passed))
	total_failed=$((total_failed + failed))
	verdict=ok
	[ "$status" -eq 0 ] || verdict="FAILED (exit $status, log in $LOG/$suite.log)"
	awk -v s="$suite" -v p="$passed" -v f="$failed" -v a="$start" -v b="$end" -v v="$verdict" \
	    'BEGIN { printf "  %-16s %6d passed, %3d failed %7.1f s  %s\n", s, p, f, b - a, v }' \
	    >> "$LOG/summary"
done

echo
echo "check: suites in the order run"
cat "$LOG/summary"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
