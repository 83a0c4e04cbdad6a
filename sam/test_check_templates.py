"""Proves that the offline template checks catch breakage: each test breaks a copy of the templates in one way
and asserts that check_templates.py, or cfn-lint where it is the tool that should catch it, names the problem.

Run: python3 -m unittest discover -s sam -p 'test_*.py'
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import check_templates

SAM_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(SAM_DIR)
SAM_TEMPLATE = "template.yaml"
DISTRIBUTION_TEMPLATE = "cloudfront-distribution.yaml"
class Workspace:
    """A copy of the repository's deployment files: sam/'s templates and the state machine definitions."""

    def __init__(self, root: str) -> None:
        self.root = root
        os.makedirs(os.path.join(root, "sam"))
        os.makedirs(os.path.join(root, "statemachine"))
        for name in (SAM_TEMPLATE, DISTRIBUTION_TEMPLATE):
            shutil.copy(os.path.join(SAM_DIR, name), os.path.join(root, "sam", name))
        for definition in ("sync-domains.asl.json", "sync-stack.asl.json"):
            shutil.copy(os.path.join(REPO, "statemachine", definition), os.path.join(root, "statemachine"))

    def path(self, name: str) -> str:
        return os.path.join(self.root, "sam", name)

    def templates(self) -> list[str]:
        return [self.path(SAM_TEMPLATE), self.path(DISTRIBUTION_TEMPLATE)]

    def replace(self, name: str, old: str, new: str) -> None:
        """Breaks a template; the text must occur exactly once, so a changed template fails here, loudly."""
        with open(self.path(name), encoding="utf-8") as stream:
            text = stream.read()
        if text.count(old) != 1:
            raise AssertionError(f"expected exactly one {old!r} in {name}, found {text.count(old)}")
        with open(self.path(name), "w", encoding="utf-8") as stream:
            stream.write(text.replace(old, new))

    def check(self) -> list[str]:
        return check_templates.check(self.templates())


class CheckTemplatesTest(unittest.TestCase):

    def setUp(self) -> None:
        self.temp = tempfile.mkdtemp(prefix="check-templates-")
        self.addCleanup(shutil.rmtree, self.temp)
        self.workspace = Workspace(os.path.join(self.temp, "repo"))

    def assertOneProblem(self, problems: list[str], *fragments: str) -> None:
        self.assertEqual(1, len(problems), problems)
        for fragment in fragments:
            self.assertIn(fragment, problems[0])

    def test_unbrokenTemplates_pass(self):
        self.assertEqual([], self.workspace.check())

    def test_unbrokenTemplates_exitZeroFromTheCommandLine(self):
        result = self.run_checker()

        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        self.assertIn("2 template(s) OK", result.stdout)

    def test_brokenTemplate_exitsNonZeroPrintingFileAndProblem(self):
        self.workspace.replace(SAM_TEMPLATE, "                - cloudformation:ListStacks\n",
                               "                - cloudformation:List*\n")

        result = self.run_checker()

        self.assertEqual(1, result.returncode)
        self.assertRegex(result.stdout, r"template\.yaml: .*ListStacksFunction.*wildcard action cloudformation:List\*")

    def test_stepWithoutInvokePermission_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "                - !Ref FilterRecentFunction.Alias\n", "")

        self.assertOneProblem(self.workspace.check(), "calls FilterRecentFunction",
                              "lambda:InvokeFunction on !Ref FilterRecentFunction.Alias")

    def test_lambdaInvokePolicy_isNamedForGrantingEveryNameWithThatPrefix(self):
        self.workspace.replace(SAM_TEMPLATE, "                - !Ref FilterRecentFunction.Alias\n", "")
        self.workspace.replace(SAM_TEMPLATE, "        - Statement:\n            - Sid: InvokeTheSteps\n",
                               "        - LambdaInvokePolicy:\n            FunctionName: !Ref FilterRecentFunction\n"
                               "        - Statement:\n            - Sid: InvokeTheSteps\n")

        problems = self.workspace.check()

        self.assertEqual(2, len(problems), problems)
        self.assertRegex(problems[0], r"LambdaInvokePolicy on .*FilterRecentFunction.* grants function:NAME\*")
        self.assertIn("calls FilterRecentFunction but may not invoke its alias", problems[1])

    def test_invokePermissionOnTheUnqualifiedFunction_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "                - !Ref FilterRecentFunction.Alias\n",
                               "                - !GetAtt FilterRecentFunction.Arn\n")

        problems = self.workspace.check()

        self.assertEqual(2, len(problems), problems)
        self.assertRegex(problems[0], r"lambda:InvokeFunction on .*FilterRecentFunction.*, which is not a "
                                      r"function's alias ARN")
        self.assertIn("calls FilterRecentFunction but may not invoke its alias", problems[1])

    def test_invokePermissionOnAFunctionTheDefinitionNeverCalls_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "                - !Ref FailRunFunction.Alias\n",
                               "                - !Ref FailRunFunction.Alias\n"
                               "                - !Ref DomainRegistrationFunction.Alias\n")

        self.assertOneProblem(self.workspace.check(), "may invoke DomainRegistrationFunction.Alias",
                              "DefinitionSubstitutions never bind")

    def test_caBundleDefaultInsideTheJar_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "Default: /opt/rds-global-bundle.pem",
                               "Default: /var/task/rds-global-bundle.pem")

        self.assertOneProblem(self.workspace.check(), "Parameters.RdsCaBundlePath",
                              '"/var/task/rds-global-bundle.pem" is not a file under /opt/')

    def test_caBundleParameterMissing_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "  RdsCaBundlePath:\n", "  RdsCaBundleFile:\n")
        self.workspace.replace(SAM_TEMPLATE, "!Ref RdsCaBundlePath", "!Ref RdsCaBundleFile")

        self.assertOneProblem(self.workspace.check(), "template.yaml", "no RdsCaBundlePath")

    def test_wildcardServiceAction_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "                - cloudformation:ListStacks\n",
                               "                - cloudformation:*\n")

        self.assertOneProblem(self.workspace.check(), "ListStacksFunction.Properties.Policies",
                              "wildcard action cloudformation:*")

    def test_wildcardAction_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "            - Sid: DescribeStacks\n              Effect: Allow\n"
                                             "              Action:\n                - cloudformation:DescribeStacks\n",
                               "            - Sid: DescribeStacks\n              Effect: Allow\n"
                               "              Action:\n                - '*'\n")

        self.assertOneProblem(self.workspace.check(), "ExtractParamsFunction.Properties.Policies",
                              "wildcard action *")

    def test_policyTemplateWithWildcard_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "      Handler: dev.domainsync.steps.FilterRecentHandler::handleRequest\n",
                               "      Handler: dev.domainsync.steps.FilterRecentHandler::handleRequest\n"
                               "      Policies:\n        - TextractPolicy: {}\n")

        self.assertOneProblem(self.workspace.check(), "FilterRecentFunction.Properties.Policies[0]",
                              "SAM policy template TextractPolicy grants wildcard action textract:*")

    def test_fullAccessManagedPolicy_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "        - AWSSecretsManagerGetSecretValuePolicy:\n"
                                             "            SecretArn: !Ref DatabaseSecretArn\n\n"
                                             "  StartRunLogGroup:",
                               "        - SecretsManagerReadWrite\n        - AmazonRDSFullAccess\n\n"
                               "  StartRunLogGroup:")

        self.assertOneProblem(self.workspace.check(), "StartRunFunction.Properties.Policies[1]",
                              "broad managed policy AmazonRDSFullAccess")

    def test_leaseShorterThanExecutionTimeout_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "    Default: PT4H\n", "    Default: PT30M\n")

        self.assertOneProblem(self.workspace.check(), "LeaseDuration", "shorter than", "TimeoutSeconds 14400")

    def test_distributionDescriptionWithoutCloudFront_isNamed(self):
        self.workspace.replace(DISTRIBUTION_TEMPLATE, "Description: Customer CloudFront distribution",
                               "Description: Customer CDN distribution")

        self.assertOneProblem(self.workspace.check(), "cloudfront-distribution.yaml",
                              "does not match", "DescriptionPattern (?i)cloudfront")

    def test_distributionWithoutDomainParameter_isNamed(self):
        for old, new in (("  CustomDomainName:\n", "  DomainNames:\n"),
                         ("!Ref CustomDomainName]", "!Ref DomainNames]"),
                         ("DomainName: !Ref CustomDomainName", "DomainName: !Ref DomainNames")):
            self.workspace.replace(DISTRIBUTION_TEMPLATE, old, new)

        self.assertOneProblem(self.workspace.check(), "no CustomDomainName", "DomainParameter")

    def test_distributionSwitchedOffByDefault_isNamed(self):
        self.workspace.replace(DISTRIBUTION_TEMPLATE, '  DeployDistribution:\n    Type: String\n    Default: "true"\n',
                               '  DeployDistribution:\n    Type: String\n    Default: "false"\n')

        self.assertOneProblem(self.workspace.check(), "cloudfront-distribution.yaml",
                              "Parameters.DeployDistribution", "would have no distribution")

    def test_importOfAnExportNobodyMakes_isNamed(self):
        self.workspace.replace(DISTRIBUTION_TEMPLATE, "${DomainSyncStackName}-DomainRegistrationFunctionArn",
                               "${DomainSyncStackName}-DomainRegistrationArn")

        self.assertOneProblem(self.workspace.check(), "ServiceToken", "DomainRegistrationArn",
                              "${AWS::StackName}-DomainRegistrationFunctionArn")

    def test_customResourceWithoutServiceTimeout_isNamed(self):
        self.workspace.replace(DISTRIBUTION_TEMPLATE, "      ServiceTimeout: 300\n", "")

        self.assertOneProblem(self.workspace.check(), "DomainRegistration.Properties.ServiceTimeout",
                              "waits an hour")

    def test_serviceTimeoutShorterThanTheFunctionsTimeout_isNamed(self):
        self.workspace.replace(DISTRIBUTION_TEMPLATE, "      ServiceTimeout: 300\n", "      ServiceTimeout: 60\n")

        self.assertOneProblem(self.workspace.check(), "ServiceTimeout: 60 s is not between the functions' "
                                                      "timeout (120 s) and 3600 s")

    def test_stackEventRuleMatchingAnInProgressStatus_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "              - DELETE_COMPLETE\n", "              - DELETE_IN_PROGRESS\n")

        self.assertOneProblem(self.workspace.check(), "StackStatusChangeRule", "status-details.status",
                              "DELETE_COMPLETE")

    def test_stackEventTargetWithoutDeadLetterQueue_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "          DeadLetterConfig:\n            Arn: !GetAtt SyncStackDeadLetterQueue.Arn\n", "")

        problems = self.workspace.check()

        self.assertIn("Targets[0]: a stack event target needs a RetryPolicy and a DeadLetterConfig", "\n".join(problems))

    def test_eventPathDatabaseFunctionWithoutReservedConcurrency_isNamed(self):
        self.workspace.replace(SAM_TEMPLATE, "      Handler: dev.domainsync.steps.ApplyStackHandler::handleRequest\n"
                               "      ReservedConcurrentExecutions: !Ref EventPathConcurrency\n",
                               "      Handler: dev.domainsync.steps.ApplyStackHandler::handleRequest\n")

        self.assertOneProblem(self.workspace.check(), "ApplyStackFunction", "ReservedConcurrentExecutions")

    def run_checker(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, os.path.join(SAM_DIR, "check_templates.py"),
                               *self.workspace.templates()], capture_output=True, text=True, check=False)


@unittest.skipUnless(shutil.which("cfn-lint"), "needs cfn-lint")
class CfnLintTest(unittest.TestCase):
    """cfn-lint, run once over every broken copy, catches what the project checks leave to it: every reference."""

    CASES = {
        "unbroken": [],
        "unknown-function-property": [(SAM_TEMPLATE, "      Description: Records a failed run",
                                       "      Retries: 3\n      Description: Records a failed run")],
        "unknown-distribution-property": [(DISTRIBUTION_TEMPLATE, "        HttpVersion: http2and3\n",
                                           "        HttpVersion: http2and3\n        Http3Only: true\n")],
        "dangling-getatt": [(SAM_TEMPLATE, "!GetAtt StateMachineLogGroup.Arn", "!GetAtt StateMachineLogs.Arn")],
        "dangling-ref": [(SAM_TEMPLATE, "RetentionInDays: !Ref LogRetentionDays\n\n  ListStacksFunction:",
                          "RetentionInDays: !Ref LogRetention\n\n  ListStacksFunction:")],
        "dangling-sub": [(SAM_TEMPLATE, "statemachines/view/${SyncDomainsStateMachine}",
                          "statemachines/view/${SyncStateMachine}")],
        "dangling-alias-ref": [(SAM_TEMPLATE, "Value: !Ref DomainRegistrationFunction.Alias",
                                "Value: !Ref DomainRegistrationLogGroup.Alias")],
        "undeclared-condition": [(DISTRIBUTION_TEMPLATE, "    Condition: RegisterDomain\n", "    Condition: Register\n")],
        "dangling-depends-on": [(DISTRIBUTION_TEMPLATE, "    DependsOn: Distribution\n", "    DependsOn: Distributions\n")],
        "registration-without-distribution": [(DISTRIBUTION_TEMPLATE,
                                               "  RegisterDomain: !And\n    - !Condition DeployDistribution\n"
                                               "    - !Equals [!Ref RegisterDomain, \"true\"]\n",
                                               "  RegisterDomain: !Equals [!Ref RegisterDomain, \"true\"]\n")],
    }

    @classmethod
    def setUpClass(cls) -> None:
        cls.temp = tempfile.mkdtemp(prefix="check-templates-lint-")
        cls.templates = {}
        for case, breakages in cls.CASES.items():
            workspace = Workspace(os.path.join(cls.temp, case))
            for name, old, new in breakages:
                workspace.replace(name, old, new)
            # Only the broken template, or both when nothing is broken: the SAM transform is cfn-lint's slow part.
            broken = {name for name, _, _ in breakages}
            cls.templates[case] = [path for path in workspace.templates() if not broken or os.path.basename(path) in broken]
        paths = [path for templates in cls.templates.values() for path in templates]
        result = subprocess.run(["cfn-lint", "--format", "parseable", "--", *paths],
                                capture_output=True, text=True, check=False)
        cls.findings = {path: [] for path in paths}
        for line in result.stdout.splitlines():
            # parseable: file:line:column:end-line:end-column:rule:message
            match = re.match(r"(.+?):\d+:\d+:\d+:\d+:([EWI]\d+):(.*)", line)
            if match:
                cls.findings.setdefault(match.group(1), []).append(f"{match.group(2)} {match.group(3)}")

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.temp)

    def findings_for(self, case: str, name: str) -> list[str]:
        return self.findings[next(path for path in self.templates[case] if path.endswith(name))]

    def test_unbrokenTemplates_passCfnLint(self):
        self.assertEqual([], self.findings_for("unbroken", SAM_TEMPLATE))
        self.assertEqual([], self.findings_for("unbroken", DISTRIBUTION_TEMPLATE))

    def test_unknownFunctionProperty_isNamedByCfnLint(self):
        findings = self.findings_for("unknown-function-property", SAM_TEMPLATE)

        self.assertTrue(any("FailRunFunction" in finding and "Retries" in finding for finding in findings), findings)

    def test_unknownDistributionProperty_isNamedByCfnLint(self):
        findings = self.findings_for("unknown-distribution-property", DISTRIBUTION_TEMPLATE)

        self.assertTrue(any(finding.startswith("E3002") and "Http3Only" in finding for finding in findings), findings)

    def test_registrationPossibleWithoutDistribution_isNamedByCfnLint(self):
        findings = self.findings_for("registration-without-distribution", DISTRIBUTION_TEMPLATE)

        self.assertTrue(any(finding.startswith("E3005") and "Distribution" in finding for finding in findings),
                        findings)

    def test_danglingGetAtt_isNamedByCfnLint(self):
        findings = self.findings_for("dangling-getatt", SAM_TEMPLATE)

        self.assertTrue(any(finding.startswith("E1010") and "StateMachineLogs" in finding for finding in findings),
                        findings)


    def test_danglingRef_isNamedByCfnLint(self):
        self.assertFinding("dangling-ref", SAM_TEMPLATE, "E1020", "'LogRetention' is not one of")

    def test_danglingSubPlaceholder_isNamedByCfnLint(self):
        self.assertFinding("dangling-sub", SAM_TEMPLATE, "E6101", "'SyncStateMachine' is not one of")

    def test_danglingAliasRef_isNamedByCfnLint(self):
        self.assertFinding("dangling-alias-ref", SAM_TEMPLATE, "E6101", "'DomainRegistrationLogGroup.Alias' is not one of")

    def test_undeclaredCondition_isNamedByCfnLint(self):
        self.assertFinding("undeclared-condition", DISTRIBUTION_TEMPLATE, "E3015", "'Register' is not one of")

    def test_danglingDependsOn_isNamedByCfnLint(self):
        self.assertFinding("dangling-depends-on", DISTRIBUTION_TEMPLATE, "E3005", "Distributions")

    def assertFinding(self, case: str, name: str, rule: str, fragment: str) -> None:
        findings = self.findings_for(case, name)

        self.assertTrue(any(finding.startswith(rule) and fragment in finding for finding in findings), findings)



if __name__ == "__main__":
    unittest.main()
