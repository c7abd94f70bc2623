#!/bin/sh
# Deploys designs into dynalite with keyshape-cli and checks them live
# (live.mjs).
#
#   run-live.sh SOURCE_DIR WORK_DIR KEYSHAPE_CLI
#
# dynalite and the AWS SDK (used only to scan the tables back, independently
# of Keyshape's client) come from tests/interop/package.json, pinned by its
# package-lock.json, installed into WORK_DIR once. Exit 77 (skipped) without
# node, npm or the registry.
set -u
src=$1
work=$2
cli=$3
interop="$src/../interop"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "# skip: node and npm are not installed"
  exit 77
fi
mkdir -p "$work" || exit 1
if ! cmp -s "$interop/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  cp "$interop/package.json" "$interop/package-lock.json" "$work/" || exit 1
  if ! (cd "$work" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1); then
    echo "# skip: npm ci failed (no registry?):"
    sed 's/^/#   /' "$work/npm.log" | tail -n 5
    rm -f "$work/package-lock.json"
    exit 77
  fi
fi

set -- "$src/../../data/templates/ecommerce.keyshape.json"
if [ -n "${KS_SHARED_DIR:-}" ] && [ -d "$KS_SHARED_DIR/conformance" ]; then
  for model in "$KS_SHARED_DIR"/conformance/*.model.json; do
    set -- "$@" "$model"
  done
else
  echo "# KS_SHARED_DIR not set: only the bundled template is deployed"
fi
NODE_NO_WARNINGS=1 exec node "$src/live.mjs" "$cli" "$work" "$@"
