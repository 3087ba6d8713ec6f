#!/usr/bin/env python3
"""Scale a real `terraform show -json` plan by cloning every module.svc["K"] instance N times
(module.svc["K"] -> module.svc["K_c<i>"]), in resource_changes, prior_state and planned_values; root
for_each resources keyed by service (terraform_data.record/dns["K"]) are cloned too.
For the rename-pairing benchmark: every copy keeps its values, so each delete meets hundreds of identical creates.
Usage: eng/bench/rename-plan/scale.py IN.json OUT.json COPIES"""
import json, sys, re
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = json.load(open(src))
key_re = re.compile(r'(module\.svc\[")([^"]+)("\])')
rec_re = re.compile(r'^(terraform_data\.(?:record|dns)\[")([^"]+)("\])')
def clone_addr(a, i):
    a2 = key_re.sub(lambda m: f'{m.group(1)}{m.group(2)}_c{i}{m.group(3)}', a)
    a2 = rec_re.sub(lambda m: f'{m.group(1)}{m.group(2)}_c{i}{m.group(3)}', a2)
    return a2
def clone_obj(o, i):
    s = json.dumps(o)
    s = re.sub(r'module\.svc\[\\"([^\\"]+)\\"\]', lambda m: f'module.svc[\\"{m.group(1)}_c{i}\\"]', s)
    s = re.sub(r'(terraform_data\.(?:record|dns)\[\\")([^\\"]+)(\\"\])', lambda m: f'{m.group(1)}{m.group(2)}_c{i}{m.group(3)}', s)
    o2 = json.loads(s)
    if 'index' in o2 and isinstance(o2['index'], str) and o2.get('address','').startswith(('terraform_data.record','terraform_data.dns')):
        o2['index'] = o2['index'] + f'_c{i}'
    return o2
def scalable(rc):
    return rc['address'].startswith('module.svc[') or rec_re.match(rc['address'])
rcs = p['resource_changes']
out = list(rcs)
for i in range(1, n):
    out += [clone_obj(rc, i) for rc in rcs if scalable(rc)]
p['resource_changes'] = out
# prior_state: root module resources + child_modules
def clone_mod(m, i):
    return clone_obj(m, i)
ps = p.get('prior_state', {}).get('values', {}).get('root_module')
if ps:
    base_res = list(ps.get('resources', []))
    base_ch = list(ps.get('child_modules', []))
    for i in range(1, n):
        ps.setdefault('resources', []).extend(clone_obj(r, i) for r in base_res if rec_re.match(r['address']))
        ps.setdefault('child_modules', []).extend(clone_mod(c, i) for c in base_ch if c['address'].startswith('module.svc['))
pv = p.get('planned_values', {}).get('root_module')
if pv:
    base_res = list(pv.get('resources', []))
    base_ch = list(pv.get('child_modules', []))
    for i in range(1, n):
        pv.setdefault('resources', []).extend(clone_obj(r, i) for r in base_res if rec_re.match(r['address']))
        pv.setdefault('child_modules', []).extend(clone_mod(c, i) for c in base_ch if c['address'].startswith('module.svc['))
json.dump(p, open(dst, 'w'))
