#!/usr/bin/env bash
# The one-command local run: builds the services, then starts a real Kafka broker (KRaft), S3Proxy, the three
# services, the CDN-like edge and, on first start, the sample posts. Ctrl-C stops everything it started.
# Settings come from environment variables (see README.md); data and logs live in .pipeline-data/.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q package -DskipTests
exec java -jar dev-stack/target/dev-stack-exec.jar
