#!/usr/bin/env python3
"""Minimal keep-alive HTTP/1.1 load generator (wrk stand-in: wrk is not installable here).
usage: load.py URL_PATH PORT CONNS SECONDS MODE [extra]
MODE events: each request is one CDEvent with a unique id (prefix from argv[6]); prints sent ids count per status.
MODE lint:   body from file argv[6] (JSON) posted as-is.
MODE get:    GET requests.
Writes ids of 200-answered events to $TMPDIR/ids-<prefix>.txt (default /tmp)"""
import asyncio, sys, time, json, collections, os
path, port, conns, secs, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
extra = sys.argv[6] if len(sys.argv) > 6 else ""
status = collections.Counter(); lat = []; ok_ids = []; errs = collections.Counter(); bodies = {}
static = open(extra, 'rb').read() if mode == 'lint' else None
def event(cid, n):
    eid = f"{extra}-{cid}-{n}"
    ts = 1700000000 + (cid * 100000 + n)  # distinct past timestamps
    t = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ts))
    ev = {"context": {"specversion": "0.5.1", "id": eid, "source": "/cd/load", "type": "dev.cdevents.service.deployed.0.3.0", "timestamp": t},
          "subject": {"id": "service/loadsvc", "source": "/k8s/prod", "content": {"environment": {"id": "production"}, "artifactId": f"pkg:oci/loadsvc@sha256%3A{cid}x{n}?tag=v{cid}.{n}"}}}
    return eid, json.dumps(ev).encode()
async def worker(cid, deadline):
    n = 0
    while time.time() < deadline:
        try:
            r, w = await asyncio.open_connection('127.0.0.1', port)
        except Exception as e:
            errs['connect:' + type(e).__name__] += 1; await asyncio.sleep(0.05); continue
        try:
            while time.time() < deadline:
                eid = None
                if mode == 'events': eid, body = event(cid, n); n += 1
                elif mode == 'lint': body = static
                else: body = None
                if body is None:
                    req = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
                else:
                    ct = 'application/x-ndjson' if mode == 'events' else 'application/json'
                    req = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ct}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
                t0 = time.time(); w.write(req); await w.drain()
                line = await r.readline()
                if not line: raise ConnectionResetError('closed')
                code = int(line.split()[1]); clen = None; chunked = False; close = False
                while True:
                    h = await r.readline()
                    if h in (b'\r\n', b''): break
                    k, _, v = h.decode().partition(':'); k = k.lower(); v = v.strip()
                    if k == 'content-length': clen = int(v)
                    if k == 'transfer-encoding' and 'chunked' in v: chunked = True
                    if k == 'connection' and v.lower() == 'close': close = True
                if chunked:
                    data = b''
                    while True:
                        sz = int((await r.readline()).strip(), 16)
                        if sz == 0: await r.readline(); break
                        data += await r.readexactly(sz); await r.readline()
                else:
                    data = await r.readexactly(clen or 0)
                lat.append(time.time() - t0); status[code] += 1
                if code not in bodies: bodies[code] = data[:300]
                if code == 200 and eid: ok_ids.append(eid)
                if close: break
        except Exception as e:
            errs['io:' + type(e).__name__] += 1
        finally:
            w.close()
async def main():
    deadline = time.time() + secs
    await asyncio.gather(*(worker(i, deadline) for i in range(conns)))
t = time.time(); asyncio.run(main()); el = time.time() - t
lat.sort()
q = lambda p: lat[int(p * (len(lat) - 1))] * 1000 if lat else float('nan')
print(f"{sum(status.values())} answers in {el:.1f}s ({sum(status.values())/el:.0f}/s) status={dict(status)} errors={dict(errs)} p50={q(.5):.0f}ms p99={q(.99):.0f}ms max={q(1):.0f}ms")
for c, b in bodies.items(): print(c, b)
if mode == 'events':
    open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"ids-{extra}.txt"), "w").write('\n'.join(ok_ids) + '\n')
    print('ok ids:', len(ok_ids), 'unique', len(set(ok_ids)))
