#!/usr/bin/env bash
# Builds the JsSIP browser bundle the browser webphone test peer (internal/testpeer/browser.go)
# loads: npm installs jssip and esbuild into the user's cache dir, esbuild bundles JsSIP as one
# script defining the global JsSIP. Runs outside the tests' network namespace (it needs npm's
# registry) and does nothing when the bundle is already there.
# usage: scripts/jssip-bundle.sh   (prints the bundle's path)
set -euo pipefail

jssip_version=3.13.8
esbuild_version=0.28.2
dir="${XDG_CACHE_HOME:-$HOME/.cache}/softphone/jssip-$jssip_version"
bundle="$dir/jssip.js"

if [ ! -s "$bundle" ]; then
	command -v npm >/dev/null 2>&1 || { echo "npm is required to build $bundle (Debian: nodejs npm)" >&2; exit 1; }
	mkdir -p "$dir"
	(
		cd "$dir"
		[ -f package.json ] || echo '{"name":"softphone-jssip-bundle","private":true}' >package.json
		npm install --silent --no-audit --no-fund "jssip@$jssip_version" "esbuild@$esbuild_version"
		npx --no-install esbuild node_modules/jssip/lib/JsSIP.js --bundle --format=iife \
			--global-name=JsSIP --log-level=warning --outfile="$bundle.tmp"
		mv "$bundle.tmp" "$bundle"
	)
fi
echo "$bundle"
