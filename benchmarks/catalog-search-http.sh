#!/usr/bin/env bash
# Typeahead over HTTP on a catalog of 2,000+ skills: starts Catalog on loopback with a benchmark database of its own,
# grows the taxonomy with synthetic skills (SQL into that database), then measures with wrk. Bounded: 10 s a query.
#   benchmarks/catalog-search-http.sh [connections]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONNECTIONS="${1:-2}"
PORT=5191
DB=bench_catalog
command -v wrk >/dev/null || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
"$ROOT/scripts/infra.sh" up
PSQL=(psql -h 127.0.0.1 -p 5433 -U postgres -q)
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
dotnet build "$ROOT/services/Catalog/Marketplace.Catalog.csproj" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null

cd "$ROOT/services/Catalog"
ConnectionStrings__catalog="Host=127.0.0.1;Port=5433;Database=$DB;Username=postgres" ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/Marketplace.Catalog.dll > /tmp/bench-catalog.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; "${PSQL[@]}" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done

# Synthetic skills: variants of the real ones with an extra word and their aliases, like the in-process benchmark.
"${PSQL[@]}" -d $DB -c "
INSERT INTO \"Skills\" (\"Id\", \"Name\", \"CategoryId\", \"Aliases\")
SELECT s.\"Id\" || '-v' || g, s.\"Name\" || ' variant ' || g, s.\"CategoryId\", ARRAY(SELECT a || ' v' || g FROM unnest(s.\"Aliases\") a)
FROM \"Skills\" s CROSS JOIN generate_series(1, 12) g;"
COUNT=$("${PSQL[@]}" -d $DB -Atc 'SELECT count(*) FROM "Skills"')
# Restart so the in-memory index is built from the grown taxonomy, then warm it with one search.
kill $PID; wait $PID 2>/dev/null || true
ConnectionStrings__catalog="Host=127.0.0.1;Port=5433;Database=$DB;Username=postgres" ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/Marketplace.Catalog.dll > /tmp/bench-catalog.log 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/api/catalog/skills?q=warmup" >/dev/null

echo "skills: $COUNT, connections: $CONNECTIONS"
for q in m365 sharepont quickbook "sql%20server%20perf" az; do
  echo "== q=$q"
  wrk -t1 -c"$CONNECTIONS" -d10s -s "$ROOT/benchmarks/percentiles.lua" "http://127.0.0.1:$PORT/api/catalog/skills?q=$q&limit=10" | tail -n1
done
