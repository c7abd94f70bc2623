#!/bin/sh
# Runs diff.mjs for meson: skips (77) without Node.js or without the
# harness's npm packages. The harness is ../shared/conformance/harness with
# its node_modules (run "npm ci" in a writable copy and point
# KS_HARNESS_DIR at it); KS_DIFF_REQUESTS and KS_DIFF_SEED tune the run.
runner="$1"
script_dir=$(dirname "$0")
if ! command -v node >/dev/null 2>&1; then
  echo "SKIP: Node.js is not installed"
  exit 77
fi
harness="${KS_HARNESS_DIR:-}"
if [ -z "$harness" ] && [ -n "$KS_SHARED_DIR" ]; then
  harness="$KS_SHARED_DIR/conformance/harness"
fi
if [ -z "$harness" ] || [ ! -d "$harness/node_modules/dynalite" ]; then
  echo "SKIP: the conformance harness packages are missing (copy ../shared/conformance/harness, run \"npm ci\" in it, set KS_HARNESS_DIR)"
  exit 77
fi
exec node "$script_dir/diff.mjs" --runner "$runner" --harness "$harness" \
  --requests "${KS_DIFF_REQUESTS:-10000}" --seed "${KS_DIFF_SEED:-1}"
