#!/usr/bin/env python3
"""Drill D8: abusive agents; no tool call or turn can stop the server, or another tenant's turns.

memstore runs the packaged jar on an external PostgreSQL (a throw-away cluster of the machine's PostgreSQL, so that
its transactions can be watched in pg_stat_activity), with 4 turn workers and small budgets so that the drill takes
minutes: 2 s per tool call, 10 s of tool time, 50 tool calls and 2 MB of recorded output per turn.

Workspace A (the bootstrap key) sends abusive offline-agent scripts, --parallel sessions at once, --rounds times:
every input that once killed, filled or stalled a turn worker (a regex that recursed per character, nested braces,
printf widths of 2 billion, globs with many stars over a long name, through the glob tool, the grep tool's glob,
find -name and -path, ls and grep --include; nested repetitions, an edit that would grow past 100 KB), then turns
that use up each budget of a turn (calls that each run out of time, more calls than allowed, 1,000 cats of 100 KB),
and a turn interrupted in the middle of a long call. Workspace B (a second workspace, made through the operator API)
runs ordinary turns (a script that writes a memory and answers) one after the other, first on the idle server, then
all through the abuse. Meanwhile the drill samples GET /_memstore/turn_workers and, every 0.2 s, the transactions of
memstore's connections in pg_stat_activity.

Passes when:
- every abusive turn ends as its case expects (a tool error naming the bound and end_turn, an answer, or
  session.error tool_use_limit_reached_error with retries_exhausted) within its bound: the call limit plus 5 s for
  a call, the turn's tool time plus 10 s for a budget; an interrupt ends its turn within 2 s;
- no worker is lost: alive == configured in every sample, replaced == 0 at the end;
- no memstore transaction is older than 2 s in any sample, and none waits on a lock for longer;
- workspace B's turn p50 under abuse is at most 2x its p50 on the idle server, and all its turns complete;
- a normal turn in workspace A completes right after the abuse; memstore logged no ERROR, and exits cleanly.

Prints a table of the cases and the figures, then PASS (exit 0) or FAIL with the reasons (exit 1). Builds the jar if
it is missing. Python standard library only.

    python3 src/tools abusive-agents [--parallel 6] [--rounds 2]
"""
import argparse
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
from drills import support

CALL_LIMIT_S = 2
TURN_TOOL_TIME_S = 10
TURN_TOOL_CALLS = 50
SETTINGS = ["--memstore.runtime.workers=4", f"--memstore.runtime.tool-call-timeout={CALL_LIMIT_S}s",
            f"--memstore.runtime.turn-tool-time={TURN_TOOL_TIME_S}s",
            f"--memstore.runtime.turn-tool-calls={TURN_TOOL_CALLS}", "--memstore.runtime.turn-tool-output=2MB"]
MOUNT = "/mnt/memory/abuse"
STARS = "*a*a*a*a*a*a*a*a*a*a*a*a*b"
# About 2,000 elements (the most a pattern may have) that RE2J runs over every character of a 90 KB memory:
# longer than a call may take.
SLOW_PATTERN = "(?:a?){390}b"


def bash(command):
    return {"tool": "bash", "input": {"command": command}}


def tool(name, **arguments):
    return {"tool": name, "input": arguments}


class Case:
    """One abusive script and how its turn must end: 'tool_error' (the first result is an error containing text, and
    the turn ends end_turn), 'answer' (the first result is no error and contains text), 'limit' (session.error
    tool_use_limit_reached_error whose message contains text, and retries_exhausted)."""

    def __init__(self, name, steps, outcome, text, bound):
        self.name, self.steps, self.outcome, self.text, self.bound = name, steps, outcome, text, bound


def cases():
    call_bound = CALL_LIMIT_S + 5
    turn_bound = TURN_TOOL_TIME_S + 10
    return [
        Case("grep tool (a|b)*c, 90,000 a", [tool("grep", pattern="(a|b)*c")], "answer", "No files found", call_bound),
        Case("grep -E (a|b)*c", [bash(f"grep -cE '(a|b)*c' {MOUNT}/big.md || echo none")], "answer", "none",
             call_bound),
        Case("glob tool, 20,000 nested {a,", [tool("glob", pattern="{a," * 20_000)], "tool_error",
             "glob pattern too long", call_bound),
        Case("ls, 20,000 nested {a,", [bash(f"ls {MOUNT}/" + "{a," * 20_000)], "tool_error", "glob pattern too long",
             call_bound),
        Case("glob, braces 40 deep", [tool("glob", pattern="{a," * 40 + "b" + "}" * 40)], "tool_error",
             "more than 32 deep", call_bound),
        Case("printf %2000000000s x2 | wc -c", [bash("printf %2000000000s%2000000000s x y | wc -c")], "tool_error",
             "field width 2000000000 is larger than the sandbox allows", call_bound),
        Case("printf %.2000000000f", [bash("printf '%.2000000000f' 1")], "tool_error",
             "precision 2000000000 is larger", call_bound),
        Case("head -c 2000000000", [bash(f"head -c 2000000000 {MOUNT}/big.md | wc -c")], "answer", "90000",
             call_bound),
        Case("grep ((a{1000}){1000}){1000}", [tool("grep", pattern="((a{1000}){1000}){1000}")], "tool_error",
             "pattern too complex", call_bound),
        Case("glob tool, stars, long name", [tool("glob", pattern=f"{MOUNT}/{STARS}")], "answer", "No files found",
             call_bound),
        Case("grep tool glob, stars", [tool("grep", pattern="x", glob=STARS)], "answer", "No files found",
             call_bound),
        Case("find -name, stars", [bash(f"find {MOUNT} -name '{STARS}'; echo found")], "answer", "found",
             call_bound),
        Case("find -path, stars", [bash(f"find {MOUNT} -path '{STARS}'; echo found")], "answer", "found",
             call_bound),
        Case("ls wildcard, stars", [bash(f"ls {MOUNT}/{STARS}")], "tool_error", "No such file or directory",
             call_bound),
        Case("grep --include, stars", [bash(f"grep -rl --include='{STARS}' x {MOUNT} || echo none")], "answer",
             "none", call_bound),
        Case("edit replace_all to 9 GB", [tool("edit", file_path=f"{MOUNT}/big.md", old_string="a",
                                               new_string="b" * 100_000, replace_all=True)],
             "tool_error", "a memory may hold at most 102400 bytes", call_bound),
        Case("1,000 calls over the time limit", [tool("grep", pattern=SLOW_PATTERN, multiline=True)] * 1_000, "limit",
             "most tool time a turn may use", turn_bound),
        Case("1,000 calls, 50 allowed", [bash("true")] * 1_000, "limit", f"{TURN_TOOL_CALLS} tool calls", turn_bound),
        Case("1,000 cat of 100 KB", [bash(f"cat {MOUNT}/k.md")] * 1_000, "limit", "bytes of output", turn_bound),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parallel", type=int, default=6, help="abusive sessions at once (default 6)")
    parser.add_argument("--rounds", type=int, default=2, help="times each case is sent (default 2)")
    parser.add_argument("--idle-turns", type=int, default=40, help="workspace B's turns on the idle server")
    parser.add_argument("--keep", action="store_true", help="keep the database and the memstore log afterwards")
    args = parser.parse_args()

    jar = harness.packaged_jar()
    admin_key = "sk-memstore-admin-" + uuid.uuid4().hex

    def start(database):
        memstore = harness.Memstore(jar, support.drill_key(), database=database, log_dir=database.root,
                                    extra=[f"--memstore.auth.admin-key={admin_key}", *SETTINGS])
        ready = memstore.start()
        print(f"D8 abusive agents: {args.parallel} abusive sessions at once, {args.rounds} rounds of "
              f"{len(cases())} cases, on PostgreSQL {database.bin.parent.name}; memstore ready in {ready:.1f} s with "
              + " ".join(setting.removeprefix("--memstore.runtime.") for setting in SETTINGS))
        return memstore

    verdict = support.Verdict("D8 abusive agents")
    return support.run_on_fresh_postgres(
        verdict, args.keep, start, lambda database, memstore: run(args, database, memstore, admin_key, verdict))


def run(args, database, memstore, admin_key, verdict):
    log = support.LogWatch(memstore.log)
    api = memstore.api()
    environment_id, agent_id, store_id = harness.session_fixture(api, slug="abuse")
    api.call("POST", f"/v1/memory_stores/{store_id}/memories", {"path": "/big.md", "content": "a" * 90_000})
    api.call("POST", f"/v1/memory_stores/{store_id}/memories", {"path": "/k.md", "content": "k" * 100_000})
    api.call("POST", f"/v1/memory_stores/{store_id}/memories", {"path": "/" + "a" * 1_000, "content": "x"})

    admin = harness.Api("127.0.0.1", memstore.port, admin_key)
    other = admin.call("POST", "/_memstore/workspaces", {"name": "d8-ordinary"})
    secret = admin.call("POST", f"/_memstore/workspaces/{other['id']}/api_keys", {"name": "d8"})["secret"]
    ordinary = Ordinary(harness.Api("127.0.0.1", memstore.port, secret))

    idle = ordinary.turns(args.idle_turns)
    idle_p50 = support.median(idle)
    print(f"workspace B on the idle server: {len(idle)} turns, p50 {idle_p50 * 1000:.0f} ms")

    watch = Watch(database, admin)
    watch.start()
    ordinary.start()
    started = time.monotonic()
    outcomes = []
    with ThreadPoolExecutor(args.parallel) as pool:
        jobs = [pool.submit(run_case, memstore, environment_id, agent_id, store_id, case)
                for _ in range(args.rounds) for case in cases()]
        jobs.append(pool.submit(interrupt_case, memstore, environment_id, agent_id, store_id))
        for job in jobs:
            outcomes.append(job.result())
    abuse_seconds = time.monotonic() - started
    ordinary.stop()
    watch.stop()
    after = run_case(memstore, environment_id, agent_id, store_id,
                     Case("a normal turn after", [bash(f"echo ok > {MOUNT}/after.md && cat {MOUNT}/after.md")],
                          "answer", "ok", CALL_LIMIT_S + 5))
    entries, _ = log.read()

    print()
    support.table(["case", "turns", "slowest s", "bound s", "ended with"], summarize(outcomes + [after]))
    busy = ordinary.latencies
    busy_p50 = support.median(busy) if busy else float("nan")
    print(f"\nabuse: {len(outcomes)} turns in {abuse_seconds:.1f} s; workspace B meanwhile: {len(busy)} turns, "
          f"p50 {busy_p50 * 1000:.0f} ms ({busy_p50 / idle_p50:.2f}x its idle p50), {ordinary.failures} failed")
    print(f"turn workers: {len(watch.workers)} samples, alive {min(w['alive'] for w in watch.workers)}-"
          f"{max(w['alive'] for w in watch.workers)} of {watch.workers[-1]['configured']}, busy up to "
          f"{max(w['busy'] for w in watch.workers)}, replaced {watch.workers[-1]['replaced']}")
    print(f"pg_stat_activity: {watch.samples} samples, oldest memstore transaction {watch.oldest_transaction:.2f} s, "
          f"longest lock wait {watch.longest_lock_wait:.2f} s")
    print(f"memstore log: {len(support.at_level(entries, 'WARN'))} WARN, {len(support.at_level(entries, 'ERROR'))} "
          f"ERROR; load average {Path('/proc/loadavg').read_text().split()[0]}")

    for outcome in outcomes + [after]:
        for problem in outcome["problems"]:
            verdict.fail(f"{outcome['case']}: {problem}")
    verdict.check(all(w["alive"] == w["configured"] for w in watch.workers), "a sample had fewer workers alive")
    verdict.check(watch.workers[-1]["replaced"] == 0, f"{watch.workers[-1]['replaced']} workers were replaced")
    verdict.check(watch.oldest_transaction <= 2.0,
                  f"a memstore transaction was open for {watch.oldest_transaction:.2f} s")
    verdict.check(watch.longest_lock_wait <= 2.0, f"a memstore connection waited {watch.longest_lock_wait:.2f} s "
                                                  "on a lock")
    verdict.check(ordinary.failures == 0, f"{ordinary.failures} of workspace B's turns did not complete")
    verdict.check(busy and busy_p50 <= 2 * idle_p50,
                  f"workspace B's p50 under abuse {busy_p50 * 1000:.0f} ms is more than 2x its idle "
                  f"{idle_p50 * 1000:.0f} ms")
    for entry in support.at_level(entries, "ERROR")[:5]:
        verdict.fail(f"memstore logged an error: {entry.line[:300]}")


def run_case(memstore, environment_id, agent_id, store_id, case):
    api = memstore.api(timeout=case.bound + 60)
    session_id = harness.new_session(api, environment_id, agent_id, store_id)
    started = time.monotonic()
    turn = api.call("POST", f"/v1/sessions/{session_id}/turns",
                    {"input": [{"role": "user", "content": harness.offline_script_message(case.steps)}]})
    elapsed = time.monotonic() - started
    events = support.list_all(api, f"/v1/sessions/{session_id}/events")
    api.close()
    results = [event for event in events if event["type"] == "agent.tool_result"]
    errors = [event["error"] for event in events if event["type"] == "session.error"]
    idle = [event for event in events if event["type"] == "session.status_idle"]
    stop = idle[-1]["stop_reason"]["type"] if idle else None
    first = results[0] if results else None
    first_text = "".join(block.get("text", "") for block in (first or {}).get("content", []))
    problems = []
    if elapsed > case.bound:
        problems.append(f"took {elapsed:.1f} s, more than {case.bound} s")
    if case.outcome == "limit":
        ended = errors[-1]["type"] if errors else turn["status"]
        if not errors or errors[-1]["type"] != "tool_use_limit_reached_error" or case.text not in errors[-1]["message"]:
            problems.append(f"ended with {errors[-1] if errors else 'no session.error'}, not a limit naming "
                            f"'{case.text}'")
        if stop != "retries_exhausted" or errors[-1].get("retry_status", {}).get("type") != "exhausted":
            problems.append(f"stop reason {stop}, not retries_exhausted")
        ended = f"{ended}: {errors[-1]['message'][:70]}" if errors else ended
    else:
        ended = ("tool error: " if first and first.get("is_error") else "answer: ") + first_text[:70]
        if first is None or first.get("is_error") != (case.outcome == "tool_error") or case.text not in first_text:
            problems.append(f"first result {first_text[:200]!r} (is_error {first and first.get('is_error')}), "
                            f"expected a{'n error' if case.outcome == 'tool_error' else 'n answer'} with "
                            f"'{case.text}'")
        if stop != "end_turn" or errors:
            problems.append(f"stop reason {stop}, errors {errors}")
    return {"case": case.name, "elapsed": elapsed, "bound": case.bound, "ended": " ".join(ended.split()),
            "problems": problems}


def interrupt_case(memstore, environment_id, agent_id, store_id):
    """A turn of long calls, interrupted in the middle of one: it must end within 2 s, its call stopped."""
    api = memstore.api()
    session_id = harness.new_session(api, environment_id, agent_id, store_id)
    steps = [tool("grep", pattern=SLOW_PATTERN, multiline=True)] * 3
    api.call("POST", f"/v1/sessions/{session_id}/events", {"events": [
        {"type": "user.message", "content": [{"type": "text", "text": harness.offline_script_message(steps)}]}]})
    problems = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        events = support.list_all(api, f"/v1/sessions/{session_id}/events")
        if any(event["type"] == "agent.tool_use" for event in events):
            break
        time.sleep(0.05)
    time.sleep(0.5)
    sent = time.monotonic()
    api.call("POST", f"/v1/sessions/{session_id}/events", {"events": [{"type": "user.interrupt"}]})
    while time.monotonic() < sent + 30:
        events = support.list_all(api, f"/v1/sessions/{session_id}/events")
        if any(event["type"] == "session.status_idle" for event in events):
            break
        time.sleep(0.05)
    elapsed = time.monotonic() - sent
    api.close()
    results = [event for event in events if event["type"] == "agent.tool_result"]
    stopped = "".join(block.get("text", "") for block in (results[-1] if results else {}).get("content", []))
    if elapsed > 2:
        problems.append(f"the turn ended {elapsed:.2f} s after the interrupt")
    if not results or "interrupt" not in stopped:
        problems.append(f"the call in progress ended with {stopped[:200]!r}, not stopped by the interrupt")
    return {"case": "interrupt in the middle of a call", "elapsed": elapsed, "bound": 2,
            "ended": "tool error: " + stopped[:70], "problems": problems}


def summarize(outcomes):
    rows = {}
    for outcome in outcomes:
        row = rows.setdefault(outcome["case"], [outcome["case"], 0, 0.0, outcome["bound"], outcome["ended"]])
        row[1] += 1
        row[2] = max(row[2], outcome["elapsed"])
    return [[name, turns, f"{slowest:.2f}", bound, ended] for name, turns, slowest, bound, ended in rows.values()]


class Ordinary(threading.Thread):
    """Workspace B: ordinary turns one after the other, each in a new session; their latencies."""

    def __init__(self, api):
        super().__init__(name="workspace-b", daemon=True)
        self.api = api
        self.environment_id, self.agent_id, self.store_id = harness.session_fixture(api, slug="ordinary")
        self.session_id = harness.new_session(api, self.environment_id, self.agent_id, self.store_id)
        self.latencies = []
        self.failures = 0
        self.count = 0
        self.stopping = threading.Event()

    def turn(self):
        self.count += 1
        steps = [{"tool": "write", "input": {"file_path": f"/mnt/memory/ordinary/n{self.count % 20}.md",
                                              "content": f"note {self.count}"}}, {"say": "noted"}]
        started = time.monotonic()
        turn = self.api.call("POST", f"/v1/sessions/{self.session_id}/turns",
                             {"input": [{"role": "user", "content": harness.offline_script_message(steps)}]})
        elapsed = time.monotonic() - started
        if turn["status"] != "completed":
            self.failures += 1
        return elapsed

    def turns(self, count):
        return [self.turn() for _ in range(count)]

    def run(self):
        while not self.stopping.is_set():
            self.latencies.append(self.turn())

    def stop(self):
        self.stopping.set()
        self.join(120)


class Watch(threading.Thread):
    """Samples the turn workers every second and memstore's transactions in pg_stat_activity every 0.2 s."""

    def __init__(self, database, admin):
        super().__init__(name="watch", daemon=True)
        self.database, self.admin = database, admin
        self.workers = []
        self.samples = 0
        self.oldest_transaction = 0.0
        self.longest_lock_wait = 0.0
        self.stopping = threading.Event()

    def run(self):
        next_workers = 0.0
        while not self.stopping.is_set():
            now = time.monotonic()
            if now >= next_workers:
                self.workers.append(self.admin.call("GET", "/_memstore/turn_workers"))
                next_workers = now + 1.0
            row = self.database.psql(
                "select coalesce(max(extract(epoch from now() - xact_start)), 0), "
                "coalesce(max(extract(epoch from now() - state_change)) filter (where wait_event_type = 'Lock'), 0) "
                "from pg_stat_activity where datname = 'memstore' and pid <> pg_backend_pid() "
                "and xact_start is not null")
            oldest, lock_wait = (float(value) for value in row.split("|"))
            self.oldest_transaction = max(self.oldest_transaction, oldest)
            self.longest_lock_wait = max(self.longest_lock_wait, lock_wait)
            self.samples += 1
            time.sleep(0.2)

    def stop(self):
        self.stopping.set()
        self.join(30)
        self.workers.append(self.admin.call("GET", "/_memstore/turn_workers"))

