#!/usr/bin/env bash
# What `npm test` runs: type check, lint, build, unit/integration tests (Vitest), end-to-end tests (Playwright),
# in that order, stopping at the first failure. Everything runs under scripts/with-keyring.sh, so tests reach a real,
# unlocked, throwaway OS keychain (DESIGN.md "Tests").
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${AUTHDESK_KEYRING_SESSION:-}" != ready ]]; then
  exec bash scripts/with-keyring.sh bash scripts/test.sh "$@"
fi

stages=6
step=0

# stage TITLE CMD...: prints a header, runs CMD, and exits non-zero with a clear line if it fails.
stage() {
  local title="$1"
  shift
  step=$((step + 1))
  printf '\n==== [%d/%d] %s ====\n$ %s\n' "$step" "$stages" "$title" "$*"
  if ! "$@"; then
    printf '\n==== FAILED at [%d/%d] %s ====\n' "$step" "$stages" "$title" >&2
    exit 1
  fi
}

stage 'Type check' npx tsc --noEmit -p tsconfig.json
stage 'Lint' npx eslint .
stage 'Electron security review (Electronegativity + reviewed allowlist)' node scripts/electronegativity-gate.mjs
stage 'Build' npm run build
stage 'Unit and integration tests (Vitest)' npx vitest run
stage 'End-to-end tests (Playwright)' npx playwright test

printf '\n==== All %d stages passed ====\n' "$stages"
