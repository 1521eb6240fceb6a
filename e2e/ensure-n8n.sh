#!/usr/bin/env bash
# Installs real n8n 2.8.4 (the newest n8n that runs on Node 20) into a cache folder outside the repo,
# once; later calls reuse it. Prints the host folder on the last line of stdout (npm output goes to stderr).
#   HOST=$(bash e2e/ensure-n8n.sh | tail -n1)
#   bash e2e/ensure-n8n.sh --with-chromium    # also installs Debian's chromium for the browser checks
#   bash e2e/ensure-n8n.sh --with-redis       # also installs Debian's redis-server for the queue-mode checks
# Reinstalls when node_modules/.bin/n8n is missing or the cached lockfile differs from e2e/n8n-host/package-lock.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
host="${N8N_HOST_DIR:-$HOME/.cache/n8n-nodes-customer-update/n8n-2.8.4}"
mkdir -p "$host"
host="$(cd "$host" && pwd)"

with_chromium=false
with_redis=false
for arg in "$@"; do
	case "$arg" in
		--with-chromium) with_chromium=true ;;
		--with-redis) with_redis=true ;;
		*) echo "usage: $0 [--with-chromium] [--with-redis]" >&2; exit 2 ;;
	esac
done

# Serialise concurrent callers sharing one cache folder.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$host/.ensure.lock"
	if ! flock -n 9; then
		echo "Waiting for another process that is installing or checking n8n in $host to finish (it holds $host/.ensure.lock; a first install takes about 4 minutes)..." >&2
		flock 9
		echo "The other process finished; going on." >&2
	fi
fi

if [ ! -x "$host/node_modules/.bin/n8n" ] || ! cmp -s "$here/n8n-host/package-lock.json" "$host/package-lock.json"; then
	echo "Installing n8n 2.8.4 into $host (about 4 minutes, once)..." >&2
	cp "$here/n8n-host/package.json" "$here/n8n-host/package-lock.json" "$here/n8n-host/.npmrc" "$host/"
	# Not `npm ci`: the registry mirror lacks some foreign-platform optional packages the lock names.
	# On failure drop the cached lockfile so the next call retries instead of trusting a partial install.
	# Install scripts must run (sqlite3's native binding). On the command line, because `npm run` passes this
	# repository's own ignore-scripts=true to child processes as npm_config_ignore_scripts, which would
	# override the host folder's .npmrc.
	# The registry sometimes stalls mid-download (EIDLETIMEOUT); npm's own fetch retries do not cover a body
	# that stops arriving, so the whole install is tried again, reusing what npm's cache already holds.
	attempt=1
	until (cd "$host" && npm install --no-audit --no-fund --ignore-scripts=false --fetch-retries=5 </dev/null >&2); do
		if [ "$attempt" -ge 3 ]; then
			rm -f "$host/package-lock.json"
			echo "npm install failed in $host after $attempt attempts" >&2
			exit 1
		fi
		attempt=$((attempt + 1))
		echo "npm install failed in $host; trying again (attempt $attempt of 3) in 10 seconds..." >&2
		sleep 10
	done
	# npm may rewrite the lockfile; keep the repo's copy so the next cmp matches.
	cp "$here/n8n-host/package-lock.json" "$host/package-lock.json"
fi

# n8n cannot open its database without sqlite3's native binding; a cache installed with scripts skipped
# lacks it, so check it on every call and build it when missing (≈80 s).
if ! (cd "$host" && node -e "require('sqlite3')" >/dev/null 2>&1); then
	echo "Building sqlite3's native binding in $host (about 80 seconds)..." >&2
	if ! (cd "$host" && npm rebuild sqlite3 --ignore-scripts=false </dev/null >&2 && node -e "require('sqlite3')" >&2); then
		echo "sqlite3 could not be built in $host (needs python3, make, g++ and Node's headers)" >&2
		exit 1
	fi
fi

if [ "$with_chromium" = true ] && ! command -v chromium >/dev/null 2>&1; then
	echo "Installing Debian chromium..." >&2
	(apt-get -o Acquire::Retries=3 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends chromium) </dev/null >&2
fi

if [ "$with_redis" = true ] && ! command -v redis-server >/dev/null 2>&1; then
	echo "Installing Debian redis-server..." >&2
	(apt-get -o Acquire::Retries=3 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends redis-server) </dev/null >&2
fi

echo "$host"
