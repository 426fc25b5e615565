#!/usr/bin/env python3
"""Drill D9: a flooding key; the request-rate limit of each API key keeps one client from starving the others.

memstore runs the packaged jar on a throw-away PostgreSQL cluster with memstore.limits.requests-per-minute set
(--requests-per-minute, default 6000: a bucket of 6,000 requests per key that refills 100 a second) and refusals held
for memstore.limits.refusal-delay (--refusal-delay, default 1s; 0 shows what the flood costs without the hold).

Workspace A's key (the bootstrap key) floods /v1: --flooders clients (threads, one keep-alive connection each, in
--flood-processes processes of their own) retrieve a memory as fast as they can, ignoring retry-after as an abusive
client would. Workspace B (a second workspace, made through the operator API) retrieves a memory of its own at a
steady --pace per second, well within its limit, all along: after a warm-up by a third key (so that the JVM is warm
and neither measured key has spent anything), --windows idle windows and flood windows take turns, --seconds of each
in all, so that whatever else the machine does meanwhile weighs on both alike; then once more on the idle server.

Passes when:
- the flooding key is limited: it gets 429s, every one of them the Anthropic envelope with rate_limit_error, a
  retry-after of whole seconds and the anthropic-ratelimit-requests-* headers (remaining 0); and its admitted
  requests are no more than its bucket plus its refill from the first flood window to the end of the last, plus 1 %;
- workspace B is not: all its requests answer 200 with its own rate-limit headers, and its p50 latency in the flood
  windows is at most 2x its p50 in the idle windows;
- memstore logged no ERROR and exits cleanly on SIGTERM.

Prints the figures, then PASS (exit 0) or FAIL with the reasons (exit 1). Builds the jar if it is missing. Python
standard library only.

    python3 src/tools flooding-key [--requests-per-minute 6000] [--flooders 32] [--seconds 30] [--keep]
"""
import argparse
import datetime
import multiprocessing
import os
import threading
import time
import uuid
from pathlib import Path

import harness
from drills import support

LIMIT_HEADERS = ("anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
                 "anthropic-ratelimit-requests-reset")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests-per-minute", type=int, default=6000,
                        help="memstore.limits.requests-per-minute (default 6000)")
    parser.add_argument("--refusal-delay", default="1s",
                        help="memstore.limits.refusal-delay (default 1s; 0 answers 429s at once, for comparison)")
    parser.add_argument("--flooders", type=int, default=32, help="flooding clients of workspace A (default 32)")
    parser.add_argument("--flood-processes", type=int, default=2,
                        help="processes the flooding clients are spread over (default 2)")
    parser.add_argument("--flood-niceness", type=int, default=0,
                        help="niceness of the flooding processes (default 0; on a machine as small as the server, "
                             "10 keeps the load generator from taking the CPU the server needs)")
    parser.add_argument("--seconds", type=float, default=30,
                        help="how long the flood lasts, and the idle server is measured (default 30 each)")
    parser.add_argument("--pace", type=float, default=20, help="workspace B's requests per second (default 20)")
    parser.add_argument("--windows", type=int, default=5,
                        help="idle and flood windows, taking turns, that the seconds of each are split into (default 5)")
    parser.add_argument("--warmup-requests", type=int, default=5000,
                        help="requests of a third key that warm the JVM up first (default 5000)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the memstore log afterwards")
    args = parser.parse_args()

    jar = harness.packaged_jar()
    admin_key = "sk-memstore-admin-" + uuid.uuid4().hex

    def start(database):
        memstore = harness.Memstore(jar, support.drill_key(), database=database, log_dir=database.root,
                                    extra=[f"--memstore.auth.admin-key={admin_key}",
                                           f"--memstore.limits.requests-per-minute={args.requests_per_minute}",
                                           f"--memstore.limits.refusal-delay={args.refusal_delay}"])
        ready = memstore.start()
        print(f"D9 a flooding key: {args.flooders} flooding clients for {args.seconds:.0f} s against a limit of "
              f"{args.requests_per_minute} requests per minute per key (refusals held {args.refusal_delay}), on PostgreSQL {database.bin.parent.name}; "
              f"memstore ready in {ready:.1f} s; load average {load_average()} at the start")
        return memstore

    verdict = support.Verdict("D9 a flooding key")
    return support.run_on_fresh_postgres(
        verdict, args.keep, start, lambda database, memstore: run(args, memstore, admin_key, verdict))


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(args, memstore, admin_key, verdict):
    log = support.LogWatch(memstore.log)
    admin = harness.Api("127.0.0.1", memstore.port, admin_key)
    flooder_path = memory_to_retrieve(memstore.api(), "flood")
    steady_api = harness.Api("127.0.0.1", memstore.port, new_workspace_key(admin, "d9-steady"))
    steady_path = memory_to_retrieve(steady_api, "steady")
    warm_key = new_workspace_key(admin, "d9-warm-up")
    warm_path = memory_to_retrieve(harness.Api("127.0.0.1", memstore.port, warm_key), "warm-up")

    started = time.monotonic()
    warm_up(memstore, warm_key, warm_path, args.warmup_requests)
    print(f"warm-up: {args.warmup_requests} requests of a third key in {time.monotonic() - started:.1f} s")

    steady = Steady(steady_api, steady_path, args.pace)
    flood = Flood(memstore, flooder_path, args.flooders, args.flood_processes, args.flood_niceness)
    flood.start()
    # Idle and flood windows take turns, so that what else the machine does meanwhile weighs on both alike.
    idle, busy = [], []
    window = args.seconds / args.windows
    first_flood = None
    server_cpu = 0.0
    for _ in range(args.windows):
        idle += steady.measure(window)
        first_flood = first_flood or time.monotonic()
        cpu = memstore.cpu_seconds()
        flood.flooding.set()
        busy += steady.measure(window)
        flood.flooding.clear()
        server_cpu += memstore.cpu_seconds() - cpu
    flood_seconds = time.monotonic() - first_flood
    load_during = load_average()
    flood.stop()
    idle_after = steady.measure(min(window, 10))
    entries, _ = log.read()

    idle_p50, busy_p50, after_p50 = (support.median(sample) for sample in (idle, busy, idle_after))
    print()
    support.table(["workspace B", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms"],
                  [[name, len(sample), ms(support.median(sample)), ms(harness.percentile(sample, 0.9)),
                    ms(harness.percentile(sample, 0.99)), ms(max(sample) if sample else float("nan"))]
                   for name, sample in (("idle windows", idle), ("flood windows", busy), ("idle after", idle_after))])
    rate = args.requests_per_minute / 60
    # The bucket refills in the idle windows too.
    allowed = args.requests_per_minute + rate * flood_seconds
    print(f"\nworkspace A's flood: {flood.sent} requests in {args.windows} windows of {window:.0f} s "
          f"({flood.sent / args.seconds:.0f}/s) "
          f"from {args.flooders} clients in {args.flood_processes} processes at niceness {args.flood_niceness}: {flood.admitted} answered 200, {flood.limited} answered 429, "
          f"{flood.other} other; at most {allowed:.0f} may be admitted (a bucket of {args.requests_per_minute} and "
          f"{rate:.0f}/s over the {flood_seconds:.0f} s from the first window to the last); retry-after seen: {sorted(flood.retry_after)}")
    print(f"workspace B: p50 {ms(busy_p50)} ms in the flood windows, {busy_p50 / idle_p50:.2f}x its p50 of "
          f"{ms(idle_p50)} ms in the idle windows; {ms(after_p50)} ms on the idle server after; {steady.failures} failed; remaining as "
          f"it saw it: {steady.remaining_min}-{steady.remaining_max}")
    print(f"memstore's CPU in the flood windows: {server_cpu:.1f} s of {args.seconds:.0f} s "
          f"({server_cpu / args.seconds:.2f} cores; {server_cpu / max(flood.sent, 1) * 1e6:.0f} µs a flood request, "
          f"workspace B's included)")
    print(f"load average at the end of the flood {load_during} (2 cores: {Path('/proc/cpuinfo').read_text().count('processor')}"
          f" processors); memstore log: {len(support.at_level(entries, 'WARN'))} WARN, "
          f"{len(support.at_level(entries, 'ERROR'))} ERROR")

    verdict.check(flood.limited > 0, "the flooding key was never answered 429")
    verdict.check(flood.admitted <= allowed * 1.01,
                  f"the flooding key had {flood.admitted} requests admitted, more than {allowed:.0f}")
    verdict.check(flood.other == 0, f"{flood.other} flood requests had neither 200 nor 429: {flood.problems[:3]}")
    for problem in flood.problems[:5]:
        verdict.fail(f"flood: {problem}")
    verdict.check(steady.failures == 0, f"{steady.failures} of workspace B's requests failed: {steady.problems[:3]}")
    verdict.check(busy and busy_p50 <= 2 * idle_p50,
                  f"workspace B's p50 during the flood {ms(busy_p50)} ms is more than 2x its idle {ms(idle_p50)} ms")
    for entry in support.at_level(entries, "ERROR")[:5]:
        verdict.fail(f"memstore logged: {entry.line[:300]}")


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def new_workspace_key(admin, name):
    """The key of a new workspace, made through the operator API."""
    workspace = admin.call("POST", "/_memstore/workspaces", {"name": name})
    return admin.call("POST", f"/_memstore/workspaces/{workspace['id']}/api_keys", {"name": name})["secret"]


def memory_to_retrieve(api, name):
    """A store with one memory; the path of the memory's retrieve."""
    store = api.call("POST", "/v1/memory_stores", {"name": name})
    memory = api.call("POST", f"/v1/memory_stores/{store['id']}/memories",
                      {"path": "/notes.md", "content": f"what {name} remembers\n" + "x" * 2000})
    return f"/v1/memory_stores/{store['id']}/memories/{memory['id']}"


def warm_up(memstore, key, path, requests):
    """The third key's requests from four clients: the JVM compiles the paths the drill measures."""
    def client(count):
        api = harness.Api("127.0.0.1", memstore.port, key)
        for _ in range(count):
            api.raw("GET", path)
        api.close()
    threads = [threading.Thread(target=client, args=(requests // 4,), daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


class Steady:
    """Workspace B: one client retrieving its memory at a steady pace; the latency of each request."""

    def __init__(self, api, path, pace):
        self.api, self.path, self.interval = api, path, 1 / pace
        self.failures = 0
        self.problems = []
        self.remaining_min = None
        self.remaining_max = None

    def measure(self, seconds):
        latencies = []
        deadline = time.monotonic() + seconds
        next_at = time.monotonic()
        while next_at < deadline:
            started = time.monotonic()
            try:
                status, headers, payload = self.api.exchange("GET", self.path)
            except support.CONNECTION_ERRORS as ex:
                self.api.close()
                status, headers, payload = None, {}, repr(ex).encode()
            latencies.append(time.monotonic() - started)
            if status != 200:
                self.failures += 1
                self.problems.append(f"{status}: {payload[:200]!r}")
            elif any(header not in headers for header in LIMIT_HEADERS):
                self.failures += 1
                self.problems.append(f"200 without the rate-limit headers: {sorted(headers)}")
            else:
                remaining = int(headers["anthropic-ratelimit-requests-remaining"])
                self.remaining_min = min(remaining, self.remaining_min if self.remaining_min is not None else remaining)
                self.remaining_max = max(remaining, self.remaining_max or 0)
            next_at += self.interval
            time.sleep(max(0.0, next_at - time.monotonic()))
        return latencies


class Flood:
    """Workspace A's flooding clients: --flood-processes processes of threads, each thread with its own connection,
    retrieving as fast as it can. They run in processes of their own, so that they do not hold up workspace B's client
    on the Python interpreter's lock, and at the given niceness."""

    def __init__(self, memstore, path, clients, processes, niceness):
        self.port, self.key, self.path = memstore.port, memstore.key, path
        self.clients, self.processes, self.niceness = clients, processes, niceness
        self.sent = self.admitted = self.limited = self.other = 0
        self.retry_after = set()
        self.problems = []
        self.stopping = multiprocessing.Event()
        self.flooding = multiprocessing.Event()
        self.results = multiprocessing.Queue()
        self.children = []
        self.started = self.seconds = None

    def start(self):
        self.started = time.monotonic()
        shares = [self.clients // self.processes + (1 if n < self.clients % self.processes else 0)
                  for n in range(self.processes)]
        self.children = [multiprocessing.Process(target=flood_process, daemon=True,
                                                 args=(self.port, self.key, self.path, share, self.niceness,
                                                       self.flooding, self.stopping, self.results))
                         for share in shares if share]
        for child in self.children:
            child.start()

    def stop(self):
        self.stopping.set()
        self.flooding.set()
        for _ in self.children:
            tally = self.results.get(timeout=60)
            self.sent += tally["sent"]
            self.admitted += tally["admitted"]
            self.limited += tally["limited"]
            self.other += tally["other"]
            self.retry_after.update(tally["retry_after"])
            self.problems.extend(tally["problems"])
        for child in self.children:
            child.join(30)
        self.seconds = time.monotonic() - self.started


def flood_process(port, key, path, clients, niceness, flooding, stopping, results):
    """One flooding process: its threads retrieve until told to stop, then it reports their tally."""
    os.nice(niceness)
    lock = threading.Lock()
    tally = {"sent": 0, "admitted": 0, "limited": 0, "other": 0, "retry_after": set(), "problems": []}

    def client():
        api = harness.Api("127.0.0.1", port, key, timeout=30)
        while not stopping.is_set():
            flooding.wait()
            if stopping.is_set():
                break
            try:
                status, headers, payload = api.exchange("GET", path)
            except support.CONNECTION_ERRORS as ex:
                api.close()
                status, headers, problem = None, {}, f"no answer: {ex!r}"
            else:
                problem = None
                if status == 429:
                    problem = support.envelope_problem(status, headers, payload) or limited_problem(headers, payload)
                elif status != 200:
                    problem = f"{status}: {payload[:200]!r}"
            with lock:
                tally["sent"] += 1
                if status == 200:
                    tally["admitted"] += 1
                elif status == 429:
                    tally["limited"] += 1
                    tally["retry_after"].add(headers.get("retry-after"))
                else:
                    tally["other"] += 1
                if problem is not None and len(tally["problems"]) < 50:
                    tally["problems"].append(problem)
        api.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(tally)


def limited_problem(headers, payload):
    """What is wrong with a 429 of the rate limit, or None."""
    if b'"rate_limit_error"' not in payload:
        return f"429 without rate_limit_error: {payload[:200]!r}"
    if not headers.get("retry-after", "").isdigit() or int(headers["retry-after"]) < 1:
        return f"retry-after {headers.get('retry-after')!r}"
    if any(header not in headers for header in LIMIT_HEADERS):
        return f"429 without the rate-limit headers: {sorted(headers)}"
    if headers["anthropic-ratelimit-requests-remaining"] != "0":
        return f"429 with remaining {headers['anthropic-ratelimit-requests-remaining']}"
    try:
        datetime.datetime.fromisoformat(headers["anthropic-ratelimit-requests-reset"].replace("Z", "+00:00"))
    except ValueError:
        return f"reset {headers['anthropic-ratelimit-requests-reset']!r} is not RFC 3339"
    return None
