#!/usr/bin/env bash
# Installs real n8n 2.8.4 (the newest n8n that runs on Node 20) into a cache folder outside the repo,
# once; later calls reuse it. Prints the host folder on the last line of stdout.
#   HOST=$(bash e2e/ensure-n8n.sh | tail -n1)
#   bash e2e/ensure-n8n.sh --with-chromium    # also installs Debian's chromium for the browser checks
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
host="${N8N_HOST_DIR:-$HOME/.cache/n8n-nodes-customer-update/n8n-2.8.4}"
mkdir -p "$host"

if [ ! -x "$host/node_modules/.bin/n8n" ] || ! cmp -s "$here/n8n-host/package-lock.json" "$host/package-lock.json"; then
	echo "Installing n8n 2.8.4 into $host (about 4 minutes, once)..." >&2
	cp "$here/n8n-host/package.json" "$here/n8n-host/package-lock.json" "$here/n8n-host/.npmrc" "$host/"
	# Not `npm ci`: the registry mirror lacks some foreign-platform optional packages the lock names.
	(cd "$host" && npm install --no-audit --no-fund >&2)
	cp "$here/n8n-host/package-lock.json" "$host/package-lock.json"
fi

if [ "${1:-}" = "--with-chromium" ] && ! command -v chromium >/dev/null 2>&1; then
	echo "Installing Debian chromium..." >&2
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium) >&2
fi

echo "$host"
