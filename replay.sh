#!/usr/bin/env bash
# The full replay: re-renders and re-publishes every live post from the Kafka log (e.g. after a page template change),
# throttled so live posts stay fast meanwhile, and prints its progress until it is finished.
#
#   ./replay.sh [--rate N]
#
# --rate N      posts per second (default: the service's REPLAY_RATE, 50)
# Environment:  INGEST_PORT (8081) or INGEST_URL (http://localhost:$INGEST_PORT), OPS_TOKEN (local-ops-token),
#               REPLAY_POLL_SECONDS (2). Exits 0 once every post is through, 1 if some failed or it was stopped.
# If a replay is running already, it follows that one. Ctrl-C stops following; the replay goes on
# (stop it with: curl -X DELETE -H "Authorization: Bearer $OPS_TOKEN" $INGEST_URL/ops/replay).
set -euo pipefail

rate=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) rate="${2:-}"; shift 2 ;;
    --rate=*) rate="${1#*=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "replay.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$rate" ] && ! [[ "$rate" =~ ^[0-9]+$ ]]; then
  echo "replay.sh: --rate must be a whole number of posts per second, was '$rate'" >&2
  exit 2
fi

url="${INGEST_URL:-http://localhost:${INGEST_PORT:-8081}}/ops/replay"
auth="Authorization: Bearer ${OPS_TOKEN:-local-ops-token}"
poll="${REPLAY_POLL_SECONDS:-2}"

# A field of the flat JSON object the ops endpoint answers.
field() {
  printf '%s' "$2" | sed -n "s/.*\"$1\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | tr -d '"'
}

answer=$(curl -sS -X POST -H "$auth" -w '\n%{http_code}' "$url${rate:+?rate=$rate}")
status=${answer##*$'\n'}
body=${answer%$'\n'*}
case "$status" in
  202) echo "Replay $(field replayId "$body") started: $(field total "$body") posts at up to $(field targetRate "$body") posts/s" ;;
  409) echo "A replay is running already ($(field replayId "$body")); following it" ;;
  *) echo "replay.sh: $url answered $status: $body" >&2; exit 1 ;;
esac

while true; do
  body=$(curl -sS -f -H "$auth" "$url")
  state=$(field state "$body")
  eta=$(field etaSeconds "$body")
  echo "$(field done "$body")/$(field total "$body") done, $(field failed "$body") failed," \
    "$(field postsPerSecond "$body") posts/s, ETA ${eta/null/?} s ($state)"
  if [ "$state" != "RUNNING" ]; then
    break
  fi
  sleep "$poll"
done

echo "Replay $(field replayId "$body") $(echo "$state" | tr 'A-Z' 'a-z') in $(field elapsedSeconds "$body") s:" \
  "$(field republished "$body") published again, $(field overtaken "$body") overtaken by newer versions," \
  "$(field failed "$body") failed"
[ "$state" = "FINISHED" ] && [ "$(field failed "$body")" = "0" ]
