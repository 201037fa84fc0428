#!/usr/bin/env bash
# Prepares a SoftHSM2 token for the PKCS#11 key provider tests.
#
#   scripts/softhsm-setup.sh [--no-install] TOKEN_DIR [LABEL] [USER_PIN] [SO_PIN]
#
# Installs SoftHSM2 with apt-get when it is missing (unless --no-install), writes
# TOKEN_DIR/softhsm2.conf with its own token directory, initialises a token with LABEL
# (default veil-test) and prints the line SOFTHSM2_CONF=TOKEN_DIR/softhsm2.conf.
# The PKCS#11 library is /usr/lib/softhsm/libsofthsm2.so on Debian and Ubuntu.
set -euo pipefail

install=1
if [ "${1:-}" = "--no-install" ]; then install=0; shift; fi
dir="${1:?usage: softhsm-setup.sh [--no-install] TOKEN_DIR [LABEL] [USER_PIN] [SO_PIN]}"
label="${2:-veil-test}"
pin="${3:-1234}"
so_pin="${4:-5678}"

if ! command -v softhsm2-util >/dev/null 2>&1; then
  if [ "$install" = 1 ] && command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq softhsm2 >/dev/null
  else
    echo "softhsm-setup: softhsm2-util not found" >&2
    exit 2
  fi
fi

mkdir -p "$dir/tokens"
conf="$dir/softhsm2.conf"
cat > "$conf" <<CONF
directories.tokendir = $dir/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF

SOFTHSM2_CONF="$conf" softhsm2-util --init-token --free --label "$label" --pin "$pin" --so-pin "$so_pin" >/dev/null
echo "SOFTHSM2_CONF=$conf"
