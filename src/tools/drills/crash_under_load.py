#!/usr/bin/env python3
"""Drill D2: kill -9 of memstore during a 16-client write load, then restart, several times.

memstore runs the packaged jar on its embedded PostgreSQL (a durable data directory, not ephemeral). 16 clients, spread
over a few stores, create memories and update them with content-hash preconditions; a ledger records every write
acknowledged with 200 (memory id, path, content sha256, memory_version_id) and every write still in flight. After a
few seconds of load the JVM is killed with SIGKILL (on alternate cycles its PostgreSQL too, as if the machine had
lost power to both), memstore is started again on the same data directory, and the ledger is checked through the API:

- every acknowledged write is a version of its memory, in order, retrievable by id with its sha256;
- each memory's content is its last acknowledged write, or a later write that was in flight at the kill;
- every version is a write the load sent (an in-flight write may or may not have landed), every memory's head version
  is retrievable (no memory without a version), and its history is created, then modified only;
- the embedded database recovered by itself: the PostgreSQL the killed JVM left running was stopped by the restart.

Then the load resumes on the same memories and the next cycle kills again. Prints figures per cycle and PASS (exit 0)
or FAIL with the reasons (exit 1). Builds the jar if it is missing. Python standard library only.

    python3 src/tools crash-under-load [--cycles 3] [--clients 16] [--stores 4] [--load-seconds 5]
"""
import argparse
import os
import random
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path

import harness
from drills import support


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=3, help="kill and restart this many times (default 3)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--stores", type=int, default=4)
    parser.add_argument("--load-seconds", type=float, default=5.0,
                        help="load before each kill; each cycle adds up to 2 s at random (default 5)")
    parser.add_argument("--kill-postgres", choices=("never", "alternate", "always"), default="alternate",
                        help="also SIGKILL the embedded PostgreSQL: never, on even cycles (default), or always")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and log afterwards")
    args = parser.parse_args()

    verdict = support.Verdict("D2 crash under load")
    jar = harness.packaged_jar()
    work = Path(tempfile.mkdtemp(prefix="memstore-d2-"))
    data_dir = work / "data"
    cluster = data_dir / "pgdata"
    key = support.drill_key()
    memstore = harness.Memstore(jar, key, log_dir=work, extra=[f"--memstore.embedded-db.data-dir={data_dir}"])
    print(f"D2 crash under load: {args.clients} clients, {args.stores} stores, {args.cycles} kill cycles, "
          f"embedded PostgreSQL in {data_dir}")
    rows = []
    try:
        first_start = memstore.start()
        print(f"first start: ready in {first_start:.1f} s")
        api = memstore.api()
        store_ids = [api.call("POST", "/v1/memory_stores", {"name": f"d2-{n}"})["id"] for n in range(args.stores)]
        api.close()
        ledger = support.Ledger()
        owned = {}
        for cycle in range(1, args.cycles + 1):
            row = run_cycle(cycle, args, memstore, cluster, store_ids, ledger, owned, verdict)
            owned = row.pop("owned")
            rows.append(row)
            if verdict.failures and row["lost"]:
                break
        support.table(["cycle", "acked", "acked total", "in flight at kill", "landed", "not landed",
                       "postgres killed", "orphan stopped", "WAL recovery", "db ready s", "restart s", "memories",
                       "versions", "lost"],
                      [[r["cycle"], r["acked"], r["acked_total"], r["in_flight"], r["landed"], r["not_landed"],
                        r["postgres_killed"], r["orphan_stopped"], r["wal_recovery"],
                        "?" if r["database_ready"] is None else f"{r['database_ready']:.1f}", f"{r['restart']:.1f}",
                        r["memories"], r["versions"], r["lost"]] for r in rows])
        print("(restart s: from starting the JVM to readiness UP; db ready s: the embedded PostgreSQL's start within it, "
              "including stopping the one left running and WAL recovery, as memstore logs it)")
        if rows:
            print(f"\nacknowledged writes: {rows[-1]['acked_total']}, in flight at the kills: "
                  f"{sum(r['in_flight'] for r in rows)} ({sum(r['landed'] for r in rows)} landed), "
                  f"restart to ready: max {max(r['restart'] for r in rows):.1f} s, "
                  f"lost writes: {sum(r['lost'] for r in rows)}")

        postgres = support.postmaster_pid(cluster)
        memstore.stop()
        stopped = postgres is None or wait_for_exit(postgres, 30)
        verdict.check(stopped, f"PostgreSQL (pid {postgres}) still runs after memstore stopped normally")
        verdict.check(not (cluster / "postmaster.pid").exists(), "postmaster.pid is left after a normal stop")
    except Exception as ex:  # a drill reports whatever went wrong rather than dying with a trace only
        verdict.fail(f"{type(ex).__name__}: {ex}")
        raise
    finally:
        memstore.stop()
        support.stop_leftover_postgres(cluster)
        code = verdict.finish()
        if args.keep or code:
            print(f"data directory and memstore log kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return code


def run_cycle(cycle, args, memstore, cluster, store_ids, ledger, owned, verdict):
    mark = ledger.mark()
    requests = support.RequestLog()
    stop = threading.Event()
    writers = []
    for index in range(args.clients):
        writer = support.Writer(index, memstore.api(), store_ids[index % len(store_ids)], ledger, requests, stop,
                                stop_on_disconnect=True)
        writer.adopt(owned)
        writers.append(writer)
    for writer in writers:
        writer.start()
    time.sleep(args.load_seconds + random.uniform(0, 2))

    postgres = support.postmaster_pid(cluster)
    kill_postgres = args.kill_postgres == "always" or (args.kill_postgres == "alternate" and cycle % 2 == 0)
    memstore.kill()
    orphan_alive = postgres is not None and support.pid_alive(postgres)
    if kill_postgres and orphan_alive:
        # The machine's power went: the database gets no chance to shut down either.
        os.kill(postgres, 9)
        wait_for_exit(postgres, 30)
    for writer in writers:
        writer.join(120)
        verdict.check(not writer.is_alive(), f"cycle {cycle}: {writer.name} did not stop after the kill")
        writer.api.close()
    stop.set()
    ledger.abandon_in_flight()
    in_flight = ledger.in_flight(mark)
    acked = ledger.count("acknowledged", mark)
    for writer in writers:
        for problem in writer.unexpected[:5]:
            verdict.fail(f"cycle {cycle}: {writer.name}: {problem}")
    verdict.check(acked > 0, f"cycle {cycle}: no write was acknowledged before the kill")
    if not kill_postgres:
        verdict.check(orphan_alive, f"cycle {cycle}: the embedded PostgreSQL did not outlive the killed JVM "
                                    "(expected an orphan for the restart to clear)")

    log = support.LogWatch(memstore.log)
    restart = memstore.start(timeout=300)
    _, started = log.read()
    database_ready = re.search(r"Embedded PostgreSQL ready on \S+ with its data in \S+ \((\d+) ms\)", started)
    wal_recovery = "automatic recovery in progress" in started
    orphan_stopped = "-"
    if orphan_alive and not kill_postgres:
        orphan_stopped = "yes" if not support.pid_alive(postgres) else "NO"
        verdict.check(orphan_stopped == "yes", f"cycle {cycle}: the orphaned PostgreSQL {postgres} still runs "
                                               "after the restart")
    check = support.check_ledger(memstore.api, ledger, store_ids)
    checked, _ = log.read()
    for entry in support.at_level(support.parse_log(started) + checked, "ERROR")[:5]:
        verdict.fail(f"cycle {cycle}: memstore logged an error: {entry.line[:300]}")
    for problem in check.problems[:20]:
        verdict.fail(f"cycle {cycle}: {problem}")
    verdict.check(check.lost == 0, f"cycle {cycle}: {check.lost} acknowledged writes lost")
    return {"cycle": cycle, "acked": acked, "acked_total": check.acknowledged, "in_flight": in_flight,
            "landed": check.unknown_landed, "not_landed": check.unknown_not_landed,
            "postgres_killed": "yes" if kill_postgres else "no", "orphan_stopped": orphan_stopped,
            "restart": restart, "database_ready": int(database_ready.group(1)) / 1000 if database_ready else None,
            "wal_recovery": "yes" if wal_recovery else "no", "memories": check.memories, "versions": check.versions,
            "lost": check.lost,
            "owned": check.owned}


def wait_for_exit(pid, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not support.pid_alive(pid):
            return True
        time.sleep(0.05)
    return not support.pid_alive(pid)

