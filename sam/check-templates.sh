#!/usr/bin/env bash
# Offline checks of the AWS deployment, for CI: cfn-lint over both templates (once), asl-validator (the version
# locked in sam/package-lock.json) over both state machine definitions, then check_templates.py's project rules.
# The handler classes are checked against the built jar by HandlerJarIT, in mvn -B verify.
# Needs python3 with cfn-lint and PyYAML, node and npm.
# A missing tool fails the script at once: a check that cannot run never passes.
set -euo pipefail

cd "$(dirname "$0")/.."
templates=(sam/template.yaml sam/cloudfront-distribution.yaml)
definitions=(statemachine/sync-domains.asl.json statemachine/sync-stack.asl.json)
failed=()

missing() {
  echo "check-templates: FAILED: $1" >&2
  exit 1
}
command -v cfn-lint >/dev/null || missing "cfn-lint is not on the PATH; install it into the machine's Python (pip install cfn-lint)"
command -v python3 >/dev/null || missing "python3 is not on the PATH"
python3 -c 'import yaml' 2>/dev/null || missing "python3 cannot import yaml; install PyYAML (it comes with cfn-lint)"
command -v node >/dev/null && command -v npm >/dev/null || missing "node and npm are needed for asl-validator"
cfn_lint_version=$(cfn-lint --version) || missing "cfn-lint --version failed: is its Python install broken?"

echo "== cfn-lint ${cfn_lint_version#cfn-lint }: ${templates[*]}"
cfn-lint -- "${templates[@]}" || failed+=(cfn-lint)

echo "== asl-validator: ${definitions[*]}"
locked=$(node -p "require('./sam/package.json').dependencies['asl-validator']")
installed=$(node -p "try { require('./sam/node_modules/asl-validator/package.json').version } catch (e) { '' }")
if [[ "$installed" != "$locked" ]]; then
  # Exactly what sam/package-lock.json pins; --ignore-scripts: nothing of it needs to run, least of all as root.
  npm ci --prefix sam --no-audit --no-fund --loglevel=error --ignore-scripts
fi
# --no: never fetch an unlocked asl-validator from the registry.
for definition in "${definitions[@]}"; do
  npx --no --prefix sam asl-validator --json-path "$definition" || failed+=("asl-validator $definition")
done

echo "== project checks: ${templates[*]}"
python3 sam/check_templates.py "${templates[@]}" || failed+=(check_templates.py)

if ((${#failed[@]})); then
  echo "check-templates: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "check-templates: all checks passed"
