#!/usr/bin/env python3
"""Project checks of the domain-sync templates that neither cfn-lint nor asl-validator makes.

Usage: check_templates.py [--require-jar] [--skip-javap] [--pom POM] TEMPLATE...

- the state machine's DefinitionSubstitutions bind exactly the definition's ${...} placeholders, each
  ${<Step>FunctionArn} to <Step>Function, which the state machine's role may invoke;
- every CodeUri is the jar that `mvn package` builds (read from the lambdas module's shade configuration),
  every Handler names a class in that jar which implements RequestStreamHandler or RequestHandler
  (a missing jar is skipped loudly, or fails with --require-jar; --skip-javap keeps to class names);
- the RDS CA bundle is the operator's: RdsCaBundlePath exists and defaults to a path under /opt, where a
  Lambda layer puts its files (the bundle cannot be fetched at build time, so the jar does not carry it);
- no IAM statement or SAM policy template grants a wildcard action, no *FullAccess managed policy;
- every Ref, GetAtt, Sub, Condition and DependsOn names something the template declares;
- the event path: a rule on CloudFormation's stack status changes matches exactly the live statuses and
  DELETE_COMPLETE and its targets retry and keep a dead-letter queue; a function in a VPC (a database function)
  that such a rule's state machine calls has reserved concurrency, so a burst of events cannot open a database
  connection per event;
- the distribution template is one the workflow recognises: its Description matches DescriptionPattern, it
  has the domain and group parameters, DeployDistribution (the emulators' switch) defaults to "true", and its
  custom resource imports the export the SAM template makes.

Each problem is printed as "FILE: problem"; the exit status is 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

PSEUDO_PARAMETERS = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue", "AWS::Partition",
    "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
}
HANDLER_INTERFACES = {
    "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
    "com.amazonaws.services.lambda.runtime.RequestHandler",
}
HANDLER_METHOD = "handleRequest"
BROAD_MANAGED_POLICY = re.compile(r"FullAccess|AdministratorAccess|PowerUserAccess")
PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
MAVEN_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
CA_BUNDLE_PARAMETER = "RdsCaBundlePath"
LAYER_ROOT = "/opt/"
DEPLOY_SWITCH = "DeployDistribution"
STACK_EVENT_SOURCE = "aws.cloudformation"
STACK_EVENT_DETAIL_TYPE = "CloudFormation Stack Status Change"
# DESIGN.md's live statuses, and the one status whose stack loses its claims.
STACK_EVENT_STATUSES = {"CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE",
                        "IMPORT_ROLLBACK_COMPLETE", "DELETE_COMPLETE"}


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


# --- References --------------------------------------------------------------------------------------

def check_references(path: str, template: dict[str, Any], report: Report) -> None:
    parameters = set((template.get("Parameters") or {}).keys())
    declared = dict(resources(template))
    conditions = set((template.get("Conditions") or {}).keys())
    sam = is_sam(template)

    def sam_generated(name: str) -> bool:
        # SAM names the role it generates <Resource>Role; other generated ids are not for hand references.
        owner = name[:-4] if name.endswith("Role") else None
        return (sam and owner in declared
                and declared[owner].get("Type") in ("AWS::Serverless::Function", "AWS::Serverless::StateMachine")
                and "Role" not in properties(declared[owner]))

    def check_resource(where: str, name: str, shown: str) -> None:
        if name not in declared and not sam_generated(name):
            report.problem(path, f"{where}: {shown} refers to {name}, which is not a resource of this template")

    def check_ref(where: str, name: Any, local: set[str] = frozenset()) -> None:
        if not isinstance(name, str):
            return
        if name in parameters or name in declared or name in PSEUDO_PARAMETERS or name in local:
            return
        owner, _, suffix = name.partition(".")
        if sam and suffix in ("Alias", "Version") and owner in declared:
            function = declared[owner]
            if function.get("Type") == "AWS::Serverless::Function" and function_setting(template, function, "AutoPublishAlias"):
                return
            report.problem(path, f"{where}: !Ref {name} needs {owner} to be an AWS::Serverless::Function with AutoPublishAlias")
            return
        report.problem(path, f"{where}: !Ref {name} refers to nothing: no parameter, resource or pseudo parameter {name}")

    def check_sub(where: str, argument: Any) -> None:
        text, variables = (argument[0], argument[1]) if isinstance(argument, list) and len(argument) == 2 else (argument, {})
        if not isinstance(text, str):
            return
        local = set(variables.keys()) if isinstance(variables, dict) else set()
        for placeholder in PLACEHOLDER.findall(text):
            if placeholder.startswith("!"):
                continue
            if placeholder in local or placeholder in parameters or placeholder in PSEUDO_PARAMETERS:
                continue
            owner, dot, _ = placeholder.partition(".")
            if dot:
                check_resource(where, owner, f"!Sub ${{{placeholder}}}")
            else:
                check_ref(where, placeholder)

    def check_condition(where: str, name: Any) -> None:
        if isinstance(name, str) and name not in conditions:
            report.problem(path, f"{where}: condition {name} is not declared in Conditions")

    for where, node in walk(template, "template"):
        if not isinstance(node, dict) or len(node) != 1:
            continue
        (key, argument), = node.items()
        if key == "Ref":
            check_ref(where, argument)
        elif key == "Fn::GetAtt":
            target = argument.split(".", 1) if isinstance(argument, str) else argument
            if isinstance(target, list) and target and isinstance(target[0], str):
                check_resource(where, target[0], "!GetAtt " + ".".join(str(part) for part in target))
        elif key == "Fn::Sub":
            check_sub(where, argument)
        elif key == "Fn::If" and isinstance(argument, list) and argument:
            check_condition(where, argument[0])
        elif key == "Condition" and where.startswith("template.Conditions."):
            check_condition(where, argument)

    for section in ("Resources", "Outputs"):
        for name, entry in (template.get(section) or {}).items():
            if isinstance(entry, dict) and "Condition" in entry:
                check_condition(f"template.{section}.{name}.Condition", entry["Condition"])
    for name, resource in resources(template):
        depends_on = resource.get("DependsOn", [])
        for target in depends_on if isinstance(depends_on, list) else [depends_on]:
            check_resource(f"template.Resources.{name}.DependsOn", target, f"DependsOn {target}")


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


# --- The state machine -------------------------------------------------------------------------------

def definition_placeholders(definition_path: str) -> set[str]:
    with open(definition_path, encoding="utf-8") as stream:
        return set(PLACEHOLDER.findall(stream.read()))


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
    functions = {name for name, _ in resources(template, "AWS::Serverless::Function")}
    for name, state_machine in resources(template, "AWS::Serverless::StateMachine"):
        where = f"template.Resources.{name}.Properties"
        definition_uri = properties(state_machine).get("DefinitionUri")
        if not isinstance(definition_uri, str):
            report.problem(path, f"{where}.DefinitionUri: expected the path of the ASL file, found {show(definition_uri)}")
            continue
        definition_path = os.path.normpath(os.path.join(os.path.dirname(path), definition_uri))
        if not os.path.isfile(definition_path):
            report.problem(path, f"{where}.DefinitionUri: {definition_uri} does not exist ({display(definition_path)})")
            continue
        placeholders = definition_placeholders(definition_path)
        substitutions = properties(state_machine).get("DefinitionSubstitutions") or {}
        for missing in sorted(placeholders - substitutions.keys()):
            report.problem(path, f"{where}.DefinitionSubstitutions: missing ${{{missing}}}, which "
                                 f"{display(definition_path)} uses")
        for extra in sorted(substitutions.keys() - placeholders):
            report.problem(path, f"{where}.DefinitionSubstitutions: extra {extra}, which "
                                 f"{display(definition_path)} never uses")

        invocable, broad = invoke_grants(state_machine)
        for grant in broad:
            report.problem(path, f"template.Resources.{name}.Properties.{grant}")
        called = {placeholder[:-len("Arn")] for placeholder in placeholders if placeholder.endswith("Arn")}
        for key in sorted(substitutions.keys() & placeholders):
            expected = key[:-len("Arn")] if key.endswith("Arn") else None
            actual = bound_function(substitutions[key])
            if expected is None or actual != expected or expected not in functions:
                report.problem(path, f"{where}.DefinitionSubstitutions.{key}: binds {show(substitutions[key])}; "
                                     f"one name per step wants !Ref {expected or key}.Alias of the function {expected or key}")
            elif expected not in invocable:
                report.problem(path, f"{where}.Policies: the state machine calls {expected} but may not invoke "
                                     f"its alias (lambda:InvokeFunction on !Ref {expected}.Alias)")
        for extra in sorted(invocable - called):
            report.problem(path, f"{where}.Policies: the state machine may invoke {extra}.Alias, which "
                                 f"{display(definition_path)} never calls")

        if "StartRunFunctionArn" not in placeholders:
            continue  # Only a run takes the lease (sync-stack takes none), so only its timeout bounds the lease.
        with open(definition_path, encoding="utf-8") as stream:
            timeout = json.load(stream).get("TimeoutSeconds")
        lease = ((template.get("Parameters") or {}).get("LeaseDuration") or {}).get("Default")
        lease_seconds = iso_duration_seconds(lease) if lease is not None else None
        if lease is not None and lease_seconds is None:
            report.problem(path, f"Parameters.LeaseDuration: default {lease} is not an ISO-8601 duration")
        elif lease_seconds is not None and isinstance(timeout, (int, float)) and lease_seconds < timeout:
            report.problem(path, f"Parameters.LeaseDuration: default {lease} is shorter than the definition's "
                                 f"TimeoutSeconds {timeout}, so a long run could lose its lease")


# --- Functions and the jar ---------------------------------------------------------------------------

def maven_text(element: ElementTree.Element | None, tag: str) -> str | None:
    found = element.find(f"m:{tag}", MAVEN_NS) if element is not None else None
    return found.text.strip() if found is not None and found.text else None


def shaded_jar(pom_path: str) -> str:
    """The path of the jar that the module's maven-shade-plugin writes, as ShadeMojo names it."""
    project = ElementTree.parse(pom_path).getroot()
    parent = project.find("m:parent", MAVEN_NS)
    artifact_id = maven_text(project, "artifactId")
    version = maven_text(project, "version") or maven_text(parent, "version")
    build = project.find("m:build", MAVEN_NS)
    build_final_name = maven_text(build, "finalName") or f"{artifact_id}-{version}"
    configuration: dict[str, str] = {}
    for plugin in project.iterfind(".//m:plugin", MAVEN_NS):
        if maven_text(plugin, "artifactId") != "maven-shade-plugin":
            continue
        for config in plugin.iterfind(".//m:configuration", MAVEN_NS):
            for child in config:
                if child.text and child.text.strip():
                    configuration[child.tag.split("}", 1)[-1]] = child.text.strip()
        break
    else:
        raise ValueError("the module has no maven-shade-plugin")

    def interpolate(text: str) -> str:
        return (text.replace("${project.artifactId}", artifact_id or "")
                .replace("${project.version}", version or "")
                .replace("${project.build.finalName}", build_final_name))

    target = os.path.join(os.path.dirname(pom_path), "target")
    if "outputFile" in configuration:
        return os.path.join(os.path.dirname(pom_path), interpolate(configuration["outputFile"]))
    final_name = interpolate(configuration.get("finalName", ""))
    if final_name and final_name != build_final_name:
        return os.path.join(target, final_name + ".jar")
    if configuration.get("shadedArtifactAttached") == "true":
        classifier = configuration.get("shadedClassifierName", "shaded")
        shaded_id = interpolate(configuration.get("shadedArtifactId", artifact_id or ""))
        return os.path.join(target, f"{shaded_id}-{version}-{classifier}.jar")
    return os.path.join(target, build_final_name + ".jar")


@dataclass(frozen=True)
class JavaType:
    name: str
    abstract: bool
    interface: bool
    parents: tuple[str, ...]
    public_no_arg_constructor: bool


def strip_generics(text: str) -> str:
    result, depth = [], 0
    for char in text:
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
        elif depth == 0:
            result.append(char)
    return "".join(result)


def parse_javap(output: str) -> dict[str, JavaType]:
    """The types that `javap -public` prints: their kind, supertypes and public no-arg constructor."""
    types: dict[str, JavaType] = {}
    current: dict[str, Any] | None = None
    for line in output.splitlines():
        if current is None and line.endswith("{") and not line.startswith(" "):
            declaration = strip_generics(line[:-1]).split()
            kind_at = next(i for i, word in enumerate(declaration) if word in ("class", "interface", "enum", "record"))
            parents: list[str] = []
            for word in declaration[kind_at + 2:]:
                if word not in ("extends", "implements"):
                    parents.extend(part for part in word.split(",") if part)
            name = declaration[kind_at + 1]
            current = {"name": name, "abstract": "abstract" in declaration[:kind_at],
                       "interface": declaration[kind_at] == "interface", "parents": tuple(parents),
                       "ctor": False, "simple": name.rsplit(".", 1)[-1]}
        elif current is not None and line == "}":
            types[current["name"]] = JavaType(current["name"], current["abstract"], current["interface"],
                                              current["parents"], current["ctor"])
            current = None
        elif current is not None and line.strip() == f"public {current['name']}();":
            current["ctor"] = True
    return types


def describe_types(jar: str, class_names: set[str], in_jar: set[str]) -> dict[str, JavaType]:
    """javap the classes and, a round at a time, their supertypes that the jar holds."""
    known: dict[str, JavaType] = {}
    pending = set(class_names)
    while pending:
        result = subprocess.run(["javap", "-cp", jar, "-public", *sorted(pending)],
                                capture_output=True, text=True, check=False)
        described = parse_javap(result.stdout)
        known.update(described)
        # The handler interfaces themselves need no javap: reaching their names is the answer.
        pending = {parent for described_type in described.values() for parent in described_type.parents
                   if parent not in known and parent not in HANDLER_INTERFACES and class_entry(parent) in in_jar}
    return known


def class_entry(class_name: str) -> str:
    return class_name.replace(".", "/") + ".class"


def implements_handler(name: str, types: dict[str, JavaType], seen: set[str] | None = None) -> bool:
    seen = seen if seen is not None else set()
    if name in HANDLER_INTERFACES:
        return True
    if name in seen or name not in types:
        return False
    seen.add(name)
    return any(implements_handler(parent, types, seen) for parent in types[name].parents)


def check_functions(path: str, template: dict[str, Any], report: Report, pom: str | None,
                    require_jar: bool, skip_javap: bool) -> None:
    functions = list(resources(template, "AWS::Serverless::Function"))
    if not functions:
        return
    pom_path = pom or os.path.normpath(os.path.join(os.path.dirname(path), "..", "lambdas", "pom.xml"))
    try:
        expected_jar = os.path.normpath(shaded_jar(pom_path))
    except (OSError, ElementTree.ParseError, ValueError) as error:
        report.problem(path, f"cannot tell which jar mvn package builds from {display(pom_path)}: {error}")
        return

    handlers: dict[str, str] = {}
    for name, function in functions:
        where = f"template.Resources.{name}.Properties"
        code_uri = function_setting(template, function, "CodeUri")
        resolved = os.path.normpath(os.path.join(os.path.dirname(path), code_uri)) if isinstance(code_uri, str) else None
        if resolved != expected_jar:
            report.problem(path, f"{where}.CodeUri: {show(code_uri)} is not the jar mvn package builds; use "
                                 f"{os.path.relpath(expected_jar, os.path.dirname(path))}")
        handler = function_setting(template, function, "Handler")
        if not isinstance(handler, str) or not handler:
            report.problem(path, f"{where}.Handler: missing")
            continue
        class_name, _, method = handler.partition("::")
        if method and method != HANDLER_METHOD:
            report.problem(path, f"{where}.Handler: {handler} names method {method}; the handlers' entry point "
                                 f"is {HANDLER_METHOD}")
        handlers[name] = class_name

    if not os.path.isfile(expected_jar):
        message = (f"{display(expected_jar)} is not built, so the Handler classes are unchecked; "
                   f"run mvn package first")
        if require_jar:
            report.problem(path, message)
        else:
            print(f"\n*** SKIPPED: {message} (pass --require-jar to make this fail) ***\n", file=sys.stderr)
        return

    with zipfile.ZipFile(expected_jar) as jar:
        entries = set(jar.namelist())
    present = {}
    for name, class_name in handlers.items():
        if class_entry(class_name) in entries:
            present[name] = class_name
        else:
            report.problem(path, f"template.Resources.{name}.Properties.Handler: class {class_name} is not in "
                                 f"{display(expected_jar)}")

    if skip_javap or not present:
        return
    if shutil.which("javap") is None:
        report.problem(path, "javap is not on the PATH, so the Handler classes' interfaces are unchecked "
                             "(install a JDK or pass --skip-javap)")
        return
    types = describe_types(expected_jar, set(present.values()), entries)
    for name, class_name in present.items():
        where = f"template.Resources.{name}.Properties.Handler"
        java_type = types.get(class_name)
        if java_type is None:
            report.problem(path, f"{where}: javap could not read {class_name} from {display(expected_jar)}")
        elif java_type.interface or java_type.abstract:
            report.problem(path, f"{where}: {class_name} is abstract; Lambda must be able to instantiate it")
        elif not implements_handler(class_name, types):
            report.problem(path, f"{where}: {class_name} implements neither RequestStreamHandler nor RequestHandler")
        elif not java_type.public_no_arg_constructor:
            report.problem(path, f"{where}: {class_name} has no public no-argument constructor for Lambda to call")


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

def check(paths: list[str], pom: str | None = None, require_jar: bool = False, skip_javap: bool = False) -> list[str]:
    report = Report()
    templates: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            templates[path] = load_template(path)
        except (OSError, yaml.YAMLError, ValueError) as error:
            report.problem(path, f"cannot read the template: {error}")
    for path, template in templates.items():
        check_references(path, template, report)
        check_iam(path, template, report)
        if is_sam(template):
            check_state_machines(path, template, report)
            check_functions(path, template, report, pom, require_jar, skip_javap)
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
    parser.add_argument("--pom", help="the lambdas module's pom.xml (default: ../lambdas/pom.xml from the SAM template)")
    parser.add_argument("--require-jar", action="store_true", help="fail when the shaded jar is not built")
    parser.add_argument("--skip-javap", action="store_true", help="check Handler class names only, not their interfaces")
    arguments = parser.parse_args(argv)
    problems = check(arguments.templates, arguments.pom, arguments.require_jar, arguments.skip_javap)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_templates: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"check_templates: {len(arguments.templates)} template(s) OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
