#!/usr/bin/env bash
# Proves that `make run` works from nothing: a fresh SQLite database and fresh file folders, migrations,
# the demo data, and the development server answering the home page and the open award's page.
#
#   scripts/smoke_run.sh            (SMOKE_PORT=8123 to choose the port; SMOKE_TIMEOUT=180 seconds)
set -euo pipefail
cd "$(dirname "$0")/.."

timeout_seconds="${SMOKE_TIMEOUT:-180}"
port="${SMOKE_PORT:-8000}"

port_answers() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/"; }

if port_answers "$port"; then
    if [[ -n "${SMOKE_PORT:-}" ]]; then
        echo "smoke_run: something already answers on 127.0.0.1:$port" >&2
        exit 1
    fi
    port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "smoke_run: 127.0.0.1:8000 is taken, using port $port instead"
fi

workdir="$(mktemp -d)"
export DATABASE_URL="sqlite:///$workdir/db.sqlite3"
export FRAGMENT_CACHE_DIR="$workdir/fragments"
export PRIVATE_EVIDENCE_ROOT="$workdir/evidence"
export MEDIA_ROOT="$workdir/media"
unset AWS_STORAGE_BUCKET_NAME
log="$workdir/run.log"
base="http://127.0.0.1:$port"

# The award open for nominations now: next year's from October, otherwise this year's.
year="$(TZ=Europe/London date +%Y)"
month="$(TZ=Europe/London date +%-m)"
if (( month >= 10 )); then year=$((year + 1)); fi

# Its own process group, so that stopping it also stops runserver's autoreloader child.
setsid make run PORT="$port" >"$log" 2>&1 &
server_pid=$!

cleanup() {
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    rm -rf "$workdir"
}
trap cleanup EXIT

echo "smoke_run: make run on a fresh database ($workdir), waiting up to ${timeout_seconds}s for $base/"
started=$SECONDS
until port_answers "$port"; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "smoke_run: make run stopped before serving. Its output:" >&2
        cat "$log" >&2
        exit 1
    fi
    if (( SECONDS - started > timeout_seconds )); then
        echo "smoke_run: nothing answered on $base/ within ${timeout_seconds}s. make run's output:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 1
done
echo "smoke_run: serving after $((SECONDS - started))s"

if ! grep -q "keep-it-local-demo" "$log"; then
    echo "smoke_run: make run did not print the demo sign-ins" >&2
    cat "$log" >&2
    exit 1
fi

# The sign-ins are the last thing printed before the server starts, not lost above the migrations.
if grep -q "Applying " "$log"; then
    echo "smoke_run: make run printed the migrations above the demo sign-ins" >&2
    cat "$log" >&2
    exit 1
fi

failed=0
# Wagtail's links (the sitemap here) name the port make run serves on.
if curl -s --max-time 30 "$base/sitemap.xml" | grep -q "<loc>$base/"; then
    echo "smoke_run: ok   /sitemap.xml (links to $base/)"
else
    echo "smoke_run: FAIL /sitemap.xml does not link to $base/" >&2
    failed=1
fi
for path in "/" "/awards/$year/"; do
    body="$workdir/page.html"
    status="$(curl -s -o "$body" -w '%{http_code}' --max-time 30 "$base$path")"
    if [[ "$status" == 200 ]] && grep -q "Keep it Local" "$body"; then
        echo "smoke_run: ok   $path ($status, mentions Keep it Local)"
    else
        echo "smoke_run: FAIL $path (HTTP $status, or no 'Keep it Local' on the page)" >&2
        failed=1
    fi
done
if (( failed )); then
    echo "smoke_run: make run's output:" >&2
    cat "$log" >&2
    exit 1
fi
echo "smoke_run: make run works"
