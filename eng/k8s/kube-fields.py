#!/usr/bin/env python3
"""Writes src/Tollgate.Kubernetes/Objects/kube-fields.txt: the field names of the Kubernetes kinds `tollgate k8s lint`
checks (the workloads, budgets, autoscalers and Services it judges; Jobs, CronJobs and bare Pods, whose fields it checks
though nothing in them rolls out; ConfigMaps and Secrets, whose values are strings) and of the pod template a Rollout carries, from Kubernetes' own OpenAPI schema
(api/openapi-spec/swagger.json), with the values each enumerated field takes, from the Go types of the same release
(k8s.io/api: the string types its Go files mark `// +enum`, and the constants declared of them).

  python3 eng/k8s/kube-fields.py path/to/swagger.json SOURCE_URL KUBERNETES_RELEASE path/to/k8s.io/api API_SOURCE_URL > \
      src/Tollgate.Kubernetes/Objects/kube-fields.txt

The table carries facts only (field names, which definition each object field is, what a scalar field holds, the
values an enumerated field takes), one definition a line:

  kind apps/v1 Deployment: apps.v1.Deployment          the definition an apiVersion and kind is read as
  core.v1.Probe: exec=core.v1.ExecAction failureThreshold:integer ...
  enum core.v1.Container imagePullPolicy: Always IfNotPresent Never

A bare name is a field whose value is not walked: a string, an int-or-string, a map (additionalProperties: labels,
nodeSelector), a list of strings, an open object, and an object's `status` (what a manifest copied from `kubectl get -o
yaml` carries is the cluster's, not the author's). `name=Def` is an object to walk, `name=Def[]` a list of them;
`name:integer`, `name:number`, `name:boolean`, `name:string` and `name:quantity` hold that scalar (the value, each
item of a list or each value of a map: `resources.limits:quantity`, `labels:string`, `args:string`; a boolean is JSON's
`true` or `false`, which the API server's decoder takes and no string: `hostNetwork: "true"` is refused; a string is
JSON's string and no number or boolean: `value: 8080` is refused; an int-or-string, `maxSurge` or `targetPort`, takes
both and is not marked); a leading `!` marks a field the definition requires (its `required` list: a
container's `name`, a Deployment spec's `selector` and `template`). Definitions are named by their package tail
(io.k8s.api.core.v1.PodSpec: core.v1.PodSpec). An `enum` line lists the values a string field (or each item of a list
of them) takes: the constants of its Go type when the type is marked `+enum` (its values are the API's, and the API
server refuses others: `Unsupported value`), or is one of CLOSED below, sorted as the API server lists them. An empty
value is the field unset (Go's zero value, which the API server defaults), so it is not listed.
"""
import json
import os
import re
import sys

KINDS = [
    ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"),
    ("apps/v1", "DaemonSet"),
    ("apps/v1", "ReplicaSet"),
    ("policy/v1", "PodDisruptionBudget"),
    ("autoscaling/v1", "HorizontalPodAutoscaler"),
    ("autoscaling/v2", "HorizontalPodAutoscaler"),
    ("v1", "Service"),
    ("batch/v1", "Job"),
    ("batch/v1", "CronJob"),
    ("v1", "Pod"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
]
# What a Rollout's spec.template is (Argo Rollouts' CRD declares Kubernetes' PodTemplateSpec there).
EXTRA = ["io.k8s.api.core.v1.PodTemplateSpec"]
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"
# String types whose values the API server closes to their constants though the type is not marked +enum: the
# autoscaling/v2 HPA's metric source and target types, its scaling policies' type and selectPolicy
# (pkg/apis/autoscaling/validation/validation.go answers `Unsupported value` for any other).
# Likewise a container's restartPolicy (its Go type says "The only allowed values are "Always", "Never", and
# "OnFailure"") and a pod's spec.os.name (validation's validOS: linux, windows).
CLOSED = {
    ("core/v1", "ContainerRestartPolicy"),
    ("core/v1", "OSName"),
    ("autoscaling/v2", "MetricSourceType"),
    ("autoscaling/v2", "MetricTargetType"),
    ("autoscaling/v2", "HPAScalingPolicyType"),
    ("autoscaling/v2", "ScalingPolicySelect"),
}

swagger_path, source, release, api_path, api_source = sys.argv[1:6]
definitions = json.load(open(swagger_path))["definitions"]


def short(ref):
    for prefix in ("io.k8s.api.", "io.k8s.apimachinery.pkg.apis.", "io.k8s.apimachinery.pkg."):
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


def walked(ref):
    """True when a definition is an object with fixed properties (not int-or-string, quantity, time, open object)."""
    schema = definitions[ref]
    return bool(schema.get("properties")) and not schema.get("x-kubernetes-preserve-unknown-fields")


def scalar(schema):
    """What a field that is not walked holds, when it is a number, a boolean, a string or a quantity (itself, a list's
    items or a map's values). An int-or-string and a quantity are definitions of their own, so a field that holds one
    is never `:string`."""
    for inner in (schema, schema.get("items") or {}, schema.get("additionalProperties") or {}):
        if inner.get("$ref", "").removeprefix("#/definitions/") == QUANTITY:
            return "quantity"
        if inner.get("type") in ("integer", "number", "boolean", "string"):
            assert inner.get("format") != "int-or-string", f"an int-or-string declared inline: {schema}"
            return inner["type"]
    return None


def target(schema):
    """The definition a field's value is walked as and whether it is a list of them; None when not walked."""
    if "$ref" in schema:
        ref = schema["$ref"].removeprefix("#/definitions/")
        return (ref, False) if walked(ref) else None
    if schema.get("type") == "array" and "$ref" in schema.get("items", {}):
        ref = schema["items"]["$ref"].removeprefix("#/definitions/")
        return (ref, True) if walked(ref) else None
    if schema.get("type") == "array":
        assert schema.get("items", {}).get("type") != "array", "a list of lists is not handled"
    return None


def gvk(ref):
    return [(k["group"], k["version"], k["kind"]) for k in definitions[ref].get("x-kubernetes-group-version-kind", [])]


roots = {}
for api_version, kind in KINDS:
    group, _, version = api_version.rpartition("/")
    refs = [ref for ref in definitions if (group, version, kind) in gvk(ref)]
    assert len(refs) == 1, f"{api_version} {kind}: {refs}"
    roots[(api_version, kind)] = refs[0]

lines = {}
pending = list(roots.values()) + EXTRA
while pending:
    ref = pending.pop()
    if short(ref) in lines:
        continue
    fields = []
    required = set(definitions[ref].get("required", []))
    for name, schema in sorted(definitions[ref]["properties"].items()):
        mark = "!" if name in required else ""
        to = None if (ref in roots.values() and name == "status") else target(schema)
        if to is None:
            kind = scalar(schema)
            fields.append(mark + name + (f":{kind}" if kind else ""))
            continue
        fields.append(f"{mark}{name}={short(to[0])}{'[]' if to[1] else ''}")
        pending.append(to[0])
    lines[short(ref)] = f"{short(ref)}: {' '.join(fields)}"

names = [short(ref) for ref in definitions]
assert len(names) == len(set(names)), "two definitions share a short name"


def go_code(line):
    """A line of Go without its // comment (quotes and backquoted struct tags kept whole)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            quote = None if c == quote else quote
        elif c in "\"`":
            quote = c
        elif line.startswith("//", i):
            return line[:i]
    return line


class GoPackage:
    """What kube-fields needs of one package of k8s.io/api: its structs' fields (json name, Go type, inline or not),
    its string types marked +enum, its aliases, the string constants of each type, and its imports."""

    def __init__(self, directory):
        self.structs, self.enums, self.aliases, self.constants, self.imports = {}, set(), {}, {}, {}
        for name in sorted(os.listdir(directory)):
            if name.endswith(".go") and not name.endswith("_test.go") and not name.startswith("zz_generated") and "generated" not in name:
                self._read(open(os.path.join(directory, name)).read().splitlines())

    def _read(self, lines):
        comments, struct, const_block, import_block = [], None, False, False
        for raw in lines:
            stripped = raw.strip()
            if stripped.startswith("//"):
                comments.append(stripped)
                continue
            code = go_code(raw).strip()
            if import_block:
                if code == ")":
                    import_block = False
                elif m := re.fullmatch(r'(\w+)?\s*"([^"]+)"', code):
                    self.imports[m.group(1) or m.group(2).rsplit("/", 1)[-1]] = m.group(2)
            elif struct is not None:
                if code == "}":
                    struct = None
                elif m := re.fullmatch(r"(?:(\w+)\s+)?([\w.*\[\]]+)\s+`(.*)`", code):
                    tag = re.search(r'json:"([^"]*)"', m.group(3))
                    json_name, _, options = (tag.group(1) if tag else "").partition(",")
                    struct.append((json_name, m.group(2), m.group(1) is None or "inline" in options.split(",")))
            elif const_block:
                if code == ")":
                    const_block = False
                elif m := re.fullmatch(r'\w+\s+(\w+)\s*=\s*"([^"]*)"', code):
                    self.constants.setdefault(m.group(1), []).append(m.group(2))
            elif code == "import (":
                import_block = True
            elif m := re.fullmatch(r'import\s+(\w+)?\s*"([^"]+)"', code):
                self.imports[m.group(1) or m.group(2).rsplit("/", 1)[-1]] = m.group(2)
            elif code == "const (":
                const_block = True
            elif m := re.fullmatch(r'const\s+\w+\s+(\w+)\s*=\s*"([^"]*)"', code):
                self.constants.setdefault(m.group(1), []).append(m.group(2))
            elif m := re.fullmatch(r"type\s+(\w+)\s+struct\s*{", code):
                struct = self.structs.setdefault(m.group(1), [])
            elif m := re.fullmatch(r"type\s+(\w+)\s*=\s*(\w+)", code):
                self.aliases[m.group(1)] = m.group(2)
            elif m := re.fullmatch(r"type\s+(\w+)\s+string", code):
                if "// +enum" in comments:
                    self.enums.add(m.group(1))
            if code:
                comments = []


packages = {}


def package(path):
    """The Go package at k8s.io/api/PATH (core/v1), read once."""
    if path not in packages:
        packages[path] = GoPackage(os.path.join(api_path, path))
    return packages[path]


def go_type(path, written):
    """The package and name a Go field type refers to (*PullPolicy, []v1.Toleration), aliases followed."""
    name = written.lstrip("*[]")
    if "." in name:
        alias, name = name.split(".", 1)
        imported = package(path).imports[alias]
        if not imported.startswith("k8s.io/api/"):
            return None
        path = imported.removeprefix("k8s.io/api/")
    name = package(path).aliases.get(name, name)
    return path, name


def go_fields(path, struct):
    """The json name and Go type of each field of a struct, the fields of inline (embedded) structs included."""
    for json_name, written, inline in package(path).structs.get(struct, []):
        if inline and not json_name:
            if (inner := go_type(path, written)) is not None:
                yield from go_fields(*inner)
        elif json_name and json_name != "-":
            yield json_name, go_type(path, written)


enum_lines = []
walked_refs = [ref for ref in definitions if short(ref) in lines and ref.startswith("io.k8s.api.")]
for ref in sorted(walked_refs, key=short):
    *group, struct = ref.removeprefix("io.k8s.api.").split(".")
    path = "/".join(group)
    assert struct in package(path).structs, f"{ref}: no struct {struct} in k8s.io/api/{path}"
    properties = definitions[ref]["properties"]
    for json_name, typed in go_fields(path, struct):
        if typed is None or json_name not in properties:
            continue
        type_path, type_name = typed
        owner = package(type_path)
        if type_name not in owner.enums and (type_path, type_name) not in CLOSED:
            continue
        # Sorted, as the API server lists them in its answer (Unsupported value: "x": supported values: ...).
        values = sorted(set(v for v in owner.constants.get(type_name, []) if v))
        assert values, f"{ref}.{json_name}: {type_path}.{type_name} declares no values"
        assert all(" " not in v for v in values), f"{ref}.{json_name}: a value with a space"
        schema = properties[json_name]
        assert schema.get("type") == "string" or (schema.get("type") == "array" and schema["items"].get("type") == "string"), f"{ref}.{json_name}: an enum of {schema}"
        enum_lines.append(f"enum {short(ref)} {json_name}: {' '.join(values)}")

print(f"# Field names of the Kubernetes kinds tollgate k8s lint checks, and of a pod template, from Kubernetes {release}'s")
print(f"# OpenAPI schema (api/openapi-spec/swagger.json): {source}")
print(f"# and the values of its enumerated fields from the Go types of k8s.io/api: {api_source}")
print("# Regenerate with eng/k8s/kube-fields.py. 'name=Def' is walked as Def ('[]': a list of them); a bare name is not;")
print("# 'name:integer', ':number', ':boolean', ':string', ':quantity' hold that (the value, a list's items or a map's values); '!name'")
print("# is a field the definition requires; 'enum Def field:' lists the values the field takes (an empty value is unset).")
for (api_version, kind), ref in roots.items():
    print(f"kind {api_version} {kind}: {short(ref)}")
for name in sorted(lines):
    print(lines[name])
for line in sorted(enum_lines):
    print(line)
