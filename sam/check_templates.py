#!/usr/bin/env python3
"""Project rules for the domain-sync templates that no tool checks.

Usage: check_templates.py TEMPLATE...

- IAM: no statement or SAM policy template grants a wildcard action, no *FullAccess managed policy; a state machine
  may invoke exactly the functions its DefinitionSubstitutions bind, each through its alias (lambda:InvokeFunction on
  !Ref NAME.Alias, never LambdaInvokePolicy, which grants every name with that prefix);
- the run lease outlasts the run: LeaseDuration's default is no shorter than sync-domains' TimeoutSeconds;
- the RDS CA bundle is the operator's: RdsCaBundlePath exists and defaults to a path under /opt, where a
  Lambda layer puts its files (the bundle cannot be fetched at build time, so the jar does not carry it);
- the event path: a rule on CloudFormation's stack status changes matches exactly the live statuses and
  DELETE_COMPLETE and its targets retry and keep a dead-letter queue; a function in a VPC (a database function)
  that such a rule's state machine calls has reserved concurrency, so a burst of events cannot open a database
  connection per event;
- the distribution template is one the workflow recognises: its Description matches DescriptionPattern, it
  has the domain and group parameters, DeployDistribution (the emulators' switch) defaults to "true", and its
  custom resource imports the export the SAM template makes and waits a bounded time for its answer.

What tools check is theirs: cfn-lint (sam/check-templates.sh runs it) every Ref, GetAtt, Sub, Condition and
DependsOn; DefinitionBindingTest that the substitutions bind each definition's placeholders, each
${<Step>FunctionArn} to <Step>Function.Alias; HandlerJarIT (mvn -B verify) that every CodeUri is the shaded jar and
every Handler a Lambda handler in it.

Each problem is printed as "FILE: problem"; the exit status is 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

BROAD_MANAGED_POLICY = re.compile(r"FullAccess|AdministratorAccess|PowerUserAccess")
CA_BUNDLE_PARAMETER = "RdsCaBundlePath"
LAYER_ROOT = "/opt/"
DEPLOY_SWITCH = "DeployDistribution"
STACK_EVENT_SOURCE = "aws.cloudformation"
STACK_EVENT_DETAIL_TYPE = "CloudFormation Stack Status Change"
# DESIGN.md's live statuses, and the one status whose stack loses its claims.
STACK_EVENT_STATUSES = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
                        "IMPORT_ROLLBACK_COMPLETE", "DELETE_COMPLETE"}
# The state machine whose executions hold the run lease: sync-stack takes none.
LEASE_HOLDER_SUBSTITUTION = "StartRunFunctionArn"


# --- Reading templates -------------------------------------------------------------------------------

class CloudFormationLoader(yaml.SafeLoader):
    """A YAML loader that turns CloudFormation's short-form tags (!Ref, !GetAtt, !Sub...) into long form."""


def _construct_tag(loader: CloudFormationLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if tag_suffix in ("Ref", "Condition"):
        return {tag_suffix: value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Fn::" + tag_suffix: value}


CloudFormationLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as stream:
        template = yaml.load(stream, Loader=CloudFormationLoader)  # noqa: S506 - a SafeLoader subclass
    if not isinstance(template, dict):
        raise ValueError("not a CloudFormation template (no top-level mapping)")
    return template


def is_sam(template: dict[str, Any]) -> bool:
    transform = template.get("Transform", [])
    transforms = transform if isinstance(transform, list) else [transform]
    return any(isinstance(t, str) and t.startswith("AWS::Serverless") for t in transforms)


def resources(template: dict[str, Any], resource_type: str | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, resource in (template.get("Resources") or {}).items():
        if isinstance(resource, dict) and (resource_type is None or resource.get("Type") == resource_type):
            yield name, resource


def properties(resource: dict[str, Any]) -> dict[str, Any]:
    return resource.get("Properties") or {}


def function_setting(template: dict[str, Any], resource: dict[str, Any], key: str) -> Any:
    """A function property, or the one Globals gives every function."""
    if key in properties(resource):
        return properties(resource)[key]
    return ((template.get("Globals") or {}).get("Function") or {}).get(key)


def walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every node of a template with its dotted path."""
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, f"{path}.{key}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, f"{path}[{index}]")


def show(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# --- Problems ----------------------------------------------------------------------------------------

@dataclass
class Report:
    problems: list[str] = field(default_factory=list)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{display(path)}: {message}")

    def note(self, path: str, message: str) -> None:
        print(f"{display(path)}: NOTE: {message}", file=sys.stderr)


def display(path: str) -> str:
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else path


# --- IAM ---------------------------------------------------------------------------------------------

def wildcard_actions(statement: dict[str, Any]) -> list[str]:
    actions = statement.get("Action", [])
    found = [action for action in (actions if isinstance(actions, list) else [actions])
             if isinstance(action, str) and "*" in action]
    if "NotAction" in statement and statement.get("Effect", "Allow") == "Allow":
        found.append("NotAction (allows every other action)")
    return found


def sam_policy_templates() -> dict[str, Any] | None:
    try:
        import samtranslator  # installed with cfn-lint
    except ImportError:
        return None
    data = os.path.join(os.path.dirname(samtranslator.__file__), "policy_templates_data", "policy_templates.json")
    with open(data, encoding="utf-8") as stream:
        return json.load(stream)["Templates"]


def check_iam(path: str, template: dict[str, Any], report: Report) -> None:
    for where, node in walk(template, "template"):
        if not isinstance(node, dict):
            continue
        statements = node.get("Statement")
        if statements is not None:
            for index, statement in enumerate(statements if isinstance(statements, list) else [statements]):
                if isinstance(statement, dict):
                    for action in wildcard_actions(statement):
                        report.problem(path, f"{where}.Statement[{index}]: wildcard action {action}; name each action")
        for arn in node.get("ManagedPolicyArns", []) if isinstance(node.get("ManagedPolicyArns"), list) else []:
            if isinstance(arn, str) and BROAD_MANAGED_POLICY.search(arn):
                report.problem(path, f"{where}.ManagedPolicyArns: broad managed policy {arn}")

    policy_templates = sam_policy_templates()
    for name, resource in resources(template):
        if resource.get("Type") not in ("AWS::Serverless::Function", "AWS::Serverless::StateMachine"):
            continue
        policies = properties(resource).get("Policies", [])
        for index, policy in enumerate(policies if isinstance(policies, list) else [policies]):
            where = f"template.Resources.{name}.Properties.Policies[{index}]"
            if isinstance(policy, str) and BROAD_MANAGED_POLICY.search(policy):
                report.problem(path, f"{where}: broad managed policy {policy}")
            elif isinstance(policy, dict) and len(policy) == 1 and policy_templates is not None:
                (template_name, _), = policy.items()
                definition = (policy_templates.get(template_name) or {}).get("Definition", {})
                for statement in definition.get("Statement", []):
                    for action in wildcard_actions(statement):
                        report.problem(path, f"{where}: SAM policy template {template_name} grants wildcard action {action}")


# --- The state machines ------------------------------------------------------------------------------

def bound_function(value: Any) -> str | None:
    """The function a substitution binds: !Ref F.Alias, !Ref F.Version, !Ref F or !GetAtt F.Arn."""
    if isinstance(value, dict) and "Ref" in value and isinstance(value["Ref"], str):
        return value["Ref"].split(".", 1)[0]
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        target = target.split(".", 1) if isinstance(target, str) else target
        if isinstance(target, list) and len(target) == 2 and target[1] == "Arn":
            return target[0]
    return None


def invoke_grants(state_machine: dict[str, Any]) -> tuple[set[str], list[str]]:
    """The functions whose alias the state machine may invoke, and what grants invoking anything else."""
    aliases: set[str] = set()
    broad: list[str] = []
    policies = properties(state_machine).get("Policies", [])
    for index, policy in enumerate(policies if isinstance(policies, list) else [policies]):
        if not isinstance(policy, dict):
            continue
        if isinstance(policy.get("LambdaInvokePolicy"), dict):
            function = policy["LambdaInvokePolicy"].get("FunctionName")
            broad.append(f"Policies[{index}]: LambdaInvokePolicy on {show(function)} grants function:NAME*, every "
                         f"version and alias of every function whose name starts so; grant lambda:InvokeFunction "
                         f"on the alias ARN (!Ref NAME.Alias) in a Statement")
            continue
        statements = policy.get("Statement", [])
        for statement in statements if isinstance(statements, list) else [statements]:
            if not isinstance(statement, dict):
                continue
            actions = statement.get("Action", [])
            actions = actions if isinstance(actions, list) else [actions]
            if not any(isinstance(action, str) and action.lower() == "lambda:invokefunction" for action in actions):
                continue
            resources_ = statement.get("Resource", [])
            for resource in resources_ if isinstance(resources_, list) else [resources_]:
                ref = resource.get("Ref") if isinstance(resource, dict) else None
                if isinstance(ref, str) and ref.endswith(".Alias"):
                    aliases.add(ref[:-len(".Alias")])
                else:
                    broad.append(f"Policies[{index}]: lambda:InvokeFunction on {show(resource)}, which is not a "
                                 f"function's alias ARN (!Ref NAME.Alias)")
    return aliases, broad


def iso_duration_seconds(text: Any) -> float | None:
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?", str(text))
    if not match or text in ("P", "PT"):
        return None
    days, hours, minutes, seconds = (float(part) if part else 0.0 for part in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def check_state_machines(path: str, template: dict[str, Any], report: Report) -> None:
    for name, state_machine in resources(template, "AWS::Serverless::StateMachine"):
        where = f"template.Resources.{name}.Properties"
        substitutions = properties(state_machine).get("DefinitionSubstitutions") or {}
        called = {function for function in map(bound_function, substitutions.values()) if function is not None}
        invocable, broad = invoke_grants(state_machine)
        for grant in broad:
            report.problem(path, f"{where}.{grant}")
        for function in sorted(called - invocable):
            report.problem(path, f"{where}.Policies: the state machine calls {function} but may not invoke "
                                 f"its alias (lambda:InvokeFunction on !Ref {function}.Alias)")
        for extra in sorted(invocable - called):
            report.problem(path, f"{where}.Policies: the state machine may invoke {extra}.Alias, which its "
                                 f"DefinitionSubstitutions never bind")
        if LEASE_HOLDER_SUBSTITUTION in substitutions:
            check_lease(path, template, where, state_machine, report)


def check_lease(path: str, template: dict[str, Any], where: str, state_machine: dict[str, Any],
                report: Report) -> None:
    definition_uri = properties(state_machine).get("DefinitionUri")
    definition_path = os.path.normpath(os.path.join(os.path.dirname(path), str(definition_uri)))
    try:
        with open(definition_path, encoding="utf-8") as stream:
            timeout = json.load(stream).get("TimeoutSeconds")
    except (OSError, ValueError) as error:
        report.problem(path, f"{where}.DefinitionUri: cannot read {show(definition_uri)} for its TimeoutSeconds: "
                             f"{error}")
        return
    lease = ((template.get("Parameters") or {}).get("LeaseDuration") or {}).get("Default")
    lease_seconds = iso_duration_seconds(lease) if lease is not None else None
    if lease is not None and lease_seconds is None:
        report.problem(path, f"Parameters.LeaseDuration: default {lease} is not an ISO-8601 duration")
    elif lease_seconds is not None and isinstance(timeout, (int, float)) and lease_seconds < timeout:
        report.problem(path, f"Parameters.LeaseDuration: default {lease} is shorter than the definition's "
                             f"TimeoutSeconds {timeout}, so a long run could lose its lease")


# --- The CA bundle -----------------------------------------------------------------------------------

def check_ca_bundle(path: str, template: dict[str, Any], report: Report) -> None:
    """The functions verify the database's certificate with a bundle that the operator supplies in a layer."""
    parameter = (template.get("Parameters") or {}).get(CA_BUNDLE_PARAMETER)
    if not isinstance(parameter, dict):
        report.problem(path, f"Parameters: no {CA_BUNDLE_PARAMETER}, the path of the RDS CA bundle the functions "
                             f"verify the database's TLS certificate with")
        return
    default = parameter.get("Default")
    if not isinstance(default, str) or not default.startswith(LAYER_ROOT) or default == LAYER_ROOT:
        report.problem(path, f"Parameters.{CA_BUNDLE_PARAMETER}: default {show(default)} is not a file under "
                             f"{LAYER_ROOT}, where the operator's Lambda layer puts the bundle (the jar has none)")


# --- The event path ----------------------------------------------------------------------------------

def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def check_event_path(path: str, template: dict[str, Any], report: Report) -> None:
    declared = dict(resources(template))
    for name, rule in resources(template, "AWS::Events::Rule"):
        pattern = properties(rule).get("EventPattern") or {}
        if STACK_EVENT_SOURCE not in as_list(pattern.get("source", [])) \
                or STACK_EVENT_DETAIL_TYPE not in as_list(pattern.get("detail-type", [])):
            continue
        where = f"template.Resources.{name}.Properties"
        statuses = ((pattern.get("detail") or {}).get("status-details") or {}).get("status")
        if not isinstance(statuses, list) or set(statuses) != STACK_EVENT_STATUSES:
            report.problem(path, f"{where}.EventPattern.detail.status-details.status: {show(statuses)} is not "
                                 f"exactly the live statuses and DELETE_COMPLETE {sorted(STACK_EVENT_STATUSES)}")
        for index, target in enumerate(as_list(properties(rule).get("Targets", []))):
            if not isinstance(target, dict):
                continue
            target_where = f"{where}.Targets[{index}]"
            if "RetryPolicy" not in target or "DeadLetterConfig" not in target:
                report.problem(path, f"{target_where}: a stack event target needs a RetryPolicy and a "
                                     f"DeadLetterConfig, or an event that cannot start it is lost")
            arn = target.get("Arn")
            state_machine = arn.get("Ref") if isinstance(arn, dict) else None
            if state_machine in declared:
                check_burst_cap(path, template, state_machine, report)


def check_burst_cap(path: str, template: dict[str, Any], state_machine: str, report: Report) -> None:
    declared = dict(resources(template))
    aliases, _ = invoke_grants(declared[state_machine])
    for function in sorted(aliases):
        resource = declared.get(function)
        if not isinstance(resource, dict) or function_setting(template, resource, "VpcConfig") is None:
            continue
        if function_setting(template, resource, "ReservedConcurrentExecutions") is None:
            report.problem(path, f"template.Resources.{function}.Properties: {state_machine} calls this database "
                                 f"function once per stack event; without ReservedConcurrentExecutions a burst opens a "
                                 f"database connection per event")


# --- The distribution template -----------------------------------------------------------------------

def export_names(template: dict[str, Any]) -> set[str]:
    names = set()
    for output in (template.get("Outputs") or {}).values():
        name = ((output or {}).get("Export") or {}).get("Name")
        if isinstance(name, dict) and isinstance(name.get("Fn::Sub"), str):
            names.add(name["Fn::Sub"].replace("${AWS::StackName}", "${STACK}"))
        elif isinstance(name, str):
            names.add(name)
    return names


def check_distribution(path: str, template: dict[str, Any], sam_path: str, sam_template: dict[str, Any],
                       report: Report) -> None:
    parameters = sam_template.get("Parameters") or {}
    pattern = (parameters.get("DescriptionPattern") or {}).get("Default")
    description = template.get("Description", "")
    if isinstance(pattern, str):
        try:
            if not re.search(pattern, str(description)):
                report.problem(path, f"Description {show(description)} does not match {display(sam_path)}'s "
                                     f"DescriptionPattern {pattern}, so the workflow would never see these stacks")
        except re.error:
            report.note(path, f"DescriptionPattern {pattern} is not a Python regular expression; Description unchecked")
    for setting in ("DomainParameter", "GroupParameter"):
        key = (parameters.get(setting) or {}).get("Default")
        if isinstance(key, str) and key not in (template.get("Parameters") or {}):
            report.problem(path, f"Parameters: no {key}, which {display(sam_path)}'s {setting} reads")
    switch = (template.get("Parameters") or {}).get(DEPLOY_SWITCH)
    if isinstance(switch, dict) and str(switch.get("Default")) != "true":
        report.problem(path, f"Parameters.{DEPLOY_SWITCH}: default {show(switch.get('Default'))} is not \"true\", "
                             f"so a customer stack made with the defaults would have no distribution")

    exports = export_names(sam_template)
    longest = max((function_setting(sam_template, function, "Timeout") or 3
                   for _, function in resources(sam_template, "AWS::Serverless::Function")), default=3)
    for name, resource in resources(template):
        if not str(resource.get("Type", "")).startswith("Custom::"):
            continue
        timeout = properties(resource).get("ServiceTimeout")
        if not isinstance(timeout, (int, str)) or not str(timeout).isdigit():
            report.problem(path, f"template.Resources.{name}.Properties.ServiceTimeout: {show(timeout)}; without a "
                                 f"number of seconds CloudFormation waits an hour for an answer that never came")
        elif not isinstance(longest, int) or not longest <= int(timeout) <= 3600:
            report.problem(path, f"template.Resources.{name}.Properties.ServiceTimeout: {timeout} s is not between "
                                 f"the functions' timeout ({show(longest)} s) and 3600 s")
        token = properties(resource).get("ServiceToken")
        imported = token.get("Fn::ImportValue") if isinstance(token, dict) else None
        if isinstance(imported, dict) and isinstance(imported.get("Fn::Sub"), str):
            stack_parameters = [p for p in (template.get("Parameters") or {}) if "${" + p + "}" in imported["Fn::Sub"]]
            import_name = imported["Fn::Sub"]
            for parameter in stack_parameters:
                import_name = import_name.replace("${" + parameter + "}", "${STACK}")
            if import_name not in exports:
                report.problem(path, f"template.Resources.{name}.Properties.ServiceToken: imports "
                                     f"{imported['Fn::Sub']}, but {display(sam_path)} exports only "
                                     f"{sorted(e.replace('${STACK}', '${AWS::StackName}') for e in exports)}")


# --- Main --------------------------------------------------------------------------------------------

def check(paths: list[str]) -> list[str]:
    report = Report()
    templates: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            templates[path] = load_template(path)
        except (OSError, yaml.YAMLError, ValueError) as error:
            report.problem(path, f"cannot read the template: {error}")
    for path, template in templates.items():
        check_iam(path, template, report)
        if is_sam(template):
            check_state_machines(path, template, report)
            check_ca_bundle(path, template, report)
            check_event_path(path, template, report)
    sam_templates = [(path, template) for path, template in templates.items() if is_sam(template)]
    for path, template in templates.items():
        if not is_sam(template) and any(True for _ in resources(template, "AWS::CloudFront::Distribution")):
            for sam_path, sam_template in sam_templates:
                check_distribution(path, template, sam_path, sam_template, report)
    return report.problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("templates", nargs="+", metavar="TEMPLATE")
    arguments = parser.parse_args(argv)
    problems = check(arguments.templates)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_templates: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_templates: {len(arguments.templates)} template(s) OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
