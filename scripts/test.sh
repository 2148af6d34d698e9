#!/usr/bin/env bash
# The test suite, in the order that fails fastest: static checks, unit tests (no root),
# integration tests (root: real crun, conmon, overlayfs, cgroups), end-to-end tests with the
# real docker and skopeo clients. Usage: scripts/test.sh all|check|unit|integration|e2e
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.node/bin:$PATH"
what=${1:-all}

run_check() {
  echo "== typecheck"
  node_modules/.bin/tsc -p tsconfig.json
  echo "== layering"
  node scripts/check-layers.ts
}

# --test-concurrency=1: integration tests start daemons and containers; on a 2-core machine
# running them one file at a time is both faster and quieter than in parallel.
run_tests() {
  local label=$1; shift
  echo "== $label"
  node --disable-warning=ExperimentalWarning --test --test-concurrency="${TEST_CONCURRENCY:-1}" --test-reporter=spec "$@"
}

unit_files() { find src test -name '*.test.ts' ! -name '*.int.test.ts' ! -path 'test/e2e/*' | sort; }
integration_files() { find src -name '*.int.test.ts' | sort; }
e2e_files() { find test/e2e -name '*.test.ts' 2>/dev/null | sort; }

case "$what" in
  check) run_check ;;
  unit) run_tests unit $(unit_files) ;;
  integration) run_tests integration $(integration_files) ;;
  e2e) run_tests e2e $(e2e_files) ;;
  all)
    run_check
    run_tests unit $(unit_files)
    run_tests integration $(integration_files)
    run_tests e2e $(e2e_files)
    ;;
  *) echo "usage: $0 all|check|unit|integration|e2e" >&2; exit 2 ;;
esac
