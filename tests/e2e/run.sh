#!/bin/sh
# The newsroom's browser tests: installs playwright-core from package-lock.json when
# it is missing (npm ci), then runs run.js against BUILD_DIR's pressroom.
# usage: tests/e2e/run.sh BUILD_DIR     Ends with "N passed, N failed".
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:?usage: tests/e2e/run.sh BUILD_DIR}
if ! command -v node >/dev/null || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "FAIL setup: node and /usr/bin/chromium are needed (tools/deps.sh installs them)"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
	if ! npm ci --prefix "$HERE" --no-audit --no-fund --loglevel=error >/dev/null; then
		echo "FAIL setup: npm ci --prefix tests/e2e failed"
		echo "0 passed, 1 failed"
		exit 1
	fi
fi
exec node "$HERE/run.js" "$BUILD"
