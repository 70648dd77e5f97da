#!/usr/bin/env bash
# The demo generator: deterministic for a seed, different for another seed,
# every ticket accepted (no dead letters), rollups equal to a rebuild, and the
# credentials file private and working. Runs at a small --scale to stay quick.
set -euo pipefail
clario=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$clario" demo --db "$dir/a.db" --seed 7 --scale 3 >/dev/null
"$clario" demo --db "$dir/b.db" --seed 7 --scale 3 >/dev/null
"$clario" demo --db "$dir/c.db" --seed 8 --scale 3 >/dev/null

# Everything but the wall-clock columns (created_at/updated_at) and the random keys.
content() {
  sqlite3 "$1" "
    SELECT count(*), sum(revision), sum(closed_at), sum(covers), sum(tax), sum(service_charge) FROM tickets;
    SELECT count(*), sum(qty), sum(unit_price * qty), sum(discount) FROM ticket_lines;
    SELECT count(*), sum(amount) FROM payments;
    SELECT count(*), sum(amount), sum(at) FROM refunds;
    SELECT group_concat(name, '|') FROM (SELECT name FROM merchants ORDER BY id);
    SELECT sum(gross), sum(refunds), sum(tickets) FROM rollup_outlet_hour;" | md5sum
}
[[ $(content "$dir/a.db") == $(content "$dir/b.db") ]] || fail "same seed gave different data"
[[ $(content "$dir/a.db") != $(content "$dir/c.db") ]] || fail "another seed gave the same data"

tickets=$(sqlite3 "$dir/a.db" "SELECT count(*) FROM tickets")
(( tickets > 5000 )) || fail "only $tickets tickets at scale 3"
[[ $(sqlite3 "$dir/a.db" "SELECT count(*) FROM dead_letters") == 0 ]] || fail "demo tickets were rejected"
[[ $(sqlite3 "$dir/a.db" "SELECT count(DISTINCT kind) FROM merchants") == 5 ]] || fail "not all five merchant kinds"
[[ $(sqlite3 "$dir/a.db" "SELECT count(DISTINCT tz) FROM outlets") == 3 ]] || fail "not all three zones"
[[ $(sqlite3 "$dir/a.db" "SELECT group_concat(code) FROM (SELECT code FROM partners WHERE kind = 'pos' ORDER BY code)") \
   == "kasirpintar,moka,olsera,pawoon,qasir" ]] || fail "the five POS partners are not there"
# The summary's net sales for the whole demo, computed independently from raw rows.
raw_net=$(sqlite3 "$dir/a.db" "
  SELECT (SELECT sum(l.qty * (l.unit_price + l.modifiers_total) - l.discount)
          FROM ticket_lines l JOIN tickets t ON t.id = l.ticket_id WHERE t.status = 'closed')
       - (SELECT coalesce(sum(d.amount), 0) FROM ticket_discounts d JOIN tickets t ON t.id = d.ticket_id
          WHERE t.status = 'closed')
       - (SELECT coalesce(sum(amount), 0) FROM refunds)")
rollup_net=$(sqlite3 "$dir/a.db" "
  SELECT sum(gross - line_discounts - ticket_discounts - refunds) FROM rollup_outlet_hour")
[[ $raw_net == "$rollup_net" ]] || fail "rollup net $rollup_net != raw net $raw_net"

"$clario" rollups check --db "$dir/a.db" >/dev/null || fail "rollups differ from a rebuild"

[[ $(stat -c %a "$dir/a.db.credentials") == 600 ]] || fail "credentials file is not private"
grep -q '^admin_key=clk_live_' "$dir/a.db.credentials" || fail "no admin key"
grep -q '^merchant_key=clk_live_' "$dir/a.db.credentials" || fail "no merchant key"

# Refuses to overwrite without --force.
if "$clario" demo --db "$dir/a.db" --scale 3 >/dev/null 2>&1; then fail "overwrote an existing database"; fi
# --credentials puts the keys elsewhere.
"$clario" demo --db "$dir/k.db" --scale 1 --credentials "$dir/keys.txt" >/dev/null ||
  fail "demo --credentials failed"
grep -q '^admin_key=clk_live_' "$dir/keys.txt" || fail "--credentials: no admin key"
[[ ! -e $dir/k.db.credentials ]] || fail "--credentials also wrote k.db.credentials"

# A database URL never gets --force: the user drops and recreates it.
if out=$("$clario" demo --db postgres://nobody@127.0.0.1:1/none --force 2>&1); then
  fail "--force accepted for a URL"
fi
[[ $out == *"drop and recreate the database yourself"* ]] || fail "--force on a URL: $out"
echo "demo: $tickets tickets, deterministic, consistent"
