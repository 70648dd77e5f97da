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

# The partner programme: every month closed, statements whose lines add up to
# their totals to the rupiah, gapless invoice numbers, the same for the same seed.
# 12 months of the sales period, and 2026-11..2027-06 closed by the programme
# demo so the pilot and scorecards of 2027 read real revenue
[[ $(sqlite3 "$dir/a.db" "SELECT count(*) FROM billing_closes") == 20 ]] || fail "not 20 months closed"
[[ $(sqlite3 "$dir/a.db" "SELECT count(*) FROM statements WHERE kind = 'revshare'") == 20 ]] ||
  fail "not one Moka statement per month"
[[ $(sqlite3 "$dir/a.db" "SELECT count(*) FROM statements s WHERE gross <> partner_share + clario_share
      OR gross <> (SELECT coalesce(sum(gross), 0) FROM statement_lines WHERE statement_id = s.id)
      OR partner_share <> (SELECT coalesce(sum(partner_share), 0) FROM statement_lines WHERE statement_id = s.id)") \
   == 0 ]] || fail "a statement does not add up"
[[ $(sqlite3 "$dir/a.db" "SELECT count(*) FROM (SELECT series, year FROM invoices GROUP BY series, year
      HAVING max(seq) <> count(*))") == 0 ]] || fail "invoice numbers have gaps"
[[ $(sqlite3 "$dir/a.db" "SELECT count(*) FROM invoices WHERE kind = 'oem_fee'") == 1 ]] ||
  fail "Pawoon's one-time fee is not invoiced exactly once"
(( $(sqlite3 "$dir/a.db" "SELECT count(*) FROM commission_entries WHERE kind = 'clawback'") > 0 )) ||
  fail "no clawback in the demo"
billing() { sqlite3 "$1" "SELECT number, kind, month, subtotal, ppn, total FROM invoices ORDER BY id;
  SELECT kind, partner_id, month, gross, partner_share FROM statements ORDER BY id;
  SELECT kind, amount FROM commission_entries ORDER BY id;" | md5sum; }
[[ $(billing "$dir/a.db") == $(billing "$dir/b.db") ]] || fail "same seed gave different billing"
"$clario" billing statements --db "$dir/a.db" --partner moka --month 2026-06 | grep -q revshare ||
  fail "clario billing statements shows no Moka statement"

# A database URL never gets --force: the user drops and recreates it.
# The programme on billing's figures: Moka's share of Clario's revenue passes
# the 25% warning in April 2027 and the 30% limit in May (by SQL over the
# closed months: Moka's revenue-share statement against statements + invoices)
share() { sqlite3 "$dir/a.db" "SELECT (SELECT clario_share FROM statements s JOIN partners p ON
  p.id = s.partner_id WHERE p.code = 'moka' AND s.kind = 'revshare' AND s.month = '$1') * 10000 /
  ((SELECT sum(clario_share) FROM statements WHERE kind = 'revshare' AND month = '$1') +
   (SELECT sum(subtotal) FROM invoices WHERE month = '$1'))"; }
(( $(share 2027-03) < 2500 )) || fail "Moka above 25% already in March 2027: $(share 2027-03)"
(( $(share 2027-04) > 2500 && $(share 2027-04) <= 3000 )) || fail "Moka April 2027 share $(share 2027-04)"
(( $(share 2027-05) > 3000 )) || fail "Moka May 2027 share $(share 2027-05)"
"$clario" report risk --month 2027-04 --db "$dir/a.db" | grep -Eq '^moka .* warning ' ||
  fail "no concentration warning for Moka in April 2027"
"$clario" report risk --month 2027-05 --db "$dir/a.db" | grep -Eq '^moka .* breach ' ||
  fail "no concentration breach for Moka in May 2027"
"$clario" report partners --month 2027-03 --db "$dir/a.db" | grep -Eq '^moka +month .*Rp [1-9]' ||
  fail "the March 2027 scorecard shows no Moka revenue"
pilot=$("$clario" pilots report 1 --as-of 2027-06-15 --db "$dir/a.db")
for c in retention_lift revenue_lift; do
  grep -Eq "^$c +[0-9.]+ +-?[0-9]" <<<"$pilot" || fail "pilot criterion $c has no value"
done

if out=$("$clario" demo --db postgres://nobody@127.0.0.1:1/none --force 2>&1); then
  fail "--force accepted for a URL"
fi
[[ $out == *"drop and recreate the database yourself"* ]] || fail "--force on a URL: $out"
echo "demo: $tickets tickets, deterministic, consistent"
