#!/usr/bin/env bash
# The demo generator on PostgreSQL: deterministic for a seed, every ticket
# accepted, rollups equal to the raw rows and to a rebuild, and it refuses a
# database that already holds Clario data. Needs CLARIO_TEST_PG_URL.
set -euo pipefail
clario=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -n ${CLARIO_TEST_PG_URL:-} ]] ||
  fail "CLARIO_TEST_PG_URL is not set; start a cluster with scripts/pg-cluster (make test does)"
dir=$(mktemp -d)
dbs=("clario_demo_$$_a" "clario_demo_$$_b" "clario_demo_$$_c") # newdb runs in a subshell
cleanup() {
  for d in "${dbs[@]}"; do
    psql -qX "$CLARIO_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
base=${CLARIO_TEST_PG_URL%/*}
newdb() { # NAME: creates a fresh database, prints its URL
  local d="clario_demo_$$_$1"
  psql -qX -v ON_ERROR_STOP=1 "$CLARIO_TEST_PG_URL" -c "CREATE DATABASE $d" >/dev/null
  echo "$base/$d"
}
a=$(newdb a)
b=$(newdb b)
c=$(newdb c)
"$clario" demo --db "$a" --seed 7 --scale 1 --credentials "$dir/a.cred" >/dev/null
"$clario" demo --db "$b" --seed 7 --scale 1 --credentials "$dir/b.cred" >/dev/null
"$clario" demo --db "$c" --seed 8 --scale 1 --credentials "$dir/c.cred" >/dev/null

q() { psql -qAtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
# Everything but the wall-clock columns and the random keys.
content() {
  q "$1" "
    SELECT count(*), sum(revision), sum(closed_at), sum(covers), sum(tax), sum(service_charge) FROM tickets;
    SELECT count(*), sum(qty), sum(unit_price * qty), sum(discount) FROM ticket_lines;
    SELECT count(*), sum(amount) FROM payments;
    SELECT count(*), sum(amount), sum(at) FROM refunds;
    SELECT string_agg(name, '|' ORDER BY id) FROM merchants;
    SELECT sum(gross), sum(refunds), sum(tickets) FROM rollup_outlet_hour;" | md5sum
}
[[ $(content "$a") == $(content "$b") ]] || fail "same seed gave different data"
[[ $(content "$a") != $(content "$c") ]] || fail "another seed gave the same data"

# The same seed on SQLite gives the same rows: PostgreSQL's demo takes the COPY
# path (buffered tickets, refunds and their lines), SQLite plain inserts.
"$clario" demo --db "$dir/lite.db" --seed 7 --scale 1 --credentials "$dir/l.cred" >/dev/null
same_q="SELECT count(*), sum(revision), sum(closed_at), sum(covers), sum(tax), sum(service_charge),
       sum(business_day), sum(hour), sum(length(customer_id)), sum(length(cashier_id)) FROM tickets;
SELECT count(*), sum(qty), sum(unit_price * qty), sum(discount), sum(modifiers_total),
       sum(length(modifiers_json)), sum(line_no), sum(length(name)) FROM ticket_lines;
SELECT count(*), sum(amount), sum(seq), sum(length(method)) FROM payments;
SELECT count(*), sum(amount), sum(seq) FROM ticket_discounts;
SELECT count(*), sum(amount), sum(at), sum(business_day), sum(hour) FROM refunds;
SELECT count(*), sum(qty), sum(amount) FROM refund_lines;
SELECT count(*), sum(gross), sum(refunds), sum(tickets), sum(voids) FROM rollup_outlet_hour;
SELECT count(*), sum(qty), sum(gross), sum(discounts), sum(refunds) FROM rollup_item_day;"
diff <(q "$a" "$same_q") <(sqlite3 "$dir/lite.db" "$same_q") >&2 ||
  fail "the PostgreSQL demo differs from the SQLite demo of the same seed"

tickets=$(q "$a" "SELECT count(*) FROM tickets")
(( tickets > 1000 )) || fail "only $tickets tickets at scale 1"
[[ $(q "$a" "SELECT count(*) FROM dead_letters") == 0 ]] || fail "demo tickets were rejected"
raw_net=$(q "$a" "
  SELECT (SELECT sum(l.qty * (l.unit_price + l.modifiers_total) - l.discount)
          FROM ticket_lines l JOIN tickets t ON t.id = l.ticket_id WHERE t.status = 'closed')
       - (SELECT coalesce(sum(d.amount), 0) FROM ticket_discounts d JOIN tickets t ON t.id = d.ticket_id
          WHERE t.status = 'closed')
       - (SELECT coalesce(sum(amount), 0) FROM refunds)")
rollup_net=$(q "$a" "SELECT sum(gross - line_discounts - ticket_discounts - refunds) FROM rollup_outlet_hour")
[[ $raw_net == "$rollup_net" ]] || fail "rollup net $rollup_net != raw net $raw_net"
"$clario" rollups check --db "$a" >/dev/null || fail "rollups differ from a rebuild"
grep -q '^admin_key=clk_live_' "$dir/a.cred" || fail "no admin key"

# A database that already holds Clario data is refused, and nothing is dropped.
if "$clario" demo --db "$a" --scale 1 --credentials "$dir/x.cred" >/dev/null 2>&1; then
  fail "demo wrote into a database that already had data"
fi
[[ $(q "$a" "SELECT count(*) FROM tickets") == "$tickets" ]] || fail "the refused demo changed data"
echo "demo on PostgreSQL: $tickets tickets, deterministic, consistent"
