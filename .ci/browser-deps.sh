#!/usr/bin/env bash
# Installs what the report's browser test needs (Debian's chromium) when missing. No CJK font:
# the reports embed gvckit's own font, and the test proves it with fontconfig seeing none.
# Needs root and apt-get; elsewhere it says so and the browser test skips with that reason.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "browser-deps: cannot install ${need[*]} (needs root and apt-get); the browser test will skip" >&2
  exit 0
fi
echo "browser-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
  || echo "browser-deps: apt-get install ${need[*]} failed; the browser test will skip" >&2
exit 0
