#!/usr/bin/env python3
"""Writes src/Tollgate.Kubernetes/Objects/rollout-fields.txt: the field names of an argoproj.io/v1alpha1 Rollout
outside spec.template (which the pod template checks read), from Argo Rollouts' own CRD.

  python3 eng/k8s/rollout-fields.py path/to/argo-rollouts/manifests/crds/rollout-crd.yaml COMMIT > \
      src/Tollgate.Kubernetes/Objects/rollout-fields.txt

Each line is `path: field field …` (`[]` marks a list's items); `*` after the path means the CRD keeps unknown
fields there (x-kubernetes-preserve-unknown-fields). Paths with no properties (maps, int-or-string) are not listed.
"""
import sys
import yaml

crd_path, commit = sys.argv[1], sys.argv[2]
crd = yaml.safe_load(open(crd_path))
version = next(v for v in crd["spec"]["versions"] if v["name"] == "v1alpha1")
spec = version["schema"]["openAPIV3Schema"]["properties"]["spec"]

lines = []


def walk(schema, path):
    if schema.get("type") == "array" and "items" in schema:
        walk(schema["items"], path + "[]")
        return
    if schema.get("x-kubernetes-preserve-unknown-fields"):
        lines.append(f"{path}: *")
        return
    properties = schema.get("properties")
    if not properties:
        return
    lines.append(f"{path}: {' '.join(sorted(properties))}")
    for name in sorted(properties):
        if path == "spec" and name == "template":
            continue
        walk(properties[name], f"{path}.{name}")


walk(spec, "spec")
print(f"# Field names of an argoproj.io/v1alpha1 Rollout outside spec.template, from Argo Rollouts' CRD")
print(f"# https://github.com/argoproj/argo-rollouts/blob/{commit}/manifests/crds/rollout-crd.yaml")
print(f"# (the Go types: pkg/apis/rollouts/v1alpha1/types.go). Regenerate with eng/k8s/rollout-fields.py.")
for line in lines:
    print(line)
