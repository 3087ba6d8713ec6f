#!/usr/bin/env python3
"""Writes src/Tollgate.Kubernetes/Objects/kube-fields.txt: the field names of the Kubernetes kinds `tollgate k8s lint`
checks (the workloads, budgets, autoscalers and Services it judges; Jobs, CronJobs and bare Pods, whose fields it checks
though nothing in them rolls out) and of the pod template a Rollout carries, from Kubernetes' own OpenAPI schema
(api/openapi-spec/swagger.json).

  python3 eng/k8s/kube-fields.py path/to/swagger.json SOURCE_URL KUBERNETES_RELEASE > \
      src/Tollgate.Kubernetes/Objects/kube-fields.txt

The table carries facts only (field names, which definition each object field is), one definition a line:

  kind apps/v1 Deployment: apps.v1.Deployment          the definition an apiVersion and kind is read as
  core.v1.Probe: exec=core.v1.ExecAction failureThreshold ...

A bare name is a field whose value is not walked: a scalar, an int-or-string or quantity, a map (additionalProperties:
labels, nodeSelector, resources.limits), a list of scalars, an open object, and an object's `status` (what a manifest
copied from `kubectl get -o yaml` carries is the cluster's, not the author's). `name=Def` is an object to walk,
`name=Def[]` a list of them; a leading `!` marks a field the definition requires (its `required` list: a container's
`name`, a Deployment spec's `selector` and `template`). Definitions are named by their package tail
(io.k8s.api.core.v1.PodSpec: core.v1.PodSpec).
"""
import json
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
]
# What a Rollout's spec.template is (Argo Rollouts' CRD declares Kubernetes' PodTemplateSpec there).
EXTRA = ["io.k8s.api.core.v1.PodTemplateSpec"]

swagger_path, source, release = sys.argv[1], sys.argv[2], sys.argv[3]
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
            fields.append(mark + name)
            continue
        fields.append(f"{mark}{name}={short(to[0])}{'[]' if to[1] else ''}")
        pending.append(to[0])
    lines[short(ref)] = f"{short(ref)}: {' '.join(fields)}"

names = [short(ref) for ref in definitions]
assert len(names) == len(set(names)), "two definitions share a short name"

print(f"# Field names of the Kubernetes kinds tollgate k8s lint checks, and of a pod template, from Kubernetes {release}'s")
print(f"# OpenAPI schema (api/openapi-spec/swagger.json): {source}")
print("# Regenerate with eng/k8s/kube-fields.py. 'name=Def' is walked as Def ('[]': a list of them); a bare name is not;")
print("# '!name' is a field the definition requires.")
for (api_version, kind), ref in roots.items():
    print(f"kind {api_version} {kind}: {short(ref)}")
for name in sorted(lines):
    print(lines[name])
