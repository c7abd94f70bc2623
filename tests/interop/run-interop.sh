#!/bin/sh
# Runs interop.mjs (ElectroDB, dynalite) on the interop design and, when
# the shared conformance models are there, on each of them imported.
#
#   run-interop.sh SOURCE_DIR WORK_DIR KEYSHAPE_CLI
#
# The npm packages (package.json, pinned by package-lock.json) are
# installed into WORK_DIR once; exit 77 (skipped) without node, npm or the
# registry.
set -u
src=$1
work=$2
cli=$3

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "# skip: node and npm are not installed"
  exit 77
fi
mkdir -p "$work" || exit 1
if ! cmp -s "$src/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  cp "$src/package.json" "$src/package-lock.json" "$work/" || exit 1
  if ! (cd "$work" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1); then
    echo "# skip: npm ci failed (no registry?):"
    sed 's/^/#   /' "$work/npm.log" | tail -n 5
    rm -f "$work/package-lock.json"
    exit 77
  fi
fi

set -- "$src/../data/interop.keyshape.json"
if [ -n "${KS_SHARED_DIR:-}" ] && [ -d "$KS_SHARED_DIR/conformance" ]; then
  for model in "$KS_SHARED_DIR"/conformance/*.model.json; do
    name=$(basename "$model" .model.json)
    "$cli" import "$model" -o "$work/$name.keyshape.json" || exit 1
    set -- "$@" "$work/$name.keyshape.json"
  done
else
  echo "# KS_SHARED_DIR not set: the conformance models are not checked"
fi
exec node "$src/interop.mjs" "$cli" "$work" "$@"
