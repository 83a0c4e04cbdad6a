#!/usr/bin/env bash
# Offline checks of the AWS deployment, for CI: cfn-lint over both templates (once), asl-validator (the version
# locked in sam/package-lock.json) over the workflow definition, then check_templates.py's project checks.
# Arguments go to check_templates.py: --require-jar fails when lambdas/target has no shaded jar yet.
# Needs python3 with cfn-lint and PyYAML, node and npm, and (for the handler interface check) a JDK's javap.
set -euo pipefail

cd "$(dirname "$0")/.."
templates=(sam/template.yaml sam/cloudfront-distribution.yaml)
definition=statemachine/sync-domains.asl.json
failed=()

echo "== cfn-lint $(cfn-lint --version | awk '{print $2}'): ${templates[*]}"
cfn-lint -- "${templates[@]}" || failed+=(cfn-lint)

echo "== asl-validator: $definition"
locked=$(node -p "require('./sam/package.json').dependencies['asl-validator']")
installed=$(node -p "try { require('./sam/node_modules/asl-validator/package.json').version } catch (e) { '' }")
if [[ "$installed" != "$locked" ]]; then
  npm ci --prefix sam --no-audit --no-fund --loglevel=error
fi
# --no: never fetch an unlocked asl-validator from the registry.
npx --no --prefix sam asl-validator --json-path "$definition" || failed+=(asl-validator)

echo "== project checks: ${templates[*]}"
python3 sam/check_templates.py "$@" "${templates[@]}" || failed+=(check_templates.py)

if ((${#failed[@]})); then
  echo "check-templates: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "check-templates: all checks passed"
