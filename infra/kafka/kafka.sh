#!/usr/bin/env bash
# Starts and stops a real single-node Apache Kafka broker (KRaft) from the official Maven
# Central artifacts, for machines without a Docker engine.
#
#   kafka.sh start   resolve the jars (cached), format a fresh log dir, start on free ports,
#                    wait until it accepts requests, print the bootstrap address
#   kafka.sh stop    stop the broker this folder started
#   kafka.sh status  print the bootstrap address of the running broker, or exit 1
#
# Environment: OA_RELAY_STATE_DIR (default <repo>/.oa-relay), OA_RELAY_CACHE_DIR (default
# ~/.cache/oa-relay), KAFKA_PORT (default: a free port), KAFKA_HEAP (default 512m).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
state_dir="${OA_RELAY_STATE_DIR:-$repo/.oa-relay}/kafka"
cache_dir="${OA_RELAY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/oa-relay}"
libs_dir="$cache_dir/kafka-$kafka_version/libs"
start_timeout_s=90

log() { printf '[kafka.sh] %s\n' "$*" >&2; }

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

running_pid() {
  [[ -f "$state_dir/pid" ]] || return 1
  local pid
  pid="$(cat "$state_dir/pid")"
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

resolve_jars() {
  if [[ -f "$libs_dir/.complete" ]]; then
    return
  fi
  log "resolving kafka_2.13:$kafka_version from Maven Central into $libs_dir"
  rm -rf "$libs_dir"
  mkdir -p "$libs_dir"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$libs_dir" -DincludeScope=runtime >&2
  touch "$libs_dir/.complete"
}

write_config() {
  local port="$1" controller_port="$2"
  cat >"$state_dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$state_dir/data
auto.create.topics.enable=false
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
}

java_cmd() {
  java -Xms256m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$here/log4j2.properties" \
    -cp "$libs_dir/*" "$@"
}

start() {
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
    cat "$state_dir/bootstrap"
    return
  fi
  resolve_jars
  rm -rf "$state_dir"
  mkdir -p "$state_dir/data"
  local port="${KAFKA_PORT:-$(free_port)}" controller_port
  controller_port="$(free_port)"
  write_config "$port" "$controller_port"

  local cluster_id
  # A cluster id that starts with '-' reads as an option to the storage tool (one in 64 of
  # random ones did, failing the start): draw again, as Kafka's own Uuid.randomUuid does.
  cluster_id="$(node -e "
    const { randomBytes } = require('crypto');
    let id;
    do id = randomBytes(16).toString('base64url'); while (id.startsWith('-'));
    console.log(id);")"
  if ! java_cmd kafka.tools.StorageTool format -t "$cluster_id" -c "$state_dir/server.properties" \
    >"$state_dir/format.log" 2>&1; then
    log "formatting the log directory failed; last lines of $state_dir/format.log:"
    tail -n 10 "$state_dir/format.log" >&2
    exit 1
  fi

  local started=$SECONDS
  nohup java -Xms256m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC \
    -Dlog4j2.configurationFile="$here/log4j2.properties" \
    -cp "$libs_dir/*" kafka.Kafka "$state_dir/server.properties" >"$state_dir/broker.log" 2>&1 &
  echo $! >"$state_dir/pid"
  echo "127.0.0.1:$port" >"$state_dir/bootstrap"

  until grep -q 'Kafka Server started' "$state_dir/broker.log" && port_open "$port"; do
    if ! running_pid >/dev/null; then
      log "the broker exited during start; last lines of $state_dir/broker.log:"
      tail -n 30 "$state_dir/broker.log" >&2
      exit 1
    fi
    if ((SECONDS - started > start_timeout_s)); then
      log "the broker did not start within ${start_timeout_s}s; see $state_dir/broker.log"
      stop
      exit 1
    fi
    sleep 0.2
  done
  log "started on 127.0.0.1:$port in $((SECONDS - started))s (log: $state_dir/broker.log)"
  cat "$state_dir/bootstrap"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    return
  fi
  kill "$pid"
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$state_dir/pid"
  log "stopped"
}

status() {
  running_pid >/dev/null && cat "$state_dir/bootstrap"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
