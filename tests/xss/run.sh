#!/bin/sh
# The XSS corpus through every input, checked in headless Chromium: installs
# playwright-core for tests/e2e when it is missing (npm ci), then runs run.js.
# usage: tests/xss/run.sh BUILD_DIR [--full]     Ends with "N passed, N failed".
HERE=$(cd "$(dirname "$0")" && pwd)
E2E="$HERE/../e2e"
BUILD=${1:?usage: tests/xss/run.sh BUILD_DIR [--full]}
shift
if ! command -v node >/dev/null || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "FAIL setup: node and /usr/bin/chromium are needed (tools/deps.sh installs them)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -d "$E2E/node_modules/playwright-core" ]; then
	if ! npm ci --prefix "$E2E" --no-audit --no-fund --loglevel=error >/dev/null; then
		echo "FAIL setup: npm ci --prefix tests/e2e failed"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
exec node "$HERE/run.js" "$BUILD" "$@"
