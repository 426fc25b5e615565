"""Drill D4, hostile input: a running memstore answers every malformed request with a 4xx in the error envelope.

First creates real objects (an environment, an offline agent, a canary store with memories, and per worker a store
with memories and a session mounting it read-write and the canary read-only), so that mutations reach real ids and
real code paths. Then sends --requests requests built from valid templates of every /v1 endpoint and mutates them:
bodies (wrong types, missing and extra fields, huge, unicode, a NUL or lone surrogate in any string or key, truncated
JSON, deep nesting, non-JSON, other content types), paths (traversal, encoded slashes, %00, long, unicode, wrong
ids, other prefixes such as /admin), query strings (bad limits, repeated parameters, bad created_at bounds, random
and damaged page cursors taken from real list responses), headers (beta, authentication, content type), methods
and offline-agent scripts in user.message events. Each worker keeps one keep-alive connection and writes requests
byte for byte, so what is sent is exactly what was generated. No content-length ever lies; the only mutations at
the level of HTTP itself are another protocol version and a transfer coding the server cannot decode, each sent
with Connection: close.

Checks, each counted and printed:
- no response, on any path, has a status of 500 or more (each is printed with its request, to reproduce it;
  --failures FILE writes all of them);
- every non-2xx answer on /v1 is the Anthropic envelope exactly as memstore's ErrorEnvelope writes it:
  {"type":"error","error":{"type":<known type matching the status>,"message":<non-empty>,...},"request_id":"req_..."}
  with content-type application/json, the request-id header equal to request_id, and x-should-retry: false on
  deterministic 4xx;
- every request gets an answer (no dropped connection, no timeout);
- no offline turn failed inside the server (no session.error event in the drill's sessions);
- afterwards the server still answers, the agent, environment, stores and sessions made at the start still exist,
  and the canary store (only ever read) is unchanged: same memories, contents, hashes, one version each.

Requests that could delete or archive the objects made at the start are turned into GETs before they are sent, so
the final check proves that hostile input changed nothing it was not allowed to, not that the drill was careful.

Exit code 0 and PASS when every check holds, else 1 and FAIL. Python standard library only.

    java -jar target/memstore-0.1.0-SNAPSHOT.jar --memstore.auth.bootstrap-key=drill-key \
      --memstore.embedded-db.ephemeral=true &
    python3 src/tools hostile-input --key drill-key
"""
import argparse
import json
import random
import threading
import time
import traceback

import harness
from drills.hostile.setup import Setup
from drills.hostile.values import AGENTS_BETA, MEMORY_BETA, SHOW_FAILURES
from drills.hostile.wire import Figures
from drills.hostile.worker import Worker


# How often each endpoint comes up in every round of the schedule. Sends that can start an offline turn are few, so
# that turns stay a modest share of the server's work.
WEIGHTS = {
    "store.create": 3, "store.retrieve": 4, "store.update": 3, "store.list": 5, "store.archive": 1,
    "store.delete": 1, "memory.create": 6, "memory.retrieve": 5, "memory.update": 5, "memory.list": 7,
    "memory.delete": 2, "version.list": 5, "version.retrieve": 3, "version.redact": 2, "agent.create": 3,
    "agent.retrieve": 3, "agent.update": 3, "agent.list": 3, "agent.archive": 1, "agent.versions": 2,
    "environment.create": 2, "environment.retrieve": 2, "environment.update": 2, "environment.list": 2,
    "environment.archive": 1, "environment.delete": 1, "session.create": 3, "session.retrieve": 3,
    "session.update": 2, "session.list": 4, "session.archive": 1, "session.delete": 1, "resource.list": 2,
    "resource.retrieve": 2, "resource.add": 2, "resource.update": 1, "resource.delete": 1, "event.send": 4,
    "event.list": 4, "event.stream": 1,
}


def schedule(seed):
    names = [name for name, weight in WEIGHTS.items() for _ in range(weight)]
    # One turn per 4 rounds: POST /turns waits for the whole turn.
    names = names * 4 + ["turn.run"]
    random.Random(seed).shuffle(names)
    return names


def make_api(args):
    client = harness.Api(args.host, args.port, args.key)

    def api(method, path, body=None, beta=MEMORY_BETA, missing_ok=False):
        status, payload = client.raw(method, path, body, headers={"anthropic-beta": beta})
        if status == 404 and missing_ok:
            return None
        if status != 200:
            raise RuntimeError(f"{method} {path} -> {status}: {payload[:300]!r}")
        return json.loads(payload)

    return api


def failed_turns(api, sessions):
    """session.error events in the drill's sessions: a turn that failed inside the server."""
    errors = []
    for session in sorted(sessions):
        page = None
        while True:
            path = f"/v1/sessions/{session}/events?limit=100&types[]=session.error" + (f"&page={page}" if page else "")
            listed = api("GET", path, beta=AGENTS_BETA, missing_ok=True)
            if listed is None:
                break  # deleted by the drill
            errors += [f"{session}: {e.get('error')}" for e in listed["data"]]
            page = listed.get("next_page")
            if not page:
                break
    return errors


def wait_until_idle(api, setup, limit):
    deadline = time.time() + limit
    while time.time() < deadline:
        statuses = [api("GET", f"/v1/sessions/{s}", beta=AGENTS_BETA)["status"] for s in setup.sessions]
        if all(status != "running" for status in statuses):
            return True
        time.sleep(1)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--key", required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--failures", help="a file to write every failing request to (stdout shows the first few)")
    args = parser.parse_args()

    api = make_api(args)
    setup = Setup(api, args.workers)
    figures = Figures()
    if args.failures:
        figures.log = open(args.failures, "w", encoding="utf-8")
    plan = schedule(args.seed)
    workers = [Worker(i, args, setup, plan, figures) for i in range(args.workers)]
    per_worker = [args.requests // args.workers + (1 if i < args.requests % args.workers else 0)
                  for i in range(args.workers)]
    print(f"D4 hostile input: {args.requests} requests, seed {args.seed}, {args.workers} workers, "
          f"{len(set(plan))} endpoint templates, against {args.host}:{args.port}", flush=True)

    started = time.perf_counter()
    crashed = []

    def run(worker, count):
        try:
            worker.run(count, worker.index, args.workers)
        except Exception:  # a bug in the drill itself must not pass as a quiet run
            crashed.append(f"worker {worker.index}: {traceback.format_exc()}")

    threads = [threading.Thread(target=run, args=(w, n)) for w, n in zip(workers, per_worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    idle = wait_until_idle(api, setup, 300)
    api = make_api(args)
    alive = api("GET", "/v1/memory_stores?limit=1")["data"] is not None
    objects = setup.verify()
    sessions = set(setup.sessions).union(*(worker.sessions_seen for worker in workers))
    turns = failed_turns(api, sessions)

    print(f"requests: {figures.total} in {elapsed:.1f} s ({figures.total / elapsed:.0f} requests/s)")
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(figures.statuses.items(), key=lambda x: str(x[0]))))
    print("error types: " + ", ".join(f"{t}: {n}" for t, n in figures.error_types.most_common()))
    print("mutations: " + ", ".join(f"{t}: {n}" for t, n in figures.mutations.most_common()))
    print("endpoints (requests, mean ms): " + ", ".join(
        f"{t}: {n} {1000 * figures.seconds[t] / n:.1f}" for t, n in sorted(figures.templates.items())))
    for title, lines in (("5xx answers", figures.server_errors), ("envelope violations", figures.envelope_violations),
                         ("requests without an answer", figures.no_answer),
                         ("2xx answers that are not JSON", figures.bad_success)):
        for line in lines[:SHOW_FAILURES]:
            print(f"{title[:-1] if lines else title}: {line}")
        if len(lines) > SHOW_FAILURES:
            print(f"... and {len(lines) - SHOW_FAILURES} more {title}")
    for line in turns[:SHOW_FAILURES]:
        print(f"failed turn: {line}")
    for line in objects:
        print(f"object check: {line}")
    for line in crashed:
        print(f"drill crashed: {line}")

    print(f"5xx: {len(figures.server_errors)}")
    print(f"envelope violations: {len(figures.envelope_violations)}")
    print(f"no answer: {len(figures.no_answer)}")
    print(f"failed turns: {len(turns)} (in {len(sessions)} sessions)")
    print(f"sessions idle afterwards: {'yes' if idle else 'no'}")
    print(f"server answers afterwards: {'yes' if alive else 'no'}")
    print(f"objects made at the start unchanged: {'yes' if not objects else 'no'}")
    passed = (not figures.server_errors and not figures.envelope_violations and not figures.no_answer
              and not figures.bad_success and not turns and idle and alive and not objects and not crashed
              and figures.total >= args.requests)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1
