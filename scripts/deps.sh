#!/usr/bin/env bash
# Installs the Debian packages the phone needs, only those missing.
# usage: scripts/deps.sh build|test
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev portaudio19-dev libspandsp-dev libopus-dev libspeexdsp-dev)
test_pkgs=(kamailio kamailio-presence-modules kamailio-tls-modules baresip sip-tester espeak-ng sox xvfb x11-apps imagemagick xdotool dbus iproute2 iptables util-linux procps xdg-utils desktop-file-utils xz-utils kamailio-websocket-modules dbus-daemon gnome-keyring libsecret-tools coturn pulseaudio pulseaudio-utils libasound2-plugins chromium nodejs)

want=("${build_pkgs[@]}")
[ "${1:-build}" = test ] && want+=("${test_pkgs[@]}")
# npm builds the browser webphone's JsSIP bundle (scripts/jssip-bundle.sh); Debian packages it
# apart from nodejs, other nodejs builds (NodeSource) carry it.
[ "${1:-build}" = test ] && ! command -v npm >/dev/null 2>&1 && want+=(npm)

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing Debian packages: ${missing[*]}"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
	for d in /usr/local/go/bin "$HOME/go/bin"; do [ -x "$d/go" ] && export PATH="$d:$PATH"; done
fi
command -v go >/dev/null 2>&1 || { echo "Go 1.25 or later is required: https://go.dev/doc/install" >&2; exit 1; }
