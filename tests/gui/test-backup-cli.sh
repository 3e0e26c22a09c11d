#!/bin/bash
# custcare --backup DIR, --restore FILE and --verify from the command line: exit codes, messages,
# and what they do to the files, including while the window has the same database open.
# Usage: test-backup-cli.sh PATH/TO/custcare   (inside the headless session: Xvfb + D-Bus)
set -u
bin=$1
tmp=$(mktemp -d)
export XDG_DATA_HOME=$tmp/data
db=$tmp/shop.db
backups=$tmp/backups
mkdir -p "$backups"
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; sed 's/^/# /' "$tmp/out" "$tmp/err" 2>/dev/null; fi; }
run() { "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
windows() { xdotool search --onlyvisible --name '^CustCare$' 2>/dev/null | wc -l; }
cleanup() { [ -n "${app:-}" ] && kill "$app" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

echo "1..29"

run --database "$db" --backup "$backups"
check "--backup of a database that does not exist fails" '[ $rc -ne 0 ] && grep -q "no CustCare database" "$tmp/err"'
check "... and creates nothing" '[ ! -e "$db" ] && [ -z "$(ls -A "$backups")" ]'

# The window, on a demo shop, keeps the database open for the next checks.
"$bin" --database "$db" --demo >"$tmp/app.log" 2>&1 &
app=$!
for _ in $(seq 600); do [ "$(windows)" -ge 1 ] && break; sleep 0.1; done
check "the window opens on a demo shop" '[ "$(windows)" -ge 1 ]'

run --database "$db" --backup "$backups"
backup=$(cat "$tmp/out")
check "--backup while the window is open exits 0 and prints the backup's path" \
  '[ $rc -eq 0 ] && [[ "$(basename "$backup")" =~ ^custcare-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}\.db$ ]] && [ -f "$backup" ]'
check "the backup is private (mode 0600) and alone in its folder" \
  '[ "$(stat -c %a "$backup")" = 600 ] && [ "$(ls -A "$backups" | wc -l)" -eq 1 ]'

run --database "$backup" --verify
check "--verify passes the backup" '[ $rc -eq 0 ] && grep -q healthy "$tmp/out"'

run --database "$db" --verify
check "--verify passes the open database" '[ $rc -eq 0 ] && grep -q healthy "$tmp/out"'

before=$(sha256sum "$db" | cut -d' ' -f1)
run --database "$db" --restore "$backup"
check "--restore while CustCare has the database open is refused" \
  '[ $rc -ne 0 ] && grep -q "is open in CustCare" "$tmp/err" && grep -q "Nothing was changed" "$tmp/err"'
check "... leaves nothing beside the database" '[ -z "$(ls "$tmp" | grep -E "before-restore|restoring")" ]'
check "... and the window is still running" 'kill -0 $app 2>/dev/null'

kill $app; wait $app 2>/dev/null; app=

if ! command -v sqlite3 >/dev/null; then
  for i in $(seq $((n + 1)) 29); do echo "ok $i # SKIP no sqlite3 command"; done
  exit $failed
fi
# Work done after the backup: it must be in the file kept aside, not in the restored one.
sqlite3 "$db" "INSERT INTO tags (name) VALUES ('Entered after the backup')"

echo "Dear customer" >"$tmp/letter.txt"
run --database "$db" --restore "$tmp/letter.txt"
check "--restore refuses a file that is not a database" '[ $rc -ne 0 ] && grep -q "not a CustCare database" "$tmp/err"'

cp "$backup" "$tmp/damaged.db"
size=$(stat -c %s "$tmp/damaged.db")
dd if=/dev/urandom of="$tmp/damaged.db" bs=4096 seek=3 count=$(( size / 4096 - 4 )) conv=notrunc 2>/dev/null
run --database "$db" --restore "$tmp/damaged.db"
check "--restore refuses a damaged backup" '[ $rc -ne 0 ] && grep -qE "damaged|not a CustCare database" "$tmp/err"'

cp "$backup" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "PRAGMA user_version = 99"
run --database "$db" --restore "$tmp/newer.db"
check "--restore refuses a backup from a newer CustCare" '[ $rc -ne 0 ] && grep -q "newer version of CustCare" "$tmp/err"'
check "... none of which touched the database" \
  '[ "$(sqlite3 "$db" "SELECT count(*) FROM tags WHERE name = '"'Entered after the backup'"'")" = 1 ] && [ -z "$(ls "$tmp" | grep -E "before-restore|restoring")" ]'

run --database "$db" --restore "$backup"
replaced=$(ls "$tmp" | grep -E '^shop\.db\.before-restore-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}$' | head -1)
check "--restore of a good backup exits 0 and says where the replaced database went" \
  '[ $rc -eq 0 ] && [ -n "$replaced" ] && grep -qF "$tmp/$replaced" "$tmp/out"'
check "the replaced database is kept whole and private" \
  '[ "$(stat -c %a "$tmp/$replaced")" = 600 ] && [ "$(sqlite3 "$tmp/$replaced" "SELECT count(*) FROM tags WHERE name = '"'Entered after the backup'"'")" = 1 ]'
check "the restored database is the backup, with no -wal or -shm left from the old one" \
  '[ "$(sqlite3 "$db" "SELECT count(*) FROM tags WHERE name = '"'Entered after the backup'"'")" = 0 ] && [ ! -e "$db-wal" ] && [ ! -e "$db-shm" ] && [ "$(stat -c %a "$db")" = 600 ]'

run --database "$db" --verify
check "--verify passes the restored database" '[ $rc -eq 0 ] && grep -q healthy "$tmp/out"'

run --database "$db" --backup "$tmp/unplugged-disk"
check "--backup into a folder that does not exist fails with a clear message" \
  '[ $rc -ne 0 ] && grep -q "does not exist" "$tmp/err" && [ ! -e "$tmp/unplugged-disk" ]'

run --database "$tmp/damaged.db" --verify
check "--verify fails on a damaged file" '[ $rc -ne 0 ] && grep -qE "damaged|not a CustCare database" "$tmp/err"'

# The app's scheduler (the failed --backup above would hold it off for an hour, so that is
# cleared): a daily backup that is due is made at start-up, off the main thread, and
# only CustCare's own oldest backups beyond "keep" are deleted.
auto=$tmp/auto
mkdir -p "$auto"
for stamp in 2026-01-01-080000 2026-01-02-080000 2026-01-03-080000; do cp "$backup" "$auto/custcare-$stamp.db"; done
echo "keep me" >"$auto/custcare-notes.txt"
sqlite3 "$db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('backup.schedule', 'daily'),
  ('backup.folder', '$auto'), ('backup.keep', '2'), ('backup.last-at', '0'), ('backup.last-attempt-at', '0')"
"$bin" --database "$db" >"$tmp/app.log" 2>&1 &
app=$!
own() { ls "$auto" | grep -E '^custcare-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}(-[0-9]+)?\.db$'; }
for _ in $(seq 1200); do [ "$(own | wc -l)" -eq 2 ] && own | grep -qv '^custcare-2026-01-0' && break; sleep 0.1; done
newest=$(own | sort | tail -1)
check "at start-up the due automatic backup is made" \
  '[ -n "$newest" ] && [[ "$newest" != custcare-2026-01-0* ]] && [ "$(stat -c %a "$auto/$newest")" = 600 ]'
check "... keeping only the newest 2 of CustCare's backups, and the other file" \
  '[ "$(own | wc -l)" -eq 2 ] && own | grep -q "^custcare-2026-01-03-080000.db$" && [ -f "$auto/custcare-notes.txt" ] && [ -z "$(ls "$auto" | grep partial)" ]'
run --database "$auto/$newest" --verify
check "... which passes --verify" '[ $rc -eq 0 ] && grep -q healthy "$tmp/out"'
check "... and is noted in the shop's settings" \
  '[ "$(sqlite3 "$db" "SELECT value FROM settings WHERE key = '"'backup.last-path'"'")" = "$auto/$newest" ]'
[ $failed -ne 0 ] && { ls -la "$auto"; sed 's/^/# app: /' "$tmp/app.log"; sqlite3 "$db" "SELECT * FROM settings" | sed 's/^/# /'; }
kill $app; wait $app 2>/dev/null; app=

# A due automatic backup into a folder that is gone: reported, and the window keeps working.
sqlite3 "$db" "INSERT OR REPLACE INTO settings (key, value) VALUES ('backup.folder', '$tmp/unplugged-disk'),
  ('backup.last-at', '0'), ('backup.last-attempt-at', '0')"
"$bin" --database "$db" >"$tmp/app.log" 2>&1 &
app=$!
for _ in $(seq 1200); do grep -q "automatic backup failed" "$tmp/app.log" && break; sleep 0.1; done
check "a failed automatic backup is reported and noted, and the window stays open" \
  'grep -q "automatic backup failed.*does not exist" "$tmp/app.log" && [ "$(windows)" -ge 1 ] && sqlite3 "$db" "SELECT value FROM settings WHERE key = '"'backup.last-error'"'" | grep -q unplugged-disk'
kill $app; wait $app 2>/dev/null; app=
sqlite3 "$db" "UPDATE settings SET value = 'off' WHERE key = 'backup.schedule'"

# What Preferences → Restore leaves for the restart: a checked copy beside the database, put in
# place before the window opens the file.
sqlite3 "$db" "INSERT INTO tags (name) VALUES ('Entered before the restart')"
cp "$backup" "$db.restore-pending"
ls "$tmp" | grep before-restore | sort >"$tmp/aside-before"
"$bin" --database "$db" >"$tmp/app.log" 2>&1 &
app=$!
for _ in $(seq 1200); do [ ! -e "$db.restore-pending" ] && [ "$(windows)" -ge 1 ] && break; sleep 0.1; done
sleep 0.5
aside=$(ls "$tmp" | grep before-restore | sort | comm -13 "$tmp/aside-before" - | head -1)
check "at start-up a staged restore is put in place before the window opens" \
  '[ ! -e "$db.restore-pending" ] && [ "$(windows)" -ge 1 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM tags WHERE name = '"'Entered before the restart'"'")" = 0 ]'
check "... keeping the replaced database aside" \
  '[ -n "$aside" ] && [ "$(sqlite3 "$tmp/$aside" "SELECT count(*) FROM tags WHERE name = '"'Entered before the restart'"'")" = 1 ]'
kill $app; wait $app 2>/dev/null; app=
echo "not a database" >"$db.restore-pending"
"$bin" --database "$db" >"$tmp/app.log" 2>&1 &
app=$!
for _ in $(seq 1200); do [ ! -e "$db.restore-pending" ] && [ "$(windows)" -ge 1 ] && break; sleep 0.1; done
check "a staged file that fails its check is dropped and the window opens the database as it was" \
  '[ ! -e "$db.restore-pending" ] && [ "$(windows)" -ge 1 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM tags WHERE name = '"'Entered before the restart'"'")" = 0 ]'
kill $app; wait $app 2>/dev/null; app=
run --database "$db" --verify
check "... which is still healthy" '[ $rc -eq 0 ] && grep -q healthy "$tmp/out"'

exit $failed
