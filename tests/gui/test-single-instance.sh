#!/bin/bash
# A second launch hands over to the running CustCare (GApplication uniqueness) instead of opening
# the database twice, and a command-line check of the same file works while the app has it open.
# Usage: test-single-instance.sh PATH/TO/custcare   (inside the headless session: Xvfb + D-Bus)
set -u
bin=$1
export XDG_DATA_HOME=$(mktemp -d)
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
failed=0
windows() { xdotool search --onlyvisible --name '^CustCare$' 2>/dev/null | wc -l; }

echo "1..4"
"$bin" >"$XDG_DATA_HOME/first.log" 2>&1 &
first=$!
# Generous waits: under the sanitizers on a loaded machine the first window can take many seconds.
for _ in $(seq 600); do [ "$(windows)" -ge 1 ] && break; sleep 0.1; done
if [ "$(windows)" -eq 1 ]; then
  ok "first launch shows one window"
else
  fail "first launch shows one window (windows=$(windows))"; cat "$XDG_DATA_HOME/first.log"
fi

start=$(date +%s%N)
timeout 60 "$bin" >"$XDG_DATA_HOME/second.log" 2>&1
rc=$?
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 0.5
if [ $rc -eq 0 ] && [ "$(windows)" -eq 1 ] && kill -0 $first 2>/dev/null; then
  ok "second launch exits ($rc after ${elapsed} ms) and the first window stays the only one"
else
  fail "second launch: rc=$rc windows=$(windows) after ${elapsed} ms"; cat "$XDG_DATA_HOME/second.log" "$XDG_DATA_HOME/first.log"
fi

if "$bin" --verify >"$XDG_DATA_HOME/verify.log" 2>&1 && grep -q healthy "$XDG_DATA_HOME/verify.log"; then
  ok "custcare --verify checks the open database"
else
  fail "custcare --verify while open"; cat "$XDG_DATA_HOME/verify.log"
fi

kill $first 2>/dev/null
wait $first 2>/dev/null
db=$XDG_DATA_HOME/custcare/custcare.db
mode=$(stat -c %a "$db" 2>/dev/null)
[ "$mode" = 600 ] && ok "database created private (mode $mode)" || fail "database mode is '$mode'"
[ "${CUSTCARE_DEBUG_LOGS:-}" ] && cat "$XDG_DATA_HOME/first.log"
exit $failed
