#!/usr/bin/env bash
# Two `clario serve` app servers on one PostgreSQL database behind a local
# nginx (round robin): authenticated reads and ingest work through nginx and
# directly through each server; the same ~200 tickets at revisions 1..3, posted
# concurrently in shuffled overlapping batches to both servers and through
# nginx, end up stored exactly once at revision 3, refunds exactly once, and the
# summary's net sales equal the total computed here from the revision-3 data;
# and a monthly close requested on both servers at once makes one set of
# documents.
#
# Needs CLARIO_TEST_PG_URL (scripts/run-tests sets it) and nginx: fails, never
# skips, without them. Tools: curl, psql, nginx, coreutils.
set -euo pipefail
clario=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
log() { echo "multinode: $*"; }

[[ -n ${CLARIO_TEST_PG_URL:-} ]] ||
  fail "CLARIO_TEST_PG_URL is not set (run through 'make test' / scripts/run-tests, or start scripts/pg-cluster and export it)"
nginx_bin=$(PATH=$PATH:/usr/sbin:/sbin command -v nginx || true)
[[ -n $nginx_bin ]] || fail "nginx is not installed (scripts/install-deps installs it)"
command -v curl >/dev/null || fail "curl is not installed"
command -v psql >/dev/null || fail "psql is not installed (postgresql-client)"

dir=$(mktemp -d /tmp/clario-multinode.XXXXXX)
db=clario_mn_$$_$RANDOM
[[ $CLARIO_TEST_PG_URL =~ ^(postgres(ql)?://[^/]+)(/[^?]*)?(\?.*)?$ ]] ||
  fail "CLARIO_TEST_PG_URL is not a postgres:// URL: $CLARIO_TEST_PG_URL"
url="${BASH_REMATCH[1]}/$db${BASH_REMATCH[4]}"
pids=()
nginx_pid=
cleanup() {
  local rc=$?
  [[ -n $nginx_pid ]] && kill -TERM "$nginx_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  wait 2>/dev/null
  psql -qX "$CLARIO_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  if ((rc != 0)); then
    for f in "$dir"/server*.log "$dir"/error.log; do
      [[ -f $f ]] && { echo "--- $f (last 30 lines)" >&2; tail -n 30 "$f" >&2; }
    done
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

q() { psql -qAtX -v ON_ERROR_STOP=1 "$url" -c "$1"; }

# ---- database, partner, keys ----
psql -qX -v ON_ERROR_STOP=1 "$CLARIO_TEST_PG_URL" -c "CREATE DATABASE $db" >/dev/null ||
  fail "could not create database $db"
"$clario" migrate --db "$url" >/dev/null || fail "migrate"
"$clario" partners add --code moka --name Moka --kind pos --db "$url" >/dev/null || fail "partners add"
pkey=$("$clario" keys create --partner moka --label mn --db "$url" 2>/dev/null) || fail "partner key"
akey=$("$clario" keys create --admin --label mn --db "$url" 2>/dev/null) || fail "admin key"
[[ $pkey == clk_live_* && $akey == clk_live_* ]] || fail "keys look wrong: '$pkey' '$akey'"

# ---- two app servers ----
start_server() { # NAME
  "$clario" serve --db "$url" --listen 127.0.0.1:0 --ready-file "$dir/$1.port" >"$dir/$1.log" 2>&1 &
  pids+=($!)
}
start_server server1
start_server server2
for i in $(seq 200); do
  [[ -s $dir/server1.port && -s $dir/server2.port ]] && break
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || fail "a server exited at start"; done
  sleep 0.05
done
[[ -s $dir/server1.port && -s $dir/server2.port ]] || fail "servers did not write their ready files"
port1=$(<"$dir/server1.port")
port2=$(<"$dir/server2.port")
s1=http://127.0.0.1:$port1
s2=http://127.0.0.1:$port2
log "servers on $port1 and $port2"

# ---- nginx in front of both ----
mkdir -p "$dir/tmp"
user_line=
[[ $(id -u) -eq 0 ]] && user_line="user $(id -un) $(id -gn);"
temp_paths="client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy;"
nginx_v=$("$nginx_bin" -V 2>&1)
for m in fastcgi uwsgi scgi; do
  [[ $nginx_v == *--without-http_${m}_module* ]] || temp_paths+=" ${m}_temp_path $dir/tmp/$m;"
done
write_nginx_conf() { # PORT
  cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes 1;
events { worker_connections 256; }
http {
  access_log $dir/access.log;
  $temp_paths
  upstream clario {
    server 127.0.0.1:$port1 max_fails=0;
    server 127.0.0.1:$port2 max_fails=0;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$1;
    client_max_body_size 8m;
    location / {
      proxy_pass http://clario;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_connect_timeout 5s;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_503 non_idempotent;
      proxy_next_upstream_tries 2;
    }
  }
}
EOF
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
nport=
for attempt in 1 2 3 4 5 6 7 8; do
  p=$((20000 + RANDOM % 40000))
  port_in_use "$p" && continue
  write_nginx_conf "$p"
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
    -g "daemon off; pid $dir/nginx.pid; error_log $dir/error.log;" 2>>"$dir/error.log" &
  nginx_pid=$!
  for i in $(seq 100); do
    kill -0 "$nginx_pid" 2>/dev/null || break
    if curl -fsS -o /dev/null "http://127.0.0.1:$p/healthz" 2>/dev/null; then nport=$p; break; fi
    sleep 0.05
  done
  [[ -n $nport ]] && break
  kill -TERM "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=
done
[[ -n $nport ]] || fail "nginx did not start (see $dir/error.log): $(tail -n 5 "$dir/error.log" 2>/dev/null)"
lb=http://127.0.0.1:$nport
log "nginx on $nport"

# ---- HTTP helpers ----
# call METHOD URL KEY [BODY]: sets $code and $body.
call() {
  : >"$dir/body"
  code=$(curl -sS -o "$dir/body" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3" \
         -H 'Content-Type: application/json' ${4:+--data-binary "$4"} "$2") || code=000
  body=$(<"$dir/body")
}
json_int() { # FIELD JSON: the first integer value of "FIELD"
  local m
  m=$(grep -o "\"$1\":-\?[0-9]*" <<<"$2" | head -n 1) || true
  echo "${m#*:}"
}

# ---- merchant and outlet through nginx ----
call POST "$lb/v1/merchants" "$akey" '{"name":"Kopi Multinode","kind":"cafe","partner":"moka"}'
[[ $code == 201 ]] || fail "create merchant: $code $body"
mid=$(json_int id "$body")
call POST "$lb/v1/merchants/$mid/outlets" "$pkey" \
  '{"external_id":"MN-1","name":"Senopati","timezone":"Asia/Jakarta","cutoff":"04:00"}'
[[ $code == 201 ]] || fail "create outlet: $code $body"

# ---- the session (API key) works everywhere; ingest works through each ----
for base in "$lb" "$s1" "$s2" "$lb"; do
  for key in "$akey" "$pkey"; do
    call GET "$base/v1/merchants/$mid" "$key"
    [[ $code == 200 && $body == *'"MN-1"'* ]] || fail "GET merchant via $base: $code $body"
  done
  call GET "$base/v1/merchants/$mid" "clk_live_bogus_key"
  [[ $code == 401 ]] || fail "a bad key via $base gave $code"
done
n=0
for base in "$lb" "$s1" "$s2"; do
  n=$((n + 1))
  t='{"outlet_id":"MN-1","ticket_id":"S-'$n'","closed_at":"2027-01-15T12:00:00+07:00","channel":"dine_in",'
  t+='"lines":[{"item_id":"KOPI","name":"Kopi Susu","qty":1,"unit_price":20000}],'
  t+='"payments":[{"method":"cash","amount":20000}]}'
  call POST "$base/v1/tickets" "$pkey" "[$t]"
  [[ $code == 200 && $body == *'"created":1'* ]] || fail "ingest via $base: $code $body"
  call POST "$base/v1/tickets" "$pkey" "[$t]"
  [[ $code == 200 && $body == *'"duplicate":1'* ]] || fail "re-ingest via $base: $code $body"
done
log "reads and ingest work through nginx and each server"

# ---- the concurrent ingest ----
# Ticket i (1..N) at revision r: qty = i%5 + r, price = 10000 + (i%7)*1000.
#   i%10 == 3: refund R<i>a (one unit) at revisions 2 and 3
#   i%10 == 5: refunds R<i>a (one unit) and R<i>b (500) at revision 3 only
#   i%10 == 7: void at revision 3 (never refunded)
N=200
expected_net=0
: >"$dir/all.jsonl"
: >"$dir/want_tickets"
: >"$dir/want_refunds"
for ((i = 1; i <= N; i++)); do
  price=$((10000 + (i % 7) * 1000))
  hh=$(printf %02d $((8 + i % 12)))
  mm=$(printf %02d $((i % 60)))
  for r in 1 2 3; do
    qty=$((i % 5 + r))
    status=closed
    ((r == 3 && i % 10 == 7)) && status=void
    refunds=()
    ra='{"refund_id":"R'$i'a","at":"2027-02-01T21:00:00+07:00","amount":'$price',"reason":"salah pesan"}'
    rb='{"refund_id":"R'$i'b","at":"2027-02-01T21:30:00+07:00","amount":500}'
    ((i % 10 == 3 && r >= 2)) && refunds=("$ra")
    ((i % 10 == 5 && r == 3)) && refunds=("$ra" "$rb")
    t='{"outlet_id":"MN-1","ticket_id":"T-'$i'","revision":'$r',"status":"'$status'",'
    t+='"closed_at":"2027-02-01T'$hh:$mm':00+07:00","channel":"takeaway",'
    t+='"lines":[{"item_id":"ITEM-'$((i % 7))'","name":"Menu '$((i % 7))'","qty":'$qty',"unit_price":'$price'}]'
    [[ $status == closed ]] && t+=',"payments":[{"method":"qris","amount":'$((qty * price))'}]'
    if ((${#refunds[@]})); then
      t+=',"refunds":['$(IFS=,; echo "${refunds[*]}")']'
    fi
    t+='}'
    echo "$t" >>"$dir/all.jsonl"
  done
  # revision 3 is what must be stored
  qty3=$((i % 5 + 3))
  if ((i % 10 == 7)); then
    echo "T-$i|3|void|$qty3" >>"$dir/want_tickets"
  else
    echo "T-$i|3|closed|$qty3" >>"$dir/want_tickets"
    expected_net=$((expected_net + qty3 * price))
  fi
  if ((i % 10 == 3 || i % 10 == 5)); then
    echo "T-$i|R${i}a|$price" >>"$dir/want_refunds"
    expected_net=$((expected_net - price))
  fi
  if ((i % 10 == 5)); then
    echo "T-$i|R${i}b|500" >>"$dir/want_refunds"
    expected_net=$((expected_net - 500))
  fi
done
sort -o "$dir/want_tickets" "$dir/want_tickets"
sort -o "$dir/want_refunds" "$dir/want_refunds"

# poster NAME BASE SEED: posts every ticket-revision once, in its own shuffled
# order, in batches of 40; retries a 503 (ingest is idempotent).
poster() {
  local name=$1 base=$2 seed=$3 batch code tries
  shuf --random-source=<(yes "$seed") "$dir/all.jsonl" | split -l 40 - "$dir/$name.batch."
  for batch in "$dir/$name".batch.*; do
    { printf '['; paste -sd, "$batch"; printf ']'; } >"$batch.json"
    for tries in 1 2 3 4 5; do
      code=$(curl -sS -o "$batch.out" -w '%{http_code}' -X POST -H "Authorization: Bearer $pkey" \
             -H 'Content-Type: application/json' --data-binary "@$batch.json" "$base/v1/tickets") || code=000
      [[ $code == 503 || $code == 000 ]] || break
      echo "$name: $code on $(basename "$batch"), retry $tries" >>"$dir/retries"
      sleep 0.2
    done
    if [[ $code != 200 ]]; then
      echo "$name: $(basename "$batch"): HTTP $code $(head -c 300 "$batch.out")" >>"$dir/errors"
      continue
    fi
    grep -q '"rejected":0' "$batch.out" ||
      echo "$name: $(basename "$batch"): rejections: $(grep -o '"outcome":"rejected"[^}]*' "$batch.out" | head -n 3)" >>"$dir/errors"
  done
}
: >"$dir/errors"
: >"$dir/retries"
log "posting $((N * 3)) ticket revisions x 6 posters (2 per server, 2 through nginx)"
posters=()
poster pa1 "$s1" 11 & posters+=($!)
poster pb1 "$s2" 12 & posters+=($!)
poster pl1 "$lb" 13 & posters+=($!)
poster pa2 "$s1" 14 & posters+=($!)
poster pb2 "$s2" 15 & posters+=($!)
poster pl2 "$lb" 16 & posters+=($!)
for p in "${posters[@]}"; do wait "$p" || fail "a poster failed"; done
[[ -s $dir/retries ]] && log "retried after 503: $(wc -l <"$dir/retries") time(s)"
[[ ! -s $dir/errors ]] || fail "ingest errors: $(head -n 10 "$dir/errors")"

# ---- what is stored ----
oid=$(q "SELECT id FROM outlets WHERE external_id = 'MN-1'")
got=$(q "SELECT count(*), count(DISTINCT external_id) FROM tickets WHERE outlet_id = $oid AND external_id LIKE 'T-%'")
[[ $got == "$N|$N" ]] || fail "tickets stored (count|distinct): $got, want $N|$N"
q "SELECT t.external_id || '|' || t.revision || '|' || t.status || '|' || sum(l.qty)
   FROM tickets t JOIN ticket_lines l ON l.ticket_id = t.id
   WHERE t.outlet_id = $oid AND t.external_id LIKE 'T-%'
   GROUP BY t.id, t.external_id, t.revision, t.status" | sort >"$dir/got_tickets"
diff "$dir/want_tickets" "$dir/got_tickets" >"$dir/tickets.diff" ||
  fail "stored tickets differ from revision 3 (want < > got): $(head -n 10 "$dir/tickets.diff")"
q "SELECT t.external_id || '|' || r.external_id || '|' || r.amount
   FROM refunds r JOIN tickets t ON t.id = r.ticket_id WHERE t.outlet_id = $oid" | sort >"$dir/got_refunds"
diff "$dir/want_refunds" "$dir/got_refunds" >"$dir/refunds.diff" ||
  fail "stored refunds differ (want < > got): $(head -n 10 "$dir/refunds.diff")"
lines=$(q "SELECT count(*) FROM ticket_lines l JOIN tickets t ON t.id = l.ticket_id WHERE t.external_id LIKE 'T-%'")
[[ $lines == "$N" ]] || fail "$lines ticket lines for $N one-line tickets"
dead=$(q "SELECT count(*) FROM dead_letters")
[[ $dead == 0 ]] || fail "$dead dead letters: $(q "SELECT reason FROM dead_letters LIMIT 3")"

for base in "$lb" "$s1" "$s2"; do
  call GET "$base/v1/merchants/$mid/summary?from=2027-02-01&to=2027-02-01" "$pkey"
  [[ $code == 200 ]] || fail "summary via $base: $code $body"
  net=$(json_int net_sales "$body")
  [[ $net == "$expected_net" ]] || fail "summary net sales via $base: $net, want $expected_net"
done
log "stored exactly once at revision 3; refunds once; net sales $expected_net as computed"
"$clario" rollups check --db "$url" >/dev/null || fail "rollups differ from a rebuild"

# ---- the database drops every connection (a restart or failover) ----
# Both servers must reconnect on their own: the next requests succeed.
killed=$(psql -qAtX "$CLARIO_TEST_PG_URL" -c \
  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db'")
((killed > 0)) || fail "no server connections to terminate"
for base in "$s1" "$s2" "$lb"; do
  call GET "$base/v1/merchants/$mid/summary?from=2027-02-01&to=2027-02-01" "$pkey"
  [[ $code == 200 ]] || fail "after losing its connections, $base answered $code $body"
  [[ $(json_int net_sales "$body") == "$expected_net" ]] || fail "wrong figures after reconnect via $base"
done
log "both servers reconnected after $killed connections were terminated"

# ---- a web session made through one server works through the other ----
# Sessions live in the shared database: sign in through server 1, then read
# through server 2 and through nginx with the same cookie; sign out through
# nginx and the cookie is dead everywhere.
printf 'multinode-password-2026\n' |
  "$clario" users add --email ops@multinode.test --name Ops --role clario_admin --db "$url" >/dev/null ||
  fail "users add"
curl -sS -c "$dir/jar" -o "$dir/login" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data-binary '{"email":"ops@multinode.test","password":"multinode-password-2026"}' \
  "$s1/web/login" >"$dir/login.code" || fail "login request"
[[ $(<"$dir/login.code") == 200 ]] || fail "login through server 1: $(<"$dir/login.code") $(<"$dir/login")"
csrf=$(grep -o '"csrf":"[^"]*"' "$dir/login" | cut -d'"' -f4)
for base in "$s2" "$lb" "$s1"; do
  code=$(curl -sS -b "$dir/jar" -o "$dir/body" -w '%{http_code}' "$base/v1/merchants/$mid/summary?from=2027-02-01&to=2027-02-01")
  [[ $code == 200 ]] || fail "session read via $base: $code $(<"$dir/body")"
  [[ $(json_int net_sales "$(<"$dir/body")") == "$expected_net" ]] || fail "session read via $base: wrong figures"
done
code=$(curl -sS -b "$dir/jar" -o /dev/null -w '%{http_code}' -X POST -H "X-CSRF-Token: $csrf" "$lb/web/logout")
[[ $code == 200 || $code == 204 ]] || fail "logout through nginx: $code"
for base in "$s1" "$s2"; do
  code=$(curl -sS -b "$dir/jar" -o /dev/null -w '%{http_code}' "$base/v1/merchants/$mid/summary?from=2027-02-01&to=2027-02-01")
  [[ $code == 401 ]] || fail "a signed-out session still reads via $base: $code"
done
log "a web session signed in on server 1 reads through server 2 and nginx; sign-out ends it on both"

# ---- the monthly close run on both servers at once: one set of documents ----
# Three direct merchants and the Moka merchant under a reseller contract,
# subscribed for October 2026; six closes of that month (over: closes refuse an open month) race through both
# servers and nginx. Exactly one answers 201 (closed), the rest 200 (already).
"$clario" contracts add --partner moka --model reseller --start 2026-10-01 --db "$url" >/dev/null ||
  fail "contracts add"
"$clario" billing subscribe --merchant "$mid" --source partner --partner moka --start 2026-10-01 \
  --db "$url" >/dev/null || fail "subscribe the moka merchant"
for n in 1 2 3; do
  call POST "$s1/v1/merchants" "$akey" "{\"name\":\"Direct $n\",\"kind\":\"cafe\"}"
  [[ $code == 201 ]] || fail "create direct merchant: $code $body"
  "$clario" billing subscribe --merchant "$(json_int id "$body")" --source direct \
    --price 250000 --start 2026-10-1$n --db "$url" >/dev/null || fail "subscribe direct merchant $n"
done
closers=()
for base in "$s1" "$s2" "$lb" "$s2" "$s1" "$lb"; do
  curl -sS -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $akey" \
    -H 'Content-Type: application/json' --data-binary '{"month":"2026-10"}' \
    "$base/v1/admin/billing/close" >>"$dir/closes" &
  closers+=($!)
done
for p in "${closers[@]}"; do wait "$p" || fail "a close request failed"; done
[[ $(grep -c '^201$' "$dir/closes") == 1 ]] || fail "closes answered $(sort "$dir/closes" | uniq -c | tr '\n' ' '), want one 201"
[[ $(grep -c '^200$' "$dir/closes") == 5 ]] || fail "closes answered $(sort "$dir/closes" | uniq -c | tr '\n' ' '), want five 200"
[[ $(q "SELECT count(*) FROM billing_closes") == 1 ]] || fail "more than one close recorded"
[[ $(q "SELECT count(*) FROM statements") == 1 ]] || fail "statements: $(q "SELECT count(*) FROM statements"), want 1 (Moka)"
invoices=$(q "SELECT string_agg(number, ',' ORDER BY number) FROM invoices")
[[ $invoices == "INV/2026/000001,INV/2026/000002,INV/2026/000003" ]] ||
  fail "invoices $invoices, want three numbered without gaps"
log "six concurrent closes through both servers: one close, one statement, invoices $invoices"

# ---- shut down: nginx, then both servers (SIGTERM, exit 0) ----
kill -TERM "$nginx_pid"
wait "$nginx_pid" || true
nginx_pid=
for idx in 0 1; do
  kill -TERM "${pids[idx]}"
  rc=0
  wait "${pids[idx]}" || rc=$?
  ((rc == 0)) || fail "server $((idx + 1)) exited $rc on SIGTERM"
done
pids=()
psql -qX -v ON_ERROR_STOP=1 "$CLARIO_TEST_PG_URL" -c "DROP DATABASE $db" >/dev/null || fail "drop database"
log "ok"
