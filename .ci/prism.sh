#!/usr/bin/env bash
# Contract tests: serve a single-file OpenAPI spec with Stoplight Prism, a mock server that
# validates every request against the spec, and run generated/tests/it/prism.rs against it.
#
#   .ci/prism.sh SPEC.yaml      (SPEC.yaml from `cargo xtask bundle --out SPEC.yaml`)
#
# PRISM_HOME (default ~/.cache/redpanda-sdk-prism) is where Prism is installed with npm, once;
# PRISM_PORT (default 4010) is the port it listens on, on 127.0.0.1. Prism is stopped on exit,
# whatever happens. The exit code is the tests'.
set -euo pipefail

if [[ $# -ne 1 || ! -f $1 ]]; then
    echo "usage: $0 SPEC.yaml  (a single-file spec, e.g. from cargo xtask bundle --out FILE)" >&2
    exit 2
fi
spec=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${PRISM_HOME:-$HOME/.cache/redpanda-sdk-prism}
port=${PRISM_PORT:-4010}
prism=$dir/node_modules/.bin/prism

port_answers() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

if [[ ! -x $prism ]]; then
    command -v npm >/dev/null || { echo "prism.sh: npm is needed to install Prism" >&2; exit 1; }
    echo "prism.sh: installing @stoplight/prism-cli@5 into $dir" >&2
    mkdir -p "$dir"
    npm install --no-audit --no-fund --prefix "$dir" @stoplight/prism-cli@5 >&2
fi

if port_answers; then
    echo "prism.sh: something already listens on 127.0.0.1:$port; set PRISM_PORT" >&2
    exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/prism.XXXXXX.log")
pid=
stop_prism() {
    if [[ -n $pid ]]; then
        # Prism runs in its own process group (setsid): end the group, then reap it.
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        pid=
    fi
    rm -f "$log"
}
trap stop_prism EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "prism.sh: $("$prism" --version) mock on 127.0.0.1:$port serving $spec" >&2
setsid "$prism" mock -h 127.0.0.1 -p "$port" "$spec" >"$log" 2>&1 &
pid=$!

deadline=$((SECONDS + 60))
until port_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "prism.sh: Prism exited before listening:" >&2
        cat "$log" >&2
        exit 1
    fi
    if ((SECONDS >= deadline)); then
        echo "prism.sh: Prism did not listen on 127.0.0.1:$port within 60 s:" >&2
        tail -n 50 "$log" >&2
        exit 1
    fi
    sleep 0.5
done

export PRISM_URL="http://127.0.0.1:$port"
status=0
(cd "$repo" && cargo test -p redpanda-cloud --test it prism:: -- --ignored) || status=$?
if ((status != 0)); then
    echo "prism.sh: tests failed; the end of Prism's log:" >&2
    tail -n 80 "$log" >&2
fi
exit "$status"
