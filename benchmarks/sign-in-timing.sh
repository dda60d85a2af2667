#!/usr/bin/env bash
# Does the token endpoint tell a member's address from an unknown one by its timing?
# Against Network directly (a running system: scripts/run.sh), interleaving a wrong password for a member's address
# with a password for an address nobody has, each address tried fewer times than the throttle allows (so every try is
# checked). Prints median, p90 and mean of each and their ratio.
#   benchmarks/sign-in-timing.sh [samples-per-kind] [network-url]
set -euo pipefail
SAMPLES="${1:-80}"
NETWORK="${2:-http://127.0.0.1:5102}"
PER_ACCOUNT=4 # below the throttle's five free tries
ACCOUNTS=$(( (SAMPLES + PER_ACCOUNT - 2) / (PER_ACCOUNT - 1) )) # each account gives PER_ACCOUNT - 1 timed tries
run="timing-$(date +%s)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

for i in $(seq 1 "$ACCOUNTS"); do
  curl -s -o /dev/null -X POST "$NETWORK/api/network/firms" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Timing $run $i\",\"timeZone\":\"UTC\",\"ownerName\":\"T\",\"ownerEmail\":\"$run-$i@timing.example\",\"ownerPassword\":\"the-right-password-$i\"}"
done

time_token() { # email → seconds
  curl -s -o /dev/null -w '%{time_total}\n' "$NETWORK/connect/token" -d grant_type=password --data-urlencode "username=$1" -d "password=a-wrong-guess-$RANDOM$RANDOM"
}
# One warm-up of each path.
time_token "$run-1@timing.example" >/dev/null; time_token "warmup-$run@nobody.example" >/dev/null
n=0
for i in $(seq 1 "$ACCOUNTS"); do
  for t in $(seq 2 "$PER_ACCOUNT"); do # the warm-up used one try of account 1; start every account at its second try
    [ "$n" -ge "$SAMPLES" ] && break 2
    echo "known $(time_token "$run-$i@timing.example")" >> "$out"
    echo "unknown $(time_token "nobody-$run-$n@nobody.example")" >> "$out"
    n=$((n + 1))
  done
done

python3 - "$out" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def stats(kind):
    v = sorted(float(t) * 1000 for k, t in rows if k == kind)
    return len(v), statistics.median(v), v[int(len(v) * 0.9) - 1], statistics.mean(v)
k, u = stats("known"), stats("unknown")
print(f"{'':8} {'n':>4} {'median':>9} {'p90':>9} {'mean':>9}")
for name, s in (("known", k), ("unknown", u)):
    print(f"{name:8} {s[0]:>4} {s[1]:>7.1f}ms {s[2]:>7.1f}ms {s[3]:>7.1f}ms")
print(f"unknown/known median ratio: {u[1] / k[1]:.2f}, mean ratio: {u[3] / k[3]:.2f}")
PY
