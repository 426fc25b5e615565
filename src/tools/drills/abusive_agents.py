#!/usr/bin/env python3
"""Drill D8: abusive agents; no tool call or turn can stop the server, or another tenant's turns.

memstore runs the packaged jar on an external PostgreSQL (a throw-away cluster of the machine's PostgreSQL, so that
its transactions can be watched in pg_stat_activity), with 4 turn workers, a workspace share of 2 and small budgets
so that the drill takes minutes: 2 s per tool call and, per turn, 10 s of tool time, 50 tool calls and 2 MB of
recorded output; a turn that crashes or stalls its worker twice is ended.

Workspace A (the bootstrap key) sends abusive offline-agent scripts, --parallel sessions at once, --rounds times:
every input that once killed, filled or stalled a turn worker (a regex that recursed per character, nested braces,
printf widths of 2 billion, globs with many stars over a long name, through the glob tool, the grep tool's glob,
find -name and -path, ls and grep --include; nested repetitions, an edit that would grow past 100 KB), variants
(echo of nested braces, tail -c and huge counts, a catastrophic -P pattern, 200,000 printf arguments of 1 MB each,
a wildcard whose matches multiply through `..`), then turns that use up each budget of a turn (calls that each run
out of time, more calls than allowed, 1,000 cats of 100 KB), and a turn interrupted in the middle of a long call.
Workspace B (a second workspace, made through the operator API) runs ordinary turns (a script that writes a memory
and answers) one after the other: on the idle server (after 400 turns that warm the JVM up: after only 40 its p50 was
still about twice the warm figure, which made the 2x criterion below lax), then all through the abuse, then on the
idle server again (shown, to judge the baseline and the noise of the machine). Meanwhile the drill samples
GET /_memstore/turn_workers every second and, every 0.2 s, the transactions of memstore's connections in
pg_stat_activity.

Each abusive turn is timed from its message to session.status_idle (POST /v1/sessions/{id}/turns), and its run from
session.status_running to session.status_idle by the events' own times; the difference is the time it queued for a
worker (workspace A may hold only its share of them) and the round trip. A turn that has not ended
QUEUE_ALLOWANCE_S + its bound + HANG_SLACK_S after its message is interrupted and reported, so a regression stalls
the drill no longer than that.

Passes when:
- every abusive turn ends as its case expects (a tool error naming the bound and end_turn, an answer, or
  session.error tool_use_limit_reached_error with retries_exhausted) and runs within its bound: the call limit plus
  3 s for a call, the turn's tool time plus 5 s for a budget; an interrupt ends its turn within 1 s, end_turn;
- no worker is lost: alive == configured in every sample, replaced == 0 at the end;
- no memstore transaction is older than 2 s in any sample, and no connection waits on a lock for longer;
- workspace B's turn p50 under abuse is at most 2x its p50 on the idle server, and all its turns complete;
- a normal turn in workspace A completes right after the abuse; memstore logged no ERROR and no StackOverflowError
  or OutOfMemoryError at any level, and exits cleanly on SIGTERM.

Prints a table of the cases and the figures, then PASS (exit 0) or FAIL with the reasons (exit 1). Builds the jar if
it is missing. Python standard library only.

    python3 src/tools abusive-agents [--parallel 6] [--rounds 2] [--keep]
"""
import argparse
import datetime
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness
from drills import support

WORKERS = 4
WORKSPACE_SHARE = 2
CALL_LIMIT_S = 2
TURN_TOOL_TIME_S = 10
TURN_TOOL_CALLS = 50
SETTINGS = [f"--memstore.runtime.workers={WORKERS}", f"--memstore.runtime.workspace-share={WORKSPACE_SHARE}",
            "--memstore.runtime.max-crashes=2", f"--memstore.runtime.tool-call-timeout={CALL_LIMIT_S}s",
            f"--memstore.runtime.turn-tool-time={TURN_TOOL_TIME_S}s",
            f"--memstore.runtime.turn-tool-calls={TURN_TOOL_CALLS}", "--memstore.runtime.turn-tool-output=2MB"]
CALL_BOUND_S = CALL_LIMIT_S + 3  # a turn of one bounded call: the call's limit, and the turn around it
TURN_BOUND_S = TURN_TOOL_TIME_S + 5  # a turn that uses up a budget: its tool time, and the recording around it
INTERRUPT_BOUND_S = 1.0
QUEUE_ALLOWANCE_S = 60  # how long a turn may wait for a worker behind the others' before it counts as stalled
HANG_SLACK_S = 30
MOUNT = "/mnt/memory/abuse"
STARS = "*a*a*a*a*a*a*a*a*a*a*a*a*b"
# About 2,000 elements (the most a pattern may have) that RE2J runs over every character of a 90 KB memory:
# longer than a call may take.
SLOW_PATTERN = "(?:a?){390}b"
HUGE = 2_000_000_000
# Matches that multiply: every directory of /tree, then each of them again through .., four times (100^4 paths);
# a word may stand for at most 10,000 paths.
MULTIPLYING = f"{MOUNT}/tree/*/../*/../*/../*"
TIME_LIMIT_TEXT = f"ran longer than its limit of {CALL_LIMIT_S} s"


def bash(command):
    return {"tool": "bash", "input": {"command": command}}


def tool(name, **arguments):
    return {"tool": name, "input": arguments}


class Case:
    """One abusive script and how its turn must end: 'tool_error' (the first result is an error containing text, and
    the turn ends end_turn), 'answer' (the first result is no error and contains text), 'limit' (session.error
    tool_use_limit_reached_error whose message contains text, and retries_exhausted). bound: the most seconds the
    turn may run (status_running to status_idle)."""

    def __init__(self, name, steps, outcome, text, bound):
        self.name, self.steps, self.outcome, self.text, self.bound = name, steps, outcome, text, bound


def cases():
    call, turn = CALL_BOUND_S, TURN_BOUND_S
    return [
        # 1. Deep recursion: a regex that recursed per character, braces nested 20,000 deep.
        Case("grep tool (a|b)*c, 90,000 a", [tool("grep", pattern="(a|b)*c")], "answer", "No files found", call),
        Case("grep -E (a|b)*c", [bash(f"grep -cE '(a|b)*c' {MOUNT}/big.md || echo none")], "answer", "none", call),
        Case("grep -P (a+)+$", [bash(f"grep -cP '(a+)+$' {MOUNT}/big.md")], "answer", "1", call),
        Case("glob tool, 20,000 nested {a,", [tool("glob", pattern="{a," * 20_000)], "tool_error",
             "glob pattern too long", call),
        Case("ls, 20,000 nested {a,", [bash(f"ls {MOUNT}/" + "{a," * 20_000)], "tool_error", "glob pattern too long",
             call),
        Case("echo, 20,000 nested {a,", [bash("echo " + "{a," * 20_000)], "tool_error", "glob pattern too long",
             call),
        Case("glob, braces 40 deep", [tool("glob", pattern="{a," * 40 + "b" + "}" * 40)], "tool_error",
             "more than 32 deep", call),
        Case("grep ((a{1000}){1000}){1000}", [tool("grep", pattern="((a{1000}){1000}){1000}")], "tool_error",
             "pattern too complex", call),
        # 2. Sizes that would fill the heap.
        Case("printf %2000000000s x2 | wc -c", [bash("printf %2000000000s%2000000000s x y | wc -c")], "tool_error",
             "field width 2000000000 is larger than the sandbox allows", call),
        Case("printf %.2000000000f", [bash("printf '%.2000000000f' 1")], "tool_error",
             "precision 2000000000 is larger", call),
        Case("printf %1000000s, 200,000 args", [bash("printf %1000000s " + "a " * 200_000 + "| wc -c")],
             "tool_error", TIME_LIMIT_TEXT, call),
        Case("head -c 2000000000", [bash(f"head -c {HUGE} {MOUNT}/big.md | wc -c")], "answer", "90000", call),
        Case("tail -c 2000000000", [bash(f"tail -c {HUGE} {MOUNT}/big.md | wc -c")], "answer", "90000", call),
        Case("read offset/limit 2000000000", [tool("read", file_path=f"{MOUNT}/big.md", offset=HUGE, limit=HUGE)],
             "answer", "past its end", call),
        Case("grep tool -C/head_limit 2000000000",
             [tool("grep", pattern="a", path=MOUNT, output_mode="content", **{"-C": HUGE}, head_limit=HUGE)],
             "answer", "big.md:1:aaa", call),
        Case("edit replace_all to 9 GB", [tool("edit", file_path=f"{MOUNT}/big.md", old_string="a",
                                               new_string="b" * 100_000, replace_all=True)],
             "tool_error", "a memory may hold at most 102400 bytes", call),
        # 3. Globs that never finished: many stars over a 1,000-character name, everywhere a glob is taken.
        Case("glob tool, stars, long name", [tool("glob", pattern=f"{MOUNT}/{STARS}")], "answer", "No files found",
             call),
        Case("grep tool glob, stars", [tool("grep", pattern="x", glob=STARS)], "answer", "No files found", call),
        Case("find -name, stars", [bash(f"find {MOUNT} -name '{STARS}'; echo found")], "answer", "found", call),
        Case("find -path, stars", [bash(f"find {MOUNT} -path '{STARS}'; echo found")], "answer", "found", call),
        Case("ls wildcard, stars", [bash(f"ls {MOUNT}/{STARS}")], "tool_error", "No such file or directory", call),
        Case("grep --include, stars", [bash(f"grep -rl --include='{STARS}' x {MOUNT} || echo none")], "answer",
             "none", call),
        Case("ls */../* four times (10^8)", [bash(f"ls -d {MULTIPLYING} | wc -l")], "tool_error",
             "the wildcards stand for more than 10000 paths", call),
        # 4. and 5. Turns that use up a budget.
        Case("1,000 calls over the time limit", [tool("grep", pattern=SLOW_PATTERN, multiline=True)] * 1_000, "limit",
             "most tool time a turn may use", turn),
        # Its calls compute nothing, but they wait for their workspace's turn to compute behind the slow greps of
        # the other sessions (memstore.runtime.workspace-tool-calls), and the wait counts in the turn's tool time:
        # whichever of the two limits comes first ends it.
        Case("1,000 calls, 50 allowed", [bash("true")] * 1_000, "limit",
             (f"{TURN_TOOL_CALLS} tool calls", "most tool time a turn may use"), turn),
        Case("1,000 cat of 100 KB", [bash(f"cat {MOUNT}/k.md")] * 1_000, "limit", "bytes of output", turn),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parallel", type=int, default=6, help="abusive sessions at once (default 6)")
    parser.add_argument("--rounds", type=int, default=2, help="times each case is sent (default 2)")
    parser.add_argument("--warmup-turns", type=int, default=400,
                        help="workspace B's turns on the idle server before it is measured (the JVM warms up)")
    parser.add_argument("--idle-turns", type=int, default=40, help="workspace B's measured turns on the idle server")
    parser.add_argument("--keep", action="store_true", help="keep the database and the memstore log afterwards")
    args = parser.parse_args()

    jar = harness.packaged_jar()
    admin_key = "sk-memstore-admin-" + uuid.uuid4().hex

    def start(database):
        memstore = harness.Memstore(jar, support.drill_key(), database=database, log_dir=database.root,
                                    extra=[f"--memstore.auth.admin-key={admin_key}", *SETTINGS])
        ready = memstore.start()
        print(f"D8 abusive agents: {args.parallel} abusive sessions at once, {args.rounds} rounds of "
              f"{len(cases())} cases and an interrupt, on PostgreSQL {database.bin.parent.name}; memstore ready in "
              f"{ready:.1f} s with " + " ".join(setting.removeprefix("--memstore.runtime.") for setting in SETTINGS))
        return memstore

    verdict = support.Verdict("D8 abusive agents")
    return support.run_on_fresh_postgres(
        verdict, args.keep, start, lambda database, memstore: run(args, database, memstore, admin_key, verdict))


def run(args, database, memstore, admin_key, verdict):
    log = support.LogWatch(memstore.log)
    api = memstore.api()
    environment_id, agent_id, store_id = harness.session_fixture(api, slug="abuse")
    fixture = (environment_id, agent_id, store_id)
    memories = {"/big.md": "a" * 90_000, "/k.md": "k" * 100_000, "/" + "a" * 1_000: "x"}
    memories.update({f"/tree/d{n:03d}/x.md": "x" for n in range(100)})
    for path, content in memories.items():
        api.call("POST", f"/v1/memory_stores/{store_id}/memories", {"path": path, "content": content})

    admin = harness.Api("127.0.0.1", memstore.port, admin_key)
    other = admin.call("POST", "/_memstore/workspaces", {"name": "d8-ordinary"})
    secret = admin.call("POST", f"/_memstore/workspaces/{other['id']}/api_keys", {"name": "d8"})["secret"]
    ordinary = Ordinary(harness.Api("127.0.0.1", memstore.port, secret))
    workers = admin.call("GET", "/_memstore/turn_workers")
    print(f"turn workers at the start: {workers}")
    verdict.check(workers.get("configured") == WORKERS and workers.get("workspace_share") == WORKSPACE_SHARE,
                  f"turn workers {workers}, configured {WORKERS} with a share of {WORKSPACE_SHARE}")

    ordinary.turns(args.warmup_turns)
    idle = ordinary.turns(args.idle_turns)
    idle_p50 = support.median(idle)
    print(f"workspace B on the idle server: {len(idle)} turns after {args.warmup_turns} to warm up, "
          f"p50 {idle_p50 * 1000:.0f} ms")

    watch = Watch(database, admin)
    watch.start()
    ordinary.start()
    started = time.monotonic()
    outcomes = []
    with ThreadPoolExecutor(args.parallel) as pool:
        jobs = [pool.submit(run_case, memstore, fixture, case) for _ in range(args.rounds) for case in cases()]
        jobs.append(pool.submit(interrupt_case, memstore, fixture))
        for job in jobs:
            outcomes.append(job.result())
    abuse_seconds = time.monotonic() - started
    ordinary.stop()
    watch.stop()
    idle_after = ordinary.turns(args.idle_turns)
    after = run_case(memstore, fixture, Case("a normal turn after", [
        bash(f"echo ok > {MOUNT}/after.md && cat {MOUNT}/after.md"), {"say": "done"}], "answer", "ok", CALL_BOUND_S))
    entries, _ = log.read()

    print()
    support.table(["case", "turns", "queued s", "ran s", "to idle s", "bound s", "ended with"],
                  summarize(outcomes + [after]))
    print("(the interrupt's \"to idle\" counts from the interrupt; bounds apply to \"ran\", and to the interrupt's "
          "\"to idle\")")
    busy = ordinary.latencies
    busy_p50 = support.median(busy)
    print(f"\nabuse: {len(outcomes)} turns in {abuse_seconds:.1f} s; workspace B meanwhile: {len(busy)} turns, "
          f"p50 {busy_p50 * 1000:.0f} ms ({busy_p50 / idle_p50:.2f}x its idle p50), {ordinary.failures} failed; "
          f"on the idle server again afterwards p50 {support.median(idle_after) * 1000:.0f} ms")
    samples = watch.workers
    if samples:
        print(f"turn workers: {len(samples)} samples, alive {min(w['alive'] for w in samples)}-"
              f"{max(w['alive'] for w in samples)} of {samples[-1]['configured']}, busy up to "
              f"{max(w['busy'] for w in samples)}, replaced {samples[-1]['replaced']}, workspace share "
              f"{samples[-1]['workspace_share']}")
    print(f"pg_stat_activity: {watch.samples} samples, oldest memstore transaction {watch.oldest_transaction:.2f} s, "
          f"longest lock wait {watch.longest_lock_wait:.2f} s ({watch.lock_samples} samples with a lock wait"
          + (f"; the longest: {watch.longest_lock_waiter}" if watch.longest_lock_waiter else "") + ")")
    fatal = [entry for entry in entries
             if any(name in line for line in [entry.line, *entry.more]
                    for name in ("StackOverflowError", "OutOfMemoryError"))]
    print(f"memstore log: {len(support.at_level(entries, 'WARN'))} WARN, {len(support.at_level(entries, 'ERROR'))} "
          f"ERROR, {len(fatal)} naming StackOverflowError or OutOfMemoryError; load average "
          f"{Path('/proc/loadavg').read_text().split()[0]}")

    for outcome in outcomes + [after]:
        for problem in outcome["problems"]:
            verdict.fail(f"{outcome['case']}: {problem}")
    verdict.check(samples and all(w["alive"] == w["configured"] == WORKERS for w in samples),
                  f"a sample of the turn workers had fewer than {WORKERS} alive (or none was taken)")
    verdict.check(samples and samples[-1]["replaced"] == 0,
                  f"{samples[-1]['replaced'] if samples else '?'} workers were replaced")
    for problem in watch.problems[:5]:
        verdict.fail(f"watching: {problem}")
    verdict.check(watch.oldest_transaction <= 2.0,
                  f"a memstore transaction was open for {watch.oldest_transaction:.2f} s")
    verdict.check(watch.longest_lock_wait <= 2.0, f"a memstore connection waited {watch.longest_lock_wait:.2f} s "
                                                  "on a lock")
    verdict.check(ordinary.failures == 0, f"{ordinary.failures} of workspace B's turns did not complete: "
                                          f"{ordinary.problems[:3]}")
    verdict.check(busy and busy_p50 <= 2 * idle_p50,
                  f"workspace B's p50 under abuse {busy_p50 * 1000:.0f} ms is more than 2x its idle "
                  f"{idle_p50 * 1000:.0f} ms")
    for entry in (support.at_level(entries, "ERROR") + [e for e in fatal if e.level != "ERROR"])[:5]:
        verdict.fail(f"memstore logged: {entry.line[:300]}")


def run_case(memstore, fixture, case):
    """Sends one case's script in a new session and waits for its turn; whatever goes wrong is the case's problem."""
    try:
        return run_turn(memstore, fixture, case)
    except Exception as ex:  # the drill goes on with the other cases and reports this one
        return {"case": case.name, "queued": None, "ran": None, "to_idle": None, "bound": case.bound,
                "ended": f"drill error {type(ex).__name__}", "problems": [f"{type(ex).__name__}: {ex}"]}


def run_turn(memstore, fixture, case):
    deadline = QUEUE_ALLOWANCE_S + case.bound + HANG_SLACK_S
    api = memstore.api(timeout=deadline)
    session_id = harness.new_session(api, *fixture)
    problems = []
    sent = time.monotonic()
    try:
        api.call("POST", f"/v1/sessions/{session_id}/turns",
                 {"input": [{"role": "user", "content": harness.offline_script_message(case.steps)}]})
    except TimeoutError:
        api.close()
        stopped = interrupt(memstore, session_id)
        problems.append(f"no session.status_idle {deadline} s after the message; interrupted, "
                        + ("then it ended" if stopped else "and it still did not end"))
    to_idle = time.monotonic() - sent
    api = memstore.api()
    events = support.list_all(api, f"/v1/sessions/{session_id}/events")
    api.close()
    ran = run_time(events)
    queued = (to_idle - ran) if ran is not None else None
    results = [event for event in events if event["type"] == "agent.tool_result"]
    errors = [event["error"] for event in events if event["type"] == "session.error"]
    idle = [event for event in events if event["type"] == "session.status_idle"]
    stop = idle[-1]["stop_reason"]["type"] if idle else None
    first = results[0] if results else None
    first_text = "".join(block.get("text", "") for block in (first or {}).get("content", []))
    if ran is None:
        problems.append("no session.status_running and session.status_idle")
    elif ran > case.bound:
        problems.append(f"ran {ran:.1f} s, more than {case.bound} s")
    if case.outcome == "limit":
        last = errors[-1] if errors else None
        ended = f"{last['type']}: {last.get('message', '')[:70]}" if last else "no session.error"
        texts = case.text if isinstance(case.text, tuple) else (case.text,)
        if (last is None or last["type"] != "tool_use_limit_reached_error"
                or not any(text in last.get("message", "") for text in texts)):
            problems.append(f"ended with {last or 'no session.error'}, not a limit naming '{case.text}'")
        if stop != "retries_exhausted" or (last or {}).get("retry_status", {}).get("type") != "exhausted":
            problems.append(f"stop reason {stop}, not retries_exhausted after an exhausted error")
    else:
        ended = ("tool error: " if first and first.get("is_error") else "answer: ") + first_text[:70]
        if first is None or first.get("is_error") != (case.outcome == "tool_error") or case.text not in first_text:
            problems.append(f"first result {first_text[:200]!r} (is_error {first and first.get('is_error')}), "
                            f"expected a{'n error' if case.outcome == 'tool_error' else 'n answer'} with "
                            f"'{case.text}'")
        if stop != "end_turn" or errors:
            problems.append(f"stop reason {stop}, errors {errors}")
    return {"case": case.name, "queued": queued, "ran": ran, "to_idle": to_idle, "bound": case.bound,
            "ended": " ".join(ended.split()), "problems": problems}


def run_time(events):
    """Seconds the last turn ran, by the events' own times: from its first session.status_running (recorded when a
    worker takes the message up, as is the message's processed_at) to its last session.status_idle; None if one of
    them is missing."""
    messages = [n for n, event in enumerate(events) if event["type"] == "user.message"]
    turn = events[messages[-1]:] if messages else []
    running = [event for event in turn if event["type"] == "session.status_running"]
    idle = [event for event in turn if event["type"] == "session.status_idle"]
    return (instant(idle[-1]) - instant(running[0])) if running and idle else None


def instant(event):
    text = event["processed_at"].replace("Z", "+00:00")
    whole, _, fraction = text.partition(".")
    if fraction:
        digits = fraction[:fraction.index("+")] if "+" in fraction else fraction
        text = f"{whole}.{digits[:6].ljust(6, '0')}+00:00"
    return datetime.datetime.fromisoformat(text).timestamp()


def interrupt(memstore, session_id, wait=5.0):
    """Sends user.interrupt and waits up to wait seconds for the session to be idle; whether it became idle."""
    api = memstore.api(timeout=10)
    try:
        api.call("POST", f"/v1/sessions/{session_id}/events", {"events": [{"type": "user.interrupt"}]})
        return wait_idle(api, session_id, wait) is not None
    finally:
        api.close()


def wait_idle(api, session_id, wait):
    """Polls the session until it is idle; the seconds that took, or None if it was not idle within wait."""
    started = time.monotonic()
    while time.monotonic() - started < wait:
        if api.call("GET", f"/v1/sessions/{session_id}")["status"] == "idle":
            return time.monotonic() - started
        time.sleep(0.02)
    return None


def interrupt_case(memstore, fixture):
    """A turn of long calls, interrupted in the middle of one: it must end within a second, its call stopped."""
    name = "interrupt in the middle of a call"
    try:
        api = memstore.api(timeout=30)
        session_id = harness.new_session(api, *fixture)
        steps = [tool("grep", pattern=SLOW_PATTERN, multiline=True)] * 3
        api.call("POST", f"/v1/sessions/{session_id}/events", {"events": [
            {"type": "user.message", "content": [{"type": "text", "text": harness.offline_script_message(steps)}]}]})
        # A worker took the turn up when session.status_running is recorded; agent.tool_use is recorded only with
        # its result, after the call. The first call then runs for 2 s: half a second later it is in the middle.
        deadline = time.monotonic() + QUEUE_ALLOWANCE_S
        while time.monotonic() < deadline:
            events = support.list_all(api, f"/v1/sessions/{session_id}/events")
            if any(event["type"] == "session.status_running" for event in events):
                break
            time.sleep(0.05)
        time.sleep(0.5)
        sent = time.monotonic()
        api.call("POST", f"/v1/sessions/{session_id}/events", {"events": [{"type": "user.interrupt"}]})
        # from before the interrupt was sent, its round trip included
        ended = (time.monotonic() - sent) if wait_idle(api, session_id, HANG_SLACK_S) is not None else None
        events = support.list_all(api, f"/v1/sessions/{session_id}/events")
        api.close()
    except Exception as ex:  # reported as this case's failure
        return {"case": name, "queued": None, "ran": None, "to_idle": None, "bound": INTERRUPT_BOUND_S,
                "ended": f"drill error {type(ex).__name__}", "problems": [f"{type(ex).__name__}: {ex}"]}
    problems = []
    results = [event for event in events if event["type"] == "agent.tool_result"]
    idle = [event for event in events if event["type"] == "session.status_idle"]
    stopped = "".join(block.get("text", "") for block in (results[-1] if results else {}).get("content", []))
    ran = run_time(events)
    if ended is None or ended > INTERRUPT_BOUND_S:
        problems.append(f"the turn was not idle within {INTERRUPT_BOUND_S} s of the interrupt "
                        f"({'not within ' + str(HANG_SLACK_S) if ended is None else f'{ended:.2f}'} s)")
    if len(results) != 1 or "interrupt" not in stopped:
        problems.append(f"{len(results)} results, the last {stopped[:200]!r}: not the first call stopped by the "
                        "interrupt")
    if not idle or idle[-1]["stop_reason"]["type"] != "end_turn":
        problems.append(f"stop reason {idle[-1]['stop_reason'] if idle else None}, not end_turn")
    return {"case": name, "queued": None, "ran": ran, "to_idle": ended, "bound": INTERRUPT_BOUND_S,
            "ended": "tool error: " + " ".join(stopped[:70].split()), "problems": problems}


def summarize(outcomes):
    """One row per case: turns, the longest wait, run and time to idle of its turns, its bound, how the first ended
    (or the first that failed)."""
    rows = {}
    for outcome in outcomes:
        row = rows.setdefault(outcome["case"], {"turns": 0, "queued": [], "ran": [], "to_idle": [],
                                                "bound": outcome["bound"], "ended": outcome["ended"], "failed": 0})
        row["turns"] += 1
        for key in ("queued", "ran", "to_idle"):
            if outcome[key] is not None:
                row[key].append(outcome[key])
        if outcome["problems"]:
            row["failed"] += 1
            if row["failed"] == 1:
                row["ended"] = "FAILED: " + outcome["ended"]

    def longest(values):
        return f"{max(values):.2f}" if values else "-"

    return [[name, row["turns"], longest(row["queued"]), longest(row["ran"]), longest(row["to_idle"]), row["bound"],
             row["ended"]] for name, row in rows.items()]


class Ordinary(threading.Thread):
    """Workspace B: ordinary turns one after the other in one session; their latencies."""

    def __init__(self, api):
        super().__init__(name="workspace-b", daemon=True)
        self.api = api
        self.environment_id, self.agent_id, self.store_id = harness.session_fixture(api, slug="ordinary")
        self.session_id = harness.new_session(api, self.environment_id, self.agent_id, self.store_id)
        self.latencies = []
        self.failures = 0
        self.problems = []
        self.count = 0
        self.stopping = threading.Event()

    def turn(self):
        self.count += 1
        steps = [{"tool": "write", "input": {"file_path": f"/mnt/memory/ordinary/n{self.count % 20}.md",
                                              "content": f"note {self.count}"}}, {"say": "noted"}]
        started = time.monotonic()
        try:
            turn = self.api.call("POST", f"/v1/sessions/{self.session_id}/turns",
                                 {"input": [{"role": "user", "content": harness.offline_script_message(steps)}]})
            status = turn["status"]
        except Exception as ex:  # counted as a failed turn
            self.api.close()
            status = f"{type(ex).__name__}: {ex}"
        elapsed = time.monotonic() - started
        if status != "completed":
            self.failures += 1
            self.problems.append(status)
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
        self.problems = []
        self.samples = 0
        self.lock_samples = 0
        self.oldest_transaction = 0.0
        self.longest_lock_wait = 0.0
        self.longest_lock_waiter = ""
        self.stopping = threading.Event()

    def run(self):
        next_workers = 0.0
        while not self.stopping.is_set():
            try:
                now = time.monotonic()
                if now >= next_workers:
                    self.workers.append(self.admin.call("GET", "/_memstore/turn_workers"))
                    next_workers = now + 1.0
                self.sample_transactions()
            except Exception as ex:  # a failed sample is reported, and sampling goes on
                self.admin.close()
                self.problems.append(f"{type(ex).__name__}: {ex}")
            time.sleep(0.2)

    def sample_transactions(self):
        row = self.database.psql(
            "select coalesce(max(extract(epoch from now() - xact_start)), 0), "
            "coalesce(max(extract(epoch from now() - state_change)) filter (where wait_event_type = 'Lock'), 0), "
            "coalesce(string_agg(wait_event || ': ' || regexp_replace(left(query, 100), '\\s+', ' ', 'g'), ' / ') "
            "filter (where wait_event_type = 'Lock'), '') "
            "from pg_stat_activity where datname = 'memstore' and pid <> pg_backend_pid() "
            "and xact_start is not null")
        oldest, lock_wait, waiting = row.split("|", 2)
        self.oldest_transaction = max(self.oldest_transaction, float(oldest))
        if waiting:
            self.lock_samples += 1
            # (a wait that began after this sample's transaction started shows a slightly negative age)
            if not self.longest_lock_waiter or float(lock_wait) > self.longest_lock_wait:
                self.longest_lock_wait, self.longest_lock_waiter = max(0.0, float(lock_wait)), waiting
        self.samples += 1

    def stop(self):
        self.stopping.set()
        self.join(30)
        try:
            self.workers.append(self.admin.call("GET", "/_memstore/turn_workers"))
        except Exception as ex:  # reported with the others
            self.problems.append(f"the last sample of the turn workers: {type(ex).__name__}: {ex}")
