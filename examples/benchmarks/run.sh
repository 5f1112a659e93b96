#!/usr/bin/env bash
# Runs every braze4j benchmark and writes the report's inputs. From the repository root:
#
#   examples/benchmarks/run.sh            # JMH suite (about 4 minutes) + chart + 96 MB heap run
#   examples/benchmarks/run.sh --jmh-only # without the file run (which writes 2 x 880 MB to a temp dir)
#   examples/benchmarks/run.sh workload [USERS] # the Engage workload: sync --state (one state directory
#                                              # from the first sync to the re-sync and the stream)
#                                              # against batch-only and one request per message
#                                              # (USERS default 1,000,000: about an hour on 2 busy
#                                              # cores, 8 GB heap, 4.5 GB of temp files and the state)
#
# Outputs: examples/benchmarks/target/jmh-results.json (JMH), the ratio table on stdout,
# docs/performance.svg (the chart), and the MapFile lines. See docs/PERFORMANCE.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -ntp -q -P benchmarks -pl examples/benchmarks -am package -DskipTests
JAR=examples/benchmarks/target/benchmarks.jar
RESULTS=examples/benchmarks/target/jmh-results.json

if [[ "${1:-}" == "workload" ]]; then
  # per-message is sent for real up to 2,000,000 messages, derived above (see docs/PERFORMANCE.md)
  exec java -Xmx8g -cp "$JAR" io.github.braze4j.benchmarks.engage.EngageBenchmark --users "${2:-1000000}" \
    --per-message-limit 2000000 --results examples/benchmarks/target/engage-results.json --svg docs/engage.svg
fi

echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MiB, $(java -version 2>&1 | head -1)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar "$JAR" -prof gc -rf json -rff "$RESULTS"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$JAR" io.github.braze4j.benchmarks.Report "$RESULTS" docs/performance.svg

# The pipeline again with the whole process (caller, lanes, OkHttp, server, GC) held to one core.
if command -v taskset > /dev/null; then
  taskset -c 0 java -jar "$JAR" PipelineBenchmark -rf json -rff examples/benchmarks/target/jmh-one-core.json
  java -cp "$JAR" io.github.braze4j.benchmarks.Report examples/benchmarks/target/jmh-one-core.json \
    examples/benchmarks/target/one-core.svg
fi

if [[ "${1:-}" != "--jmh-only" ]]; then
  DIR=$(mktemp -d)
  trap 'rm -rf "$DIR"' EXIT
  for ORDER in by-audience by-profile; do
    java -cp "$JAR" io.github.braze4j.benchmarks.GenerateNdjson "$DIR/$ORDER.ndjson" 125000 "$ORDER"
    # 96 MB: the default store keeps all 1,000,000 keys of these files (docs/PERFORMANCE.md)
    java -Xmx96m -cp "$JAR" io.github.braze4j.benchmarks.MapFile "$DIR/$ORDER.ndjson"
    rm -f "$DIR/$ORDER.ndjson"
  done
fi
