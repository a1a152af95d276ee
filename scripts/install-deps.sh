#!/usr/bin/env bash
# Installs the Debian packages lgsec builds, tests and benchmarks with. Idempotent: packages already
# present are skipped, so a second run costs one dpkg query. Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build clang libclang-rt-14-dev
  libsqlite3-dev sqlite3 libmicrohttpd-dev libjansson-dev libsodium-dev liboath-dev
  libqrencode-dev libyaml-dev libutf8proc-dev libcmocka-dev
  libxlsxwriter-dev libzip-dev libxml2-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk
  chromium openssl wrk curl ca-certificates
  libgmime-3.0-dev libgumbo-dev libqpdf-dev qpdf libclamav-dev libseccomp-dev libytnef0-dev
  libcurl4-openssl-dev libpoppler-glib-dev poppler-utils postfix python3 libbdd-dev
  libjpeg62-turbo-dev libpng-dev libgif-dev libuchardet-dev nftables iptables zip unzip lld
  libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui
)
# Node.js may come from another Debian-format source whose nodejs already bundles npm; only ask
# Debian for it when it is absent.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end build and browser-test tools, pinned by web/package-lock.json.
if [ -f web/package-lock.json ] && [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
