# Sourced by .ci/run: Debian's Chromium for the browser tests (tests/test_web_browser.py), driven by
# Playwright through executable_path, so no browser download of Playwright's own is needed.
# Noto fonts make the Arabic in the screenshots (test-artifacts/) readable. Fast when present.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null; then
  echo "== installing chromium (Debian) for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null) \
    || echo "warning: could not install chromium; the browser tests will fail" >&2
fi
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version 2>/dev/null || true
fi
mkdir -p test-artifacts
