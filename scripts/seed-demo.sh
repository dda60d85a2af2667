#!/usr/bin/env bash
# Registers a handful of referrer and partner firms through the gateway. Re-running is harmless (409 for known owners).
# Every demo owner signs in with the password below (demo data only).
set -euo pipefail
GW="${1:-http://127.0.0.1:8080}"
PASSWORD="${MARKETPLACE_DEMO_PASSWORD:-demo-password-1}"
firms=(
  'Northwind IT Services|America/New_York|false|Dana Reyes|dana@northwind-it.example'
  'Harbour Managed Services|Europe/London|false|Sam Okafor|sam@harbour-msp.example'
  'Acme Security|America/New_York|true|Priya Natarajan|priya@acme-security.example'
  'Ledgerline ERP Partners|Europe/London|true|Tom Becker|tom@ledgerline.example'
  'Cloudbridge Azure Specialists|Australia/Sydney|true|Mei Lin|mei@cloudbridge.example'
  'Voicewave UC|America/Chicago|true|Luis Ortega|luis@voicewave.example'
)
created=0
for f in "${firms[@]}"; do
  IFS='|' read -r name tz takes owner email <<<"$f"
  body=$(printf '{"name":"%s","timeZone":"%s","takesReferrals":%s,"ownerName":"%s","ownerEmail":"%s","ownerPassword":"%s"}' \
    "$name" "$tz" "$takes" "$owner" "$email" "$PASSWORD")
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$GW/api/network/firms" -H 'Content-Type: application/json' -d "$body")
  case "$code" in
    201) created=$((created + 1)) ;;
    409) ;;
    *) echo "[seed] registering $name answered $code" >&2; exit 1 ;;
  esac
done
echo "[seed] demo firms: $created new, $(( ${#firms[@]} - created )) already there" >&2
