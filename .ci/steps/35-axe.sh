# Sourced by .ci/run: axe-core (MPL-2.0, npm) for the accessibility check of the pages in Chromium
# (tests/test_accessibility_browser.py). A test tool only, never shipped with Bahith; pinned so a new
# rule set cannot fail a run on its own. Kept in the user's cache, so later runs need no network.
AXE_VERSION=4.14.1
AXE_DIR="${BAHITH_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bahith/axe-$AXE_VERSION}"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null; then
  echo "== installing axe-core $AXE_VERSION (npm) for the accessibility test"
  npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" "axe-core@$AXE_VERSION" >/dev/null \
    || echo "warning: could not install axe-core; the accessibility test will fail" >&2
fi
export BAHITH_AXE_JS="$AXE_DIR/node_modules/axe-core/axe.min.js"
