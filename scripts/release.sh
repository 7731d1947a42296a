#!/usr/bin/env bash
# Builds jxzp's release into dist/: binaries for windows/amd64, windows/386, linux/amd64 and
# darwin/arm64, the Windows zips, and SHA256SUMS.txt. Usage: scripts/release.sh [version]
# The version defaults to `git describe`; the zips' time is SOURCE_DATE_EPOCH or the last
# commit's, so building one commit twice gives the same bytes. Needs only Go and the module
# cache (GOPROXY=off: no network).
set -euo pipefail

cd "$(dirname "$0")/.."

version="${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1767225600)}"

rm -rf dist
GOPROXY=off GOFLAGS=-mod=readonly go run ./scripts/release -version "$version" -time "$epoch" -dist dist
