#!/usr/bin/env python3
"""Drill D7: a soak of mixed load; no errors, heap after GC flat, no connection, thread or file descriptor leak.

memstore runs the packaged jar on an external PostgreSQL (a throw-away cluster of the machine's PostgreSQL, so that
its connections can be counted from pg_stat_activity) for --minutes (default 10) of mixed load through the API:

- memory clients (--memory-clients, default 4), each in its own store: create, update with a content-hash
  precondition, retrieve, list (flat and depth=1), list a memory's versions, delete with expected_content_sha256;
  each keeps 20 to 40 memories, so the live set stays bounded while versions accumulate;
- session clients (--session-clients, default 2): offline-agent turns whose script writes a memory and answers, sent
  as a user.message on a freshly opened event stream that is read until session.status_idle and then closed, or
  through POST /v1/sessions/{id}/turns; every few turns the events are listed, and every 10 turns the session is
  deleted and a new one created.

Every --interval seconds (default 30; a tenth of the run for short runs) it samples: heap used after a full GC
(jcmd GC.run, read from the GC log), live threads (/proc/<pid>/status), open file descriptors (/proc/<pid>/fd),
PostgreSQL connections of memstore (pg_stat_activity) and resident memory. The samples of the first tenth of the run
are warm-up. Passes when:

- no request answered anything but 200 and every turn reached session.status_idle; memstore logged no ERROR;
- heap after GC is flat: the median of the last third of the samples is at most max(20 MiB, 10 %) above the median of
  the first third;
- threads, file descriptors and connections do not grow: the median of the last third is at most the maximum of the
  first third plus a small slack (threads +3, descriptors +8, connections +0), and connections never exceed the pool.

Prints the samples, the figures and PASS (exit 0) or FAIL with the reasons (exit 1). Builds the jar if it is
missing. Python standard library only.

    python3 src/tools soak [--minutes 10]
"""
import argparse
import json
import random
import re
import threading
import time
import uuid

import harness
from drills import support

POOL_SIZE = 10  # Hikari's default maximum-pool-size, which memstore keeps
FULL_GC = re.compile(r"Pause Full \(([^)]*)\) (\d+)M->(\d+)M\((\d+)M\)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--interval", type=float, default=None,
                        help="seconds between samples (default 30, or a tenth of a shorter run)")
    parser.add_argument("--memory-clients", type=int, default=4)
    parser.add_argument("--session-clients", type=int, default=2)
    parser.add_argument("--pause", type=float, default=0.005, help="seconds each client waits between requests")
    parser.add_argument("--keep", action="store_true", help="keep the database, GC log and memstore log")
    args = parser.parse_args()
    duration = args.minutes * 60
    interval = args.interval or min(30.0, max(5.0, duration / 10))

    jar = harness.packaged_jar()

    def start(database):
        memstore = harness.Memstore(jar, support.drill_key(), database=database, log_dir=database.root,
                                    java_options=[*harness.JAVA_OPTIONS, f"-Xlog:gc:file={gc_log(database)}"])
        ready = memstore.start()
        print(f"D7 soak: {args.minutes:g} min of mixed load ({args.memory_clients} memory clients, "
              f"{args.session_clients} session clients) on PostgreSQL {database.bin.parent.name}, "
              f"memstore pid {memstore.pid} ready in {ready:.1f} s; a sample every {interval:g} s")
        return memstore

    verdict = support.Verdict("D7 soak")
    return support.run_on_fresh_postgres(
        verdict, args.keep, start,
        lambda database, memstore: run(args, duration, interval, database, memstore, gc_log(database), verdict))


def gc_log(database):
    return database.root / "gc.log"


def run(args, duration, interval, database, memstore, gc_log, verdict):
    stats = Stats()
    stop = threading.Event()
    api = memstore.api()
    environment_id, agent_id, session_store = harness.session_fixture(api, slug="soak-sessions")
    clients = [MemoryClient(n, memstore, stats, stop, args.pause) for n in range(args.memory_clients)]
    clients += [SessionClient(n, memstore, stats, stop, args.pause, environment_id, agent_id, session_store)
                for n in range(args.session_clients)]
    log = support.LogWatch(memstore.log)
    started = time.monotonic()
    for client in clients:
        client.start()

    samples = []
    headers = ["min", "heap after GC MiB", "heap committed MiB", "threads", "fds", "pg conns", "rss MiB", "requests",
               "turns", "errors"]
    print()
    print("  ".join(headers))
    next_sample = started
    while True:
        now = time.monotonic()
        if now >= next_sample:
            sample = take_sample(memstore, database, gc_log, stats, now - started)
            samples.append(sample)
            print("  ".join(str(sample[key]).rjust(len(header)) for key, header in zip(
                ["minute", "heap", "committed", "threads", "fds", "connections", "rss", "requests", "turns", "errors"],
                headers)), flush=True)
            next_sample += interval
        if now - started >= duration:
            break
        for client in clients:
            verdict.check(client.is_alive(), f"{client.name} died")
        time.sleep(min(1.0, max(0.0, next_sample - time.monotonic()), max(0.0, started + duration - now)))
    stop.set()
    for client in clients:
        client.join(120)
    elapsed = time.monotonic() - started
    entries, _ = log.read()

    counts = stats.snapshot()
    print(f"\n{counts['requests']} requests in {elapsed / 60:.1f} min ({counts['requests'] / elapsed:.0f}/s), "
          f"{counts['turns']} turns; by kind: "
          + ", ".join(f"{kind} {n}" for kind, n in sorted(counts["kinds"].items())))
    print(f"errors: {counts['errors']}; memstore log during the soak: "
          f"{len(support.at_level(entries, 'WARN'))} WARN, {len(support.at_level(entries, 'ERROR'))} ERROR")
    for problem in counts["problems"][:10]:
        verdict.fail(problem)
    verdict.check(counts["errors"] == 0, f"{counts['errors']} requests or turns went wrong")
    for entry in support.at_level(entries, "ERROR")[:5]:
        verdict.fail(f"memstore logged an error: {entry.line[:300]}")
    for entry in support.at_level(entries, "WARN")[:5]:
        print(f"  WARN: {entry.line[:250]}")

    warm = max(1, len(samples) // 10)
    steady = samples[warm:]
    if len(steady) < 3:
        verdict.fail(f"only {len(steady)} samples after warm-up; run longer or sample more often")
        return
    third = max(1, len(steady) // 3)
    first, last = steady[:third], steady[-third:]

    def spread(key):
        return support.median([s[key] for s in first]), max(s[key] for s in first), \
            support.median([s[key] for s in last])

    heap_first, _, heap_last = spread("heap")
    allowance = max(20.0, 0.10 * heap_first)
    print(f"\nafter {warm} warm-up sample(s), first third {len(first)} and last third {len(last)} samples:")
    print(f"heap after GC: median {heap_first:.0f} MiB first, {heap_last:.0f} MiB last "
          f"(growth {heap_last - heap_first:+.0f} MiB, allowed {allowance:.0f})")
    verdict.check(heap_last - heap_first <= allowance,
                  f"heap after GC grew from {heap_first:.0f} to {heap_last:.0f} MiB (allowed +{allowance:.0f})")
    for key, name, slack in (("threads", "threads", 3), ("fds", "file descriptors", 8),
                             ("connections", "PostgreSQL connections", 0)):
        _, first_max, last_median = spread(key)
        print(f"{name}: max {first_max} in the first third, median {last_median:g} in the last")
        verdict.check(last_median <= first_max + slack,
                      f"{name} grew: median {last_median:g} in the last third, max {first_max} in the first")
    most = max(s["connections"] for s in samples)
    verdict.check(most <= POOL_SIZE, f"{most} PostgreSQL connections, more than the pool's {POOL_SIZE}")


def take_sample(memstore, database, gc_log, stats, seconds):
    before = gc_log.read_text() if gc_log.exists() else ""
    memstore.jcmd("GC.run")
    heap = committed = None
    deadline = time.monotonic() + 10
    while heap is None and time.monotonic() < deadline:
        text = gc_log.read_text() if gc_log.exists() else ""
        found = FULL_GC.findall(text[len(before):])
        if found:
            _, _, after, total = found[-1]
            heap, committed = int(after), int(total)
        else:
            time.sleep(0.1)
    if heap is None:  # no GC log line: read the heap as jcmd reports it right after the GC
        info = memstore.jcmd("GC.heap_info")
        match = re.search(r"total (\d+)K, used (\d+)K", info)
        heap, committed = (int(match.group(2)) // 1024, int(match.group(1)) // 1024) if match else (-1, -1)
    counts = stats.snapshot()
    return {
        "minute": f"{seconds / 60:.1f}",
        "heap": heap,
        "committed": committed,
        "threads": support.thread_count(memstore.pid),
        "fds": support.fd_count(memstore.pid),
        "connections": int(database.psql(
            "select count(*) from pg_stat_activity where datname = 'memstore' and pid <> pg_backend_pid()")),
        "rss": round(memstore.rss_mib()),
        "requests": counts["requests"],
        "turns": counts["turns"],
        "errors": counts["errors"],
    }


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = self.turns = self.errors = 0
        self.kinds = {}
        self.problems = []

    def request(self, kind):
        with self.lock:
            self.requests += 1
            self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def turn(self):
        with self.lock:
            self.turns += 1

    def error(self, problem):
        with self.lock:
            self.errors += 1
            if len(self.problems) < 50:
                self.problems.append(problem)

    def snapshot(self):
        with self.lock:
            return {"requests": self.requests, "turns": self.turns, "errors": self.errors,
                    "kinds": dict(self.kinds), "problems": list(self.problems)}


class Client(threading.Thread):
    def __init__(self, name, memstore, stats, stop, pause):
        super().__init__(name=name, daemon=True)
        self.api, self.stats, self.stop, self.pause = memstore.api(), stats, stop, pause
        self.memstore = memstore
        self.random = random.Random(name)

    def call(self, kind, method, path, body=None):
        """The answer's JSON if it is a 200, else None (counted as an error)."""
        try:
            status, payload = self.api.raw(method, path, body)
        except support.CONNECTION_ERRORS as ex:
            self.stats.error(f"{self.name} {kind}: {ex!r}")
            self.api.close()
            return None
        self.stats.request(kind)
        if status != 200:
            self.stats.error(f"{self.name} {kind} {method} {path} answered {status}: {payload[:200]!r}")
            return None
        return json.loads(payload)

    def run(self):
        while not self.stop.is_set():
            try:
                self.step()
            except Exception as ex:  # a client that dies would hide what happens next
                self.stats.error(f"{self.name}: {type(ex).__name__}: {ex}")
                time.sleep(1)
            time.sleep(self.pause)


class MemoryClient(Client):
    def __init__(self, index, memstore, stats, stop, pause):
        super().__init__(f"memory-client-{index}", memstore, stats, stop, pause)
        self.store_id = None
        self.memories = {}  # id -> (path, sha)
        self.count = 0

    def step(self):
        if self.store_id is None:
            store = self.call("store", "POST", "/v1/memory_stores", {"name": f"soak {self.name}"})
            self.store_id = store and store["id"]
            return
        base = f"/v1/memory_stores/{self.store_id}"
        roll = self.random.random()
        if len(self.memories) < 20 or (len(self.memories) < 40 and roll < 0.15):
            self.count += 1
            path = f"/d{self.count % 7}/note-{self.count}.md"
            content = self.content()
            memory = self.call("create", "POST", f"{base}/memories", {"path": path, "content": content})
            if memory:
                self.memories[memory["id"]] = (path, memory["content_sha256"])
            return
        memory_id = self.random.choice(list(self.memories))
        path, sha = self.memories[memory_id]
        if roll < 0.35:
            memory = self.call("update", "POST", f"{base}/memories/{memory_id}", {
                "content": self.content(), "precondition": {"type": "content_sha256", "content_sha256": sha}})
            if memory:
                self.memories[memory_id] = (path, memory["content_sha256"])
        elif roll < 0.55:
            self.call("retrieve", "GET", f"{base}/memories/{memory_id}")
        elif roll < 0.65:
            self.call("list", "GET", f"{base}/memories?limit=50")
        elif roll < 0.75:
            self.call("list depth=1", "GET", f"{base}/memories?path_prefix=/d{self.random.randrange(7)}/&depth=1")
        elif roll < 0.85:
            self.call("versions", "GET", f"{base}/memory_versions?memory_id={memory_id}&limit=20")
        elif roll < 0.88:
            self.call("versions full", "GET", f"{base}/memory_versions?view=full&limit=20")
        elif len(self.memories) > 30:
            if self.call("delete", "DELETE", f"{base}/memories/{memory_id}?expected_content_sha256={sha}"):
                del self.memories[memory_id]
        else:
            self.call("retrieve", "GET", f"{base}/memories/{memory_id}?view=basic")

    def content(self):
        return f"{uuid.uuid4().hex}\n" + "soak line\n" * self.random.randrange(1, 200)


class SessionClient(Client):
    def __init__(self, index, memstore, stats, stop, pause, environment_id, agent_id, store_id):
        super().__init__(f"session-client-{index}", memstore, stats, stop, pause)
        self.index, self.environment_id, self.agent_id, self.store_id = index, environment_id, agent_id, store_id
        self.session_id = None
        self.turn_count = 0

    def step(self):
        if self.session_id is None:
            session = self.call("session create", "POST", "/v1/sessions", {
                "agent": self.agent_id, "environment_id": self.environment_id,
                "resources": [{"type": "memory_store", "memory_store_id": self.store_id}]})
            self.session_id = session and session["id"]
            return
        self.turn_count += 1
        text = harness.offline_script_message([
            {"tool": "write", "input": {
                "file_path": f"/mnt/memory/soak-sessions/c{self.index}/turn-{self.turn_count % 20}.md",
                "content": f"turn {self.turn_count} {uuid.uuid4().hex}"}},
            {"tool": "bash", "input": {"command": f"ls /mnt/memory/soak-sessions/c{self.index} | wc -l"}},
            {"say": f"turn {self.turn_count} done"}])
        if self.turn_count % 4 == 0:
            turn = self.call("turns", "POST", f"/v1/sessions/{self.session_id}/turns",
                             {"input": [{"role": "user", "content": text}]})
            if turn is not None:
                if turn.get("status") == "completed":
                    self.stats.turn()
                else:
                    self.stats.error(f"{self.name}: turn ended {turn.get('status')}")
        else:
            self.streamed_turn(text)
        if self.turn_count % 5 == 0:
            self.call("events list", "GET", f"/v1/sessions/{self.session_id}/events?limit=50")
        if self.turn_count % 10 == 0:
            self.call("session delete", "DELETE", f"/v1/sessions/{self.session_id}")
            self.session_id = None

    def streamed_turn(self, text):
        try:
            connection, response = self.api.stream(self.session_id)
        except (harness.ApiError, *support.CONNECTION_ERRORS) as ex:
            self.stats.error(f"{self.name}: opening the stream failed: {ex!r}")
            return
        self.stats.request("stream")
        try:
            connection.sock.settimeout(60)
            if self.call("events send", "POST", f"/v1/sessions/{self.session_id}/events", {"events": [
                    {"type": "user.message", "content": [{"type": "text", "text": text}]}]}) is None:
                return
            for raw in response:
                if raw.decode().strip() == "event: session.status_idle":
                    self.stats.turn()
                    return
            self.stats.error(f"{self.name}: the stream ended before session.status_idle")
        except support.CONNECTION_ERRORS as ex:
            self.stats.error(f"{self.name}: reading the stream failed: {ex!r}")
        finally:
            connection.close()

