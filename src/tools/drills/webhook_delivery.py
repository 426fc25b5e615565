#!/usr/bin/env python3
"""Drill D10: kill -9 of memstore while webhook events wait to be delivered; after the restart every change is
announced at least once, and no change that was rolled back is announced.

memstore runs the packaged jar on its embedded PostgreSQL (a durable data directory). A receiver in this process
stands for the application: it verifies each delivery's Standard Webhooks signature (HMAC-SHA256 over
id.timestamp.body with the endpoint's whsec_ secret) and records it. An operator registers the receiver for
memory_store.created in a workspace of its own, then each cycle:

- the receiver answers 503, so deliveries fail and wait for their retries (the outbox fills);
- clients create memory stores with unique names; every create answered 200 is acknowledged, the others were in flight;
- after a few seconds memstore is killed with SIGKILL (on alternate cycles its PostgreSQL too, as if the machine had
  lost power): in-flight transactions are rolled back by PostgreSQL's recovery, or had committed;
- the receiver starts answering 200 and memstore starts again on the same data directory.

Checked through the API and the receiver: every store that exists (each acknowledged one, and each in-flight create
that landed) is announced by a verified memory_store.created about it, under one webhook-id however often it came;
no delivery names a store that does not exist (a create rolled back is never announced); every signature verifies;
memstore logs no error. Prints figures per cycle and PASS (exit 0) or FAIL with the reasons (exit 1). Builds the jar
if it is missing. Python standard library only.

    python3 src/tools webhook-delivery [--cycles 2] [--clients 8] [--load-seconds 5] [--settle-seconds 120]
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import random
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path

import harness
from drills import support

EVENT = "memory_store.created"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=2, help="kill and restart this many times (default 2)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--load-seconds", type=float, default=5.0,
                        help="load before each kill; each cycle adds up to 2 s at random (default 5)")
    parser.add_argument("--settle-seconds", type=float, default=120.0,
                        help="how long after a restart every change may take to be announced (default 120)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and log afterwards")
    args = parser.parse_args()

    verdict = support.Verdict("D10 webhook delivery across kill -9")
    jar = harness.packaged_jar()
    work = Path(tempfile.mkdtemp(prefix="memstore-d10-"))
    data_dir = work / "data"
    cluster = data_dir / "pgdata"
    admin_key = "sk-memstore-admin-" + uuid.uuid4().hex
    memstore = harness.Memstore(jar, support.drill_key(), log_dir=work,
                                extra=[f"--memstore.embedded-db.data-dir={data_dir}",
                                       f"--memstore.auth.admin-key={admin_key}"])
    receiver = Receiver()
    print(f"D10 webhook delivery: {args.clients} clients, {args.cycles} kill cycles, receiver on "
          f"{receiver.url}, embedded PostgreSQL in {data_dir}")
    try:
        memstore.start()
        admin = harness.Api("127.0.0.1", memstore.port, admin_key)
        workspace = admin.call("POST", "/_memstore/workspaces", {"name": "d10"})["id"]
        key = admin.call("POST", f"/_memstore/workspaces/{workspace}/api_keys", {"name": "d10"})["secret"]
        endpoint = admin.call("POST", f"/_memstore/workspaces/{workspace}/webhooks",
                              {"url": receiver.url, "enabled_events": [EVENT], "name": "d10 receiver"})
        receiver.secret = endpoint["signing_secret"]
        admin.close()
        rows = []
        acknowledged, in_flight = {}, set()
        for cycle in range(1, args.cycles + 1):
            rows.append(run_cycle(cycle, args, memstore, cluster, key, receiver, acknowledged, in_flight, verdict))
        support.table(["cycle", "acked", "in flight", "landed", "rolled back", "postgres killed", "restart s",
                       "stores", "announced", "deliveries", "duplicates", "settled s"],
                      [[r["cycle"], r["acked"], r["in_flight"], r["landed"], r["rolled_back"], r["postgres_killed"],
                        f"{r['restart']:.1f}", r["stores"], r["announced"], r["deliveries"], r["duplicates"],
                        f"{r['settled']:.1f}"] for r in rows])
        print(f"\nstores created: {rows[-1]['stores']}, each announced at least once; creates rolled back by the "
              f"kills: {sum(r['rolled_back'] for r in rows)}, announced: 0 expected; bad signatures: "
              f"{receiver.bad_signatures}")
        verdict.check(receiver.bad_signatures == 0, f"{receiver.bad_signatures} deliveries failed verification")
    except Exception as ex:  # a drill reports whatever went wrong rather than dying with a trace only
        verdict.fail(f"{type(ex).__name__}: {ex}")
        raise
    finally:
        memstore.stop()
        receiver.close()
        support.stop_leftover_postgres(cluster)
        code = verdict.finish()
        if args.keep or code:
            print(f"data directory and memstore log kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return code


def run_cycle(cycle, args, memstore, cluster, key, receiver, acknowledged, in_flight, verdict):
    receiver.status = 503
    stop = threading.Event()
    acked_before = len(acknowledged)
    clients = [threading.Thread(target=create_stores, args=(cycle, n, memstore.port, key, stop, acknowledged, in_flight),
                                name=f"client-{n}") for n in range(args.clients)]
    for client in clients:
        client.start()
    time.sleep(args.load_seconds + random.uniform(0, 2))

    postgres = support.postmaster_pid(cluster)
    kill_postgres = cycle % 2 == 0
    memstore.kill()
    if kill_postgres and postgres is not None and support.pid_alive(postgres):
        os.kill(postgres, 9)
    stop.set()
    for client in clients:
        client.join(60)
        verdict.check(not client.is_alive(), f"cycle {cycle}: {client.name} did not stop after the kill")
    failed_before_kill = receiver.count()

    receiver.status = 200
    log = support.LogWatch(memstore.log)
    restart = memstore.start(timeout=300)
    api = harness.Api("127.0.0.1", memstore.port, key)
    stores = {store["name"]: store["id"] for store in support.list_all(api, "/v1/memory_stores")}
    api.close()
    existing = set(stores.values())
    for name, store_id in list(acknowledged.items()):
        verdict.check(stores.get(name) == store_id, f"cycle {cycle}: acknowledged store {name} ({store_id}) is gone")
    landed = {name for name in in_flight if name in stores}
    rolled_back = in_flight - landed

    restarted = time.monotonic()
    while time.monotonic() - restarted < args.settle_seconds and not existing <= receiver.announced():
        time.sleep(0.5)
    settled = time.monotonic() - restarted
    announced = receiver.announced()
    missing = existing - announced
    verdict.check(not missing, f"cycle {cycle}: {len(missing)} stores never announced within {args.settle_seconds} "
                               f"s of the restart, e.g. {sorted(missing)[:3]}")
    phantoms = announced - existing
    verdict.check(not phantoms, f"cycle {cycle}: {len(phantoms)} announced stores do not exist (rolled back, yet "
                                f"announced), e.g. {sorted(phantoms)[:3]}")
    for store_id, ids in receiver.webhook_ids().items():
        verdict.check(len(ids) == 1, f"cycle {cycle}: store {store_id} was announced under {len(ids)} webhook-ids")
    for entry in support.at_level(log.read()[0], "ERROR")[:5]:
        verdict.fail(f"cycle {cycle}: memstore logged an error: {entry.line[:300]}")
    verdict.check(failed_before_kill > 0, f"cycle {cycle}: no delivery was attempted (and refused) before the kill, "
                                          "so nothing waited in the outbox")
    acked = len(acknowledged) - acked_before
    in_flight.clear()
    for name in landed:
        acknowledged[name] = stores[name]
    return {"cycle": cycle, "acked": acked, "in_flight": len(landed) + len(rolled_back), "landed": len(landed),
            "rolled_back": len(rolled_back), "postgres_killed": "yes" if kill_postgres else "no", "restart": restart,
            "stores": len(existing), "announced": len(announced & existing), "deliveries": receiver.count(),
            "duplicates": receiver.duplicates(), "settled": settled}


def create_stores(cycle, client, port, key, stop, acknowledged, in_flight):
    api = harness.Api("127.0.0.1", port, key, timeout=30)
    n = 0
    while not stop.is_set():
        name = f"d10-{cycle}-{client}-{n}"
        n += 1
        in_flight.add(name)
        try:
            status, payload = api.raw("POST", "/v1/memory_stores", {"name": name})
        except OSError:
            return  # memstore was killed with this create in flight
        in_flight.discard(name)
        if status == 200:
            acknowledged[name] = json.loads(payload)["id"]
        else:
            stop.wait(0.1)


class Receiver:
    """An HTTP endpoint in this process: verifies each delivery's signature, records it, answers with .status."""

    def __init__(self):
        self.status = 503
        self.secret = None
        self.bad_signatures = 0
        self.deliveries = []  # (webhook-id, data.id, status answered)
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                receiver.record(self.headers, body)
                self.send_response(receiver.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *arguments):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def record(self, headers, body):
        webhook_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
        with self.lock:
            if not self.verified(webhook_id, timestamp, headers.get("webhook-signature", ""), body):
                self.bad_signatures += 1
                return
            event = json.loads(body)
            if event["data"]["type"] == EVENT:
                self.deliveries.append((webhook_id, event["data"]["id"], self.status))

    def verified(self, webhook_id, timestamp, signatures, body):
        if not self.secret:
            return False
        key = base64.b64decode(self.secret.removeprefix("whsec_"))
        signed = f"{webhook_id}.{timestamp}.".encode() + body
        expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        return any(hmac.compare_digest(expected, candidate) for candidate in signatures.split())

    def announced(self):
        """The stores whose creation a delivery the receiver accepted (200) announced."""
        with self.lock:
            return {store for _, store, status in self.deliveries if status == 200}

    def webhook_ids(self):
        ids = {}
        with self.lock:
            for webhook_id, store, _ in self.deliveries:
                ids.setdefault(store, set()).add(webhook_id)
        return ids

    def duplicates(self):
        """Deliveries accepted (200) beyond the first of their event: at-least-once at work."""
        with self.lock:
            accepted = [webhook_id for webhook_id, _, status in self.deliveries if status == 200]
        return len(accepted) - len(set(accepted))

    def count(self):
        with self.lock:
            return len(self.deliveries)

    def close(self):
        self.server.shutdown()
