#!/usr/bin/env python3
"""Drill D3: PostgreSQL stops for 15 s under load; memstore fails fast, says so, and recovers by itself.

memstore runs the packaged jar, with its default settings, on an external PostgreSQL (a throw-away cluster of the
machine's PostgreSQL). 8 clients create, update (with content-hash preconditions), retrieve and list memories, keeping
a ledger of acknowledged writes; a session's event stream is open; a prober reads /actuator/health/readiness twice a
second. Then PostgreSQL is stopped (pg_ctl stop -m fast) for --outage seconds and started again on the same port.

Passes when:
- during the outage every request fails within --bound seconds, with the Anthropic error envelope, status 503 and
  error type api_error (a status the SDKs retry), and nothing else goes wrong (no 4xx, no lost connection);
- readiness answers 503 (DOWN) within --bound seconds during the outage and 200 (UP) after it;
- memstore recovers by itself: requests succeed again within --recovery-bound seconds of the database's return, and
  all succeed from then on; the stream opened before the outage then follows a turn (turn workers and stream
  listener resumed); a turn that was running when the database stopped (memstore runs with an offline step delay of
  300 ms for it) finishes soon after, each of its writes done once;
- no acknowledged write is lost (the ledger check of drill D2);
- the log is no flood: at most --max-log-lines WARN/ERROR lines while the database is down, none in the outage's
  second half (so a longer outage logs no more), and no stack trace after the first 2 s (when the connections in use
  break, each transaction in flight may log one).

Prints its figures and PASS (exit 0) or FAIL with the reasons (exit 1). Builds the jar if it is missing. Python
standard library only.

    python3 src/tools database-outage [--outage 15] [--clients 8]
"""
import argparse
import http.client
import json
import threading
import time

import harness
from drills import support


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outage", type=float, default=15.0, help="seconds PostgreSQL stays down (default 15)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--stores", type=int, default=4)
    parser.add_argument("--before", type=float, default=5.0, help="seconds of load before the outage (default 5)")
    parser.add_argument("--after", type=float, default=10.0,
                        help="seconds of load after memstore recovered (default 10)")
    parser.add_argument("--bound", type=float, default=5.0,
                        help="longest a failing request or readiness probe may take (default 5 s)")
    parser.add_argument("--recovery-bound", type=float, default=10.0,
                        help="longest from the database's return to a successful request (default 10 s)")
    parser.add_argument("--max-log-lines", type=int, default=50,
                        help="WARN and ERROR lines memstore may log during the outage (default 100)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the memstore log afterwards")
    args = parser.parse_args()

    jar = harness.packaged_jar()

    def start(database):
        # A pause before each offline step, so that a turn is still running when the database stops.
        memstore = harness.Memstore(jar, support.drill_key(), database=database, log_dir=database.root,
                                    extra=[f"--memstore.runtime.offline-step-delay={STEP_DELAY_MS}ms"])
        ready = memstore.start()
        print(f"D3 database outage: {args.clients} clients on PostgreSQL {database.bin.parent.name} "
              f"(port {database.port}), outage {args.outage:.0f} s; memstore ready in {ready:.1f} s")
        return memstore

    verdict = support.Verdict("D3 database outage")
    return support.run_on_fresh_postgres(verdict, args.keep, start,
                                         lambda database, memstore: run(args, database, memstore, verdict))


def run(args, database, memstore, verdict):
    api = memstore.api()
    store_ids = [api.call("POST", "/v1/memory_stores", {"name": f"d3-{n}"})["id"] for n in range(args.stores)]
    environment_id, agent_id, session_store = harness.session_fixture(api, slug="d3-session")
    session_id = harness.new_session(api, environment_id, agent_id, session_store)
    stream = Stream(memstore.api(), session_id)
    stream.wait_for("ping", 10)
    busy_id = harness.new_session(api, environment_id, agent_id, session_store)
    busy_stream = Stream(memstore.api(), busy_id)
    busy_stream.wait_for("ping", 10)

    ledger, requests, stop = support.Ledger(), support.RequestLog(), threading.Event()
    writers = [support.Writer(index, memstore.api(timeout=120), store_ids[index % len(store_ids)], ledger, requests,
                              stop, read_share=0.5, pause=0.01) for index in range(args.clients)]
    prober = Prober(memstore.port, stop)
    for thread in [*writers, prober]:
        thread.start()

    time.sleep(args.before)
    # A turn that writes MID_TURN_STEPS memories, one step every STEP_DELAY_MS: the database stops in its middle.
    api.call("POST", f"/v1/sessions/{busy_id}/events", {"events": [{"type": "user.message", "content": [{
        "type": "text", "text": harness.offline_script_message([
            {"tool": "write", "input": {"file_path": f"/mnt/memory/d3-session/mid-turn/step-{n:02d}.md",
                                        "content": f"step {n}"}} for n in range(MID_TURN_STEPS)])}]}]})
    time.sleep(MID_TURN_STEPS * STEP_DELAY_MS / 1000 / 3)
    log = support.LogWatch(memstore.log)
    wall = time.time() - time.monotonic()  # log lines carry wall-clock times
    stopping = time.monotonic()
    database.stop("fast")
    down = time.monotonic()
    time.sleep(args.outage)
    starting = time.monotonic()
    database.start()
    up = time.monotonic()
    outage_log = [entry for entry in log.read()[0]]
    for entry in outage_log:
        entry.time -= wall

    recovered = None
    deadline = up + max(args.recovery_bound, 60)
    while recovered is None and time.monotonic() < deadline:
        time.sleep(0.1)
        successes = [entry for entry in requests.between(up, time.monotonic()) if entry[3] == 200]
        if successes:
            recovered = min(entry[1] for entry in successes)
    settled = time.monotonic()
    time.sleep(args.after)
    stop.set()
    for thread in [*writers, prober]:
        thread.join(150)
        verdict.check(not thread.is_alive(), f"{thread.name} did not stop")
    ended = time.monotonic()

    turn_seconds = run_turn(api, stream, session_id, session_store)
    stream.close()
    busy_idle = busy_stream.wait_for("session.status_idle", 120, after=up)
    busy_stream.close()
    busy_memories = [m for m in support.list_all(api, f"/v1/memory_stores/{session_store}/memories")
                     if m["path"].startswith("/mid-turn/")]
    busy_versions = {}
    for version in support.list_all(api, f"/v1/memory_stores/{session_store}/memory_versions"):
        if (version["path"] or "").startswith("/mid-turn/"):
            busy_versions[version["path"]] = busy_versions.get(version["path"], 0) + 1
    check = support.check_ledger(memstore.api, ledger, store_ids)
    after_log, _ = log.read()
    warned = support.at_level(outage_log, "WARN", "ERROR")
    traced = [entry for entry in outage_log if entry.trace_lines and entry.time >= down + 2]
    late = [entry for entry in warned if entry.time >= down + (starting - down) / 2]

    # What the clients saw, by phase.
    before = [entry for entry in requests.between(0, stopping) if entry[1] < stopping]
    transition = [entry for entry in requests.between(0, down) if entry[1] >= stopping]
    outage = requests.between(down, starting)
    returning = requests.between(starting, recovered or ended)
    after = requests.between((recovered or ended) + 2, ended)
    failed_outage = [entry for entry in outage + transition if entry[3] != 200]
    latencies = [entry[1] - entry[0] for entry in failed_outage]
    statuses = {}
    for entry in outage + transition + returning:
        statuses[entry[3]] = statuses.get(entry[3], 0) + 1
    probes = list(prober.probes)
    probes_down = [p for p in probes if down <= p[0] < starting]
    probe_latencies = [p[2] for p in probes_down]
    ready_again = next((p[0] + p[2] for p in probes if p[0] >= up and p[1] == 200), None)

    print()
    support.table(["phase", "seconds", "requests", "ok", "failed", "max failed latency s", "statuses"], [
        ["before", f"{stopping - (before[0][0] if before else stopping):.1f}", len(before),
         sum(e[3] == 200 for e in before), sum(e[3] != 200 for e in before), "-", summary(before)],
        ["stopping", f"{down - stopping:.1f}", len(transition), sum(e[3] == 200 for e in transition),
         sum(e[3] != 200 for e in transition), max_latency(transition), summary(transition)],
        ["outage", f"{starting - down:.1f}", len(outage), sum(e[3] == 200 for e in outage),
         sum(e[3] != 200 for e in outage), max_latency(outage), summary(outage)],
        ["returning", f"{(recovered or ended) - starting:.1f}", len(returning),
         sum(e[3] == 200 for e in returning), sum(e[3] != 200 for e in returning), max_latency(returning),
         summary(returning)],
        ["after", f"{ended - (recovered or ended) - 2:.1f}", len(after), sum(e[3] == 200 for e in after),
         sum(e[3] != 200 for e in after), max_latency(after), summary(after)],
    ])
    print(f"\nfailed requests during the outage: {len(failed_outage)}, latency p50 "
          f"{harness.percentile(latencies, 0.5):.2f} s, max {max(latencies, default=float('nan')):.2f} s "
          f"(bound {args.bound:.1f} s)")
    print(f"readiness during the outage: {len(probes_down)} probes, "
          f"{sum(p[1] == 503 for p in probes_down)} DOWN (503), max {max(probe_latencies, default=float('nan')):.2f} s;"
          f" UP again {fmt(ready_again, up)} s after the database returned")
    print(f"recovery: first successful request {fmt(recovered, up)} s after the database returned "
          f"(pg_ctl start took {up - starting:.1f} s); a turn on the stream opened before the outage took "
          f"{turn_seconds if turn_seconds is None else f'{turn_seconds:.2f}'} s")
    print(f"turn running when the database stopped: idle {fmt(busy_idle, up)} s after the database returned, "
          f"{len(busy_memories)} of {MID_TURN_STEPS} memories written, versions per memory "
          f"{sorted(set(busy_versions.values()))}")
    print(f"memstore log while the database was down: {len(support.at_level(outage_log, 'WARN'))} WARN, "
          f"{len(support.at_level(outage_log, 'ERROR'))} ERROR ({sum(e.trace_lines > 0 for e in outage_log)} with a "
          f"stack trace, {len(traced)} of them 2 s or more after the stop), {len(late)} in the outage's second half; "
          f"after it: {len(support.at_level(after_log, 'WARN'))} WARN, {len(support.at_level(after_log, 'ERROR'))} "
          "ERROR")
    print(f"ledger: {check.acknowledged} acknowledged writes, {check.unknown_landed} unanswered writes landed, "
          f"{check.unknown_not_landed} did not, lost {check.lost}")

    verdict.check(len(outage) > 0, "no request was made during the outage")
    for entry in failed_outage:
        started, ended_at, kind, status, problem = entry
        if status != 503 or problem:
            verdict.fail(f"{kind} during the outage answered {status}: {problem or 'not 503'}")
    verdict.check(max(latencies, default=0) <= args.bound,
                  f"a request failed only after {max(latencies, default=0):.2f} s (bound {args.bound} s)")
    for problem in sorted(prober.problems)[:5]:
        verdict.fail(f"readiness: {problem}")
    verdict.check(probes_down and all(p[1] == 503 for p in probes_down),
                  f"readiness during the outage answered {sorted({p[1] for p in probes_down})}, expected 503")
    verdict.check(max(probe_latencies, default=0) <= args.bound,
                  f"a readiness probe took {max(probe_latencies, default=0):.2f} s (bound {args.bound} s)")
    verdict.check(ready_again is not None, "readiness never reported UP after the outage")
    verdict.check(recovered is not None and recovered - up <= args.recovery_bound,
                  f"no successful request within {args.recovery_bound} s of the database's return")
    verdict.check(after and all(entry[3] == 200 for entry in after),
                  f"after recovery {sum(e[3] != 200 for e in after)} of {len(after)} requests failed: "
                  f"{summary(after)}")
    verdict.check(turn_seconds is not None, "the stream opened before the outage did not follow a turn after it")
    verdict.check(busy_idle is not None and busy_idle - up <= args.recovery_bound + 10,
                  f"the turn running when the database stopped did not finish within {args.recovery_bound + 10} s "
                  f"of its return (finished {fmt(busy_idle, up)} s after)")
    verdict.check(len(busy_memories) == MID_TURN_STEPS and set(busy_versions.values()) == {1},
                  f"the interrupted turn wrote {len(busy_memories)} of {MID_TURN_STEPS} memories with "
                  f"{busy_versions} versions; expected each once")
    for entry in traced[:3]:
        verdict.fail(f"a stack trace 2 s or more into the outage: {entry.line[:200]}")
    for entry in late[:3]:
        verdict.fail(f"logged in the outage's second half (a longer outage would log more): {entry.line[:200]}")
    verdict.check(len(warned) <= args.max_log_lines,
                  f"memstore logged {len(warned)} WARN/ERROR lines during the outage (at most {args.max_log_lines})")
    for writer in writers:
        for problem in writer.unexpected[:5]:
            verdict.fail(f"{writer.name}: {problem}")
    for problem in check.problems[:20]:
        verdict.fail(problem)
    verdict.check(check.lost == 0, f"{check.lost} acknowledged writes lost")


STEP_DELAY_MS = 300
MID_TURN_STEPS = 20


def summary(entries):
    counts = {}
    for entry in entries:
        counts[entry[3]] = counts.get(entry[3], 0) + 1
    return " ".join(f"{status}x{count}" for status, count in sorted(counts.items(), key=lambda kv: str(kv[0])))


def max_latency(entries):
    failed = [entry[1] - entry[0] for entry in entries if entry[3] != 200]
    return f"{max(failed):.2f}" if failed else "-"


def fmt(moment, origin):
    return "never" if moment is None else f"{moment - origin:.2f}"


class Prober(threading.Thread):
    """Reads readiness twice a second: (when, status, seconds taken)."""

    def __init__(self, port, stop):
        super().__init__(name="readiness-prober", daemon=True)
        self.port, self.stop = port, stop
        self.probes, self.problems = [], set()

    def run(self):
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/actuator/health/readiness")
                response = connection.getresponse()
                body = response.read()
                connection.close()
                self.probes.append((started, response.status, time.monotonic() - started))
                status = json.loads(body).get("status")
                if (response.status, status) not in ((200, "UP"), (503, "DOWN")):
                    self.problems.add(f"answered {response.status} with status {status}")
            except (OSError, http.client.HTTPException, ValueError) as ex:
                self.problems.add(f"failed: {ex!r}")
            self.stop.wait(max(0.0, 0.5 - (time.monotonic() - started)))


class Stream:
    """A session's event stream read by a thread, so that events can be awaited with a timeout."""

    def __init__(self, api, session_id):
        self.connection, self.response = api.stream(session_id)
        self.events = []
        self.condition = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self.read, name="stream", daemon=True)
        self.thread.start()

    def read(self):
        try:
            for raw in self.response:
                line = raw.decode().strip()
                if line.startswith("event: "):
                    with self.condition:
                        self.events.append((time.monotonic(), line[len("event: "):]))
                        self.condition.notify_all()
        except (OSError, http.client.HTTPException, ValueError, AttributeError):
            pass  # closed, by either side (http.client reports a connection closed under it as AttributeError)
        with self.condition:
            self.closed = True
            self.condition.notify_all()

    def wait_for(self, event_type, timeout, after=0.0):
        deadline = time.monotonic() + timeout
        with self.condition:
            while True:
                for moment, name in self.events:
                    if name == event_type and moment >= after:
                        return moment
                remaining = deadline - time.monotonic()
                if self.closed or remaining <= 0:
                    return None
                self.condition.wait(remaining)

    def close(self):
        self.connection.close()


def run_turn(api, stream, session_id, store_id):
    """Sends a turn that writes a memory and returns the seconds until the open stream said idle, or None."""
    sent = time.monotonic()
    status, payload = api.raw("POST", f"/v1/sessions/{session_id}/events", {"events": [{
        "type": "user.message", "content": [{"type": "text", "text": harness.offline_script_message([
            {"tool": "write", "input": {"file_path": "/mnt/memory/d3-session/after-the-outage.md",
                                        "content": "written after the outage"}},
            {"say": "done"}])}]}]})
    if status != 200:
        return None
    idle = stream.wait_for("session.status_idle", 60, after=sent)
    if idle is None:
        return None
    memories = api.call("GET", f"/v1/memory_stores/{store_id}/memories")["data"]
    if not any(memory["path"] == "/after-the-outage.md" for memory in memories):
        return None
    return idle - sent

