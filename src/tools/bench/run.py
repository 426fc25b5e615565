#!/usr/bin/env python3
"""memstore's benchmarks, in one command: B1 writes, B2 reads, B3 growth, B4 sessions, B5 footprint, B6 dreams, B7
self-hosted round trips.

Starts a throw-away PostgreSQL cluster (the machine's own PostgreSQL, fsync on) and memstore's packaged jar on it,
then runs each scenario. Every HTTP figure is compared, in the same run, with pgbench executing the very statements
memstore issues for that operation (captured from PostgreSQL's statement log, see sql_capture.py) on the same
database, with the same concurrency and data; reads are also compared with the framework floor, a static JSON body
of the same size served by the same JVM. Load comes from wrk (closed loop: each client sends its next request when
the previous one is answered). Each figure is the median of --repeats runs after a warm-up.

    python3 src/tools bench                 # everything, about 20 minutes
    python3 src/tools bench --only B1,B2    # some scenarios
    python3 src/tools bench --quick         # short runs, to try the command
    python3 src/tools bench --only B2 --jfr # and a JFR profile (jfr view hot-methods target/bench/memstore.jfr)

Installs wrk, pgbench and PostgreSQL from Debian's packages when missing (as root), and builds the jar when there
is none; B7 installs Node from Debian's packages and the TypeScript SDK from npm into target/bench/node. Prints a table per scenario and writes every figure to target/bench/results.json.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import platform
import re
import selectors
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import harness
from bench import sql_capture

HERE = Path(__file__).resolve().parent
OUT = harness.REPO / "target" / "bench"
KEY = "bench-key"
ADMIN_KEY = "bench-admin-key"
KB = "m" * 1024


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    postgres = subprocess.run([str(harness.postgres_bin_dir() / "postgres"), "--version"], capture_output=True,
                              text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory, "kernel": platform.release(), "java": java,
            "postgres": postgres}


# ---------------------------------------------------------------------------------------------------- load runners

def wrk(memstore, path, script, clients, seconds, *arguments):
    """One closed-loop wrk run: one connection per client, one thread per connection (so a thread's requests are
    strictly one after another, which update.lua relies on)."""
    command = ["wrk", "-t", str(clients), "-c", str(clients), "-d", f"{seconds}s", "--timeout", "30s",
               "-s", str(HERE / "wrk" / script), f"http://127.0.0.1:{memstore.port}{path}", "--", *arguments]
    cpu_before = memstore.cpu_seconds()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    cpu = memstore.cpu_seconds() - cpu_before
    figures = json.loads(output.strip().splitlines()[-1])
    if figures["non_2xx"] or figures["socket_errors"]:
        raise RuntimeError(f"wrk {script} {path}: {figures}")
    return {"rps": figures["requests"] / (figures["duration_us"] / 1e6), "p50_ms": figures["p50_us"] / 1000,
            "p99_ms": figures["p99_us"] / 1000, "jvm_cpu_ms": 1000 * cpu / max(1, figures["requests"])}


def pgbench(postgres, script, clients, seconds, defines=()):
    """One pgbench run of a script, per-transaction latencies from its log."""
    with tempfile.TemporaryDirectory(prefix="pgbench-") as work:
        work = Path(work)
        (work / "script.sql").write_text(script.text(["\\set n random(1, 1000000000000)"]))
        command = ["pgbench", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "-n", "-M", "prepared",
                   "-c", str(clients), "-j", str(min(clients, os.cpu_count() or 1)), "-T", str(seconds),
                   "-f", str(work / "script.sql"), "-l", "--log-prefix", str(work / "tx"), *script.defines(),
                   *defines, "memstore"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=work)
        if result.returncode != 0 or "failed transactions: 0 " not in result.stdout:
            raise RuntimeError(f"pgbench failed:\n{result.stdout}\n{result.stderr}\n{script.text()[:3000]}")
        latencies = [int(line.split()[2]) / 1000 for log in work.glob("tx*") for line in log.read_text().splitlines()]
        tps = float(next(line.split("=")[1].split()[0] for line in result.stdout.splitlines()
                         if line.startswith("tps")))
    return {"rps": tps, "p50_ms": harness.percentile(latencies, 0.5), "p99_ms": harness.percentile(latencies, 0.99)}


def median_of(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}





# ------------------------------------------------------------------------------------------------------ fixtures

class Bench:
    def __init__(self, args):
        self.args = args
        self.results = {"machine": machine(), "settings": {"seconds": args.seconds, "repeats": args.repeats}}
        self.postgres = None
        self.memstore = None

    def start(self):
        harness.require_packages({"wrk": "wrk", "pgbench": "postgresql-client", "psql": "postgresql-client"})
        self.jar = harness.packaged_jar(rebuild=self.args.rebuild)
        OUT.mkdir(parents=True, exist_ok=True)
        self.postgres = harness.Postgres().start()
        profile = [f"-XX:StartFlightRecording:filename={OUT / 'memstore.jfr'},settings=profile",
                   "-XX:FlightRecorderOptions:stackdepth=256"] if self.args.jfr else []
        self.memstore = harness.Memstore(self.jar, KEY, database=self.postgres, log_dir=OUT,
                                        java_options=[*harness.JAVA_OPTIONS, *profile], extra=[
            "--memstore.api.framework-floor-endpoint=true", "--memstore.limits.memories-per-store=2000000",
            # Pending dreams are polled for once a second; caught in a capture, the poll would join the pgbench side
            # of whatever request it was captured with. B6's dreams start at once on their instance without it.
            "--memstore.dreams.poll-interval=1h",
            # B7 mints an environment key through the operator API.
            f"--memstore.auth.admin-key={ADMIN_KEY}",
            *self.args.memstore_arg])
        self.ready_seconds = self.memstore.start()
        self.api = self.memstore.api()
        key = self.postgres.psql(f"select workspace_id || ' ' || id from api_keys "
                                 f"where secret_sha256 = '{hashlib.sha256(KEY.encode()).hexdigest()}'")
        self.workspace, self.key_id = key.split()

    def stop(self):
        if self.memstore:
            self.memstore.stop()
        if self.postgres:
            self.postgres.destroy()

    def new_stores(self, count, tag):
        return [self.api.call("POST", "/v1/memory_stores", {"name": f"{tag}-{i}"})["id"] for i in range(count)]

    def pgbench_stores(self, template, prefix, count):
        """Stores for pgbench's clients, copies of a memstore store named <prefix><client_id>."""
        self.postgres.psql(
            f"insert into memory_stores (id, workspace_id, name, description, metadata, created_at, updated_at) "
            f"select '{prefix}' || g, workspace_id, name, description, metadata, created_at, updated_at "
            f"from memory_stores, generate_series(0, {count - 1}) g where id = '{template}'")

    def capture(self, method, path, body=None):
        """The statements memstore issues for one request (made twice: the first warms caches up)."""
        self.api.call(method, path, body) if method == "GET" else None
        offset = sql_capture.start(self.postgres)
        response = self.api.call(method, path, body)
        statements = sql_capture.stop(self.postgres, offset)
        return response, statements

    def compare(self, name, run_memstore, run_pgbench, clients, floor=None):
        """Median figures of memstore, pgbench (and the floor), alternating runs so drift hits all alike."""
        runs = {"memstore": [], "pgbench": [], "floor": []}
        for repeat in range(self.args.repeats):
            runs["memstore"].append(run_memstore(repeat))
            runs["pgbench"].append(run_pgbench(repeat))
            if floor:
                runs["floor"].append(floor())
        row = {"scenario": name, "clients": clients, **{side: median_of(figures)
                                                         for side, figures in runs.items() if figures}}
        row["ratio_pgbench"] = row["memstore"]["rps"] / row["pgbench"]["rps"]
        if floor:
            row["ratio_floor"] = row["memstore"]["rps"] / row["floor"]["rps"]
        row["load_average"] = os.getloadavg()[0]
        print(format_row(row), flush=True)
        return row


def format_row(row):
    def side(name):
        figures = row.get(name)
        return (f"{figures['rps']:8.0f}/s {figures['p50_ms']:6.2f} {figures['p99_ms']:7.2f}" if figures
                else " " * 26)
    ratios = f"x{row['ratio_pgbench']:.2f}" + (f"  floor x{row['ratio_floor']:.2f}" if "ratio_floor" in row else "")
    cpu = f"  JVM CPU/request {row['memstore']['jvm_cpu_ms']:.2f} ms" + (
        f" (floor {row['floor']['jvm_cpu_ms']:.2f})" if "floor" in row else "")
    return (f"{row['scenario']:<34} {row['clients']:>3}  {side('memstore')} | {side('pgbench')} | {side('floor')} "
            f"{ratios}{cpu}  load {row['load_average']:.1f}")


HEADER = (f"{'scenario':<34} {'c':>3}  {'memstore  req/s  p50 ms  p99 ms':<26} | {'pgbench  tx/s  p50  p99':<26} | "
          f"{'floor  req/s  p50  p99':<26} memstore/pgbench")


# ---------------------------------------------------------------------------------------------------- scenarios

def b1_writes(bench):
    """Memory create (1 KB) and precondition update, closed loop, 1/4/16/64 clients; each client its own store."""
    print("\nB1 writes\n" + HEADER)
    rows = []
    seconds = bench.args.seconds
    [template] = bench.new_stores(1, "b1-template")
    created, create_sql = bench.capture("POST", f"/v1/memory_stores/{template}/memories",
                                        {"path": "/b1/captured/0/0.md", "content": KB})
    # The same depth as the paths wrk writes (/b1/<run>/<client>/<n>.md), so the same ancestors are checked.
    create = sql_capture.Script([
        ("/b1/captured/0/0.md", "'/b1/pgbench/' || :client_id || '/' || :n || '.md'"),
        ("/b1/captured/0", "'/b1/pgbench/' || :client_id"),
        (created["id"], "'mem_pgb_' || :client_id || '_' || :n"),
        (created["memory_version_id"], "'memver_pgb_' || :client_id || '_' || :n"),
        (template, ":store_prefix || :client_id")]).add(create_sql)
    _, update_sql = bench.capture("POST", f"/v1/memory_stores/{template}/memories/{created['id']}", {
        "content": "u" * 1024, "precondition": {"type": "content_sha256", "content_sha256": created["content_sha256"]}})
    updated = bench.api.call("GET", f"/v1/memory_stores/{template}/memories/{created['id']}")
    update = sql_capture.Script([
        (updated["memory_version_id"], "'memver_pgb_' || :client_id || '_' || :n"),
        (created["id"], ":memory_prefix || :client_id"),
        (template, ":store_prefix || :client_id")]).add(update_sql)
    (OUT / "b1_create.pgbench.sql").write_text(create.text())
    (OUT / "b1_update.pgbench.sql").write_text(update.text())
    bench.results["b1_statements"] = {"create": len(create_sql), "update": len(update_sql),
                                      "create_transactions": sql_capture.transactions(create_sql),
                                      "update_transactions": sql_capture.transactions(update_sql)}
    runs = iter(range(10 ** 6))

    def memstore_create(clients, length=seconds):
        def run(_):
            stores = OUT / "stores.txt"
            stores.write_text("\n".join(bench.new_stores(clients, "b1")) + "\n")
            return wrk(bench.memstore, "/", "create.lua", clients, length, KEY, str(stores), f"r{next(runs)}")
        return run

    def pgbench_create(clients):
        def run(_):
            prefix = f"pgb_c{next(runs)}_"
            bench.pgbench_stores(template, prefix, clients)
            return pgbench(bench.postgres, create, clients, seconds, ["-D", f"store_prefix={prefix}"])
        return run

    def memstore_update(clients, length=seconds):
        def run(_):
            lines = []
            for store in bench.new_stores(clients, "b1u"):
                memory = bench.api.call("POST", f"/v1/memory_stores/{store}/memories", {"path": "/u.md", "content": KB})
                lines.append(f"{store} {memory['id']} {memory['content_sha256']}")
            targets = OUT / "memories.txt"
            targets.write_text("\n".join(lines) + "\n")
            return wrk(bench.memstore, "/", "update.lua", clients, length, KEY, str(targets))
        return run

    def pgbench_update(clients):
        def run(_):
            run_id = next(runs)
            stores, memories = f"pgb_u{run_id}_", f"pgbmem_u{run_id}_"
            bench.pgbench_stores(template, stores, clients)
            bench.postgres.psql(
                f"insert into memories (id, memory_store_id, path, content, content_sha256, content_size_bytes, "
                f"memory_version_id, created_at, updated_at) select '{memories}' || g, '{stores}' || g, path, "
                f"content, content_sha256, content_size_bytes, memory_version_id, created_at, updated_at "
                f"from memories, generate_series(0, {clients - 1}) g where id = '{created['id']}'")
            return pgbench(bench.postgres, update, clients, seconds,
                           ["-D", f"store_prefix={stores}", "-D", f"memory_prefix={memories}"])
        return run

    # Warm-up: the JIT (which needs tens of seconds on 2 busy cores), the pool and PostgreSQL's caches.
    memstore_create(4, bench.args.warmup)(0)
    memstore_update(4, bench.args.warmup)(0)
    pgbench_create(16)(0)
    for clients in bench.args.clients:
        sampler = RssSampler(bench.memstore) if clients == 16 else None
        rows.append(bench.compare("create 1 KB", memstore_create(clients), pgbench_create(clients), clients))
        rows.append(bench.compare("update 1 KB, precondition", memstore_update(clients), pgbench_update(clients),
                                  clients))
        if sampler:
            bench.results["rss_under_b1_16_mib"] = sampler.stop()
    bench.results["b1"] = rows


class RssSampler:
    """The largest resident size of memstore while it runs, sampled every 200 ms."""

    def __init__(self, memstore):
        self.memstore, self.peak, self.running = memstore, 0.0, True
        self.thread = threading.Thread(target=self.sample, daemon=True)
        self.thread.start()

    def sample(self):
        while self.running:
            self.peak = max(self.peak, self.memstore.rss_mib())
            time.sleep(0.2)

    def stop(self):
        self.running = False
        self.thread.join()
        return self.peak


def seed_store(bench, store, memories, content_bytes=200, tag="seed"):
    """memories rows and their versions straight in SQL, as memstore writes them: /users/uNN/noteMM.md, 100 per
    directory. Used to reach sizes that would take hours through the API. The trigger that counts a store's memories
    is off while the rows go in (session_replication_role), and the count is set once afterwards."""
    bench.postgres.psql(f"""
        set session_replication_role = replica;
        insert into memories (id, memory_store_id, path, content, content_sha256, content_size_bytes,
                              memory_version_id, created_at, updated_at)
        select 'mem_{tag}_' || g, '{store}', '/users/u' || lpad((g / 100)::text, 4, '0') || '/note'
                  || lpad((g % 100)::text, 2, '0') || '.md',
               c, encode(sha256(convert_to(c, 'UTF8')), 'hex'), octet_length(c), 'memver_{tag}_' || g, now(), now()
          from generate_series(0, {memories - 1}) g, lateral (select rpad('note ' || g, {content_bytes}, '.') c) x;
        insert into memory_versions (id, memory_store_id, memory_id, operation, path, content, content_sha256,
                                     content_size_bytes, created_at, created_by_type, created_by_id)
        select memory_version_id, memory_store_id, id, 'created', path, content, content_sha256, content_size_bytes,
               created_at, 'api_actor', '{bench.key_id}'
          from memories where memory_store_id = '{store}';
        update memory_stores set memory_count = (select count(*) from memories where memory_store_id = '{store}')
         where id = '{store}';""")


def read_comparison(bench, name, path, clients_list, floor=True):
    """memstore vs pgbench (vs the floor) for one GET."""
    body = bench.api.raw("GET", path)[1]
    _, statements = bench.capture("GET", path)
    script = sql_capture.Script().add(statements)
    rows = []
    for clients in clients_list:
        floor_run = (lambda c=clients: wrk(bench.memstore, f"/bench/floor?bytes={len(body)}", "get.lua", c,
                                           bench.args.seconds, KEY)) if floor else None
        rows.append(bench.compare(name, lambda _, c=clients: wrk(bench.memstore, path, "get.lua", c,
                                                                  bench.args.seconds, KEY),
                                  lambda _, c=clients: pgbench(bench.postgres, script, c, bench.args.seconds),
                                  clients, floor_run))
        rows[-1]["body_bytes"] = len(body)
        rows[-1]["statements"] = len(statements)
        if floor and clients == 1:
            serial_limit(rows[-1])
    return rows


def serial_limit(row):
    """The most one client can get if memstore cost nothing beyond the framework and the database: one request after
    another, each taking the floor's latency plus pgbench's latency of the same statements."""
    limit = 1 / (1 / row["floor"]["rps"] + 1 / row["pgbench"]["rps"])
    row["serial_limit_rps"] = limit
    row["ratio_serial_limit"] = row["memstore"]["rps"] / limit
    print(f"{'':<34}      serial limit {limit:.0f}/s: memstore at x{row['ratio_serial_limit']:.2f} of it; "
          f"{row['statements']} statement(s) per request", flush=True)


def b2_b3_reads(bench):
    """B2: retrieve (view=full) and a depth=1 page, vs pgbench and the floor. B3: the page as the data grows."""
    small, large = bench.new_stores(2, "b3")
    seed_store(bench, small, 100, tag="s100")
    seed_store(bench, large, 10_000, tag="s10k")
    bench.postgres.psql("vacuum analyze")
    retrieve = f"/v1/memory_stores/{large}/memories/mem_s10k_4242?view=full"
    page = "/memories?depth=1&path_prefix=/users/u0042/&limit=20"
    flat = "/memories?limit=20"
    page50 = flat + "&page=" + nth_page_cursor(bench, f"/v1/memory_stores/{large}{flat}", 50)

    if "B2" in bench.only:
        print("\nB2 reads (store of 10,000 memories)\n" + HEADER)
        for warm_up in (retrieve, f"/v1/memory_stores/{large}{page}", f"/bench/floor?bytes=1400"):
            wrk(bench.memstore, warm_up, "get.lua", 4, bench.args.warmup, KEY)
        bench.results["b2"] = (read_comparison(bench, "retrieve view=full", retrieve, bench.args.read_clients)
                               + read_comparison(bench, "list depth=1 page (20)", f"/v1/memory_stores/{large}{page}",
                                                 bench.args.read_clients))
    if "B3" not in bench.only:
        return

    print("\nB3 growth (one client: latency)\n" + HEADER)
    rows = read_comparison(bench, "depth=1 page, store of 100", f"/v1/memory_stores/{small}{page.replace('0042', '0000')}",
                           [1], floor=False)
    rows += read_comparison(bench, "depth=1 page, store of 10,000", f"/v1/memory_stores/{large}{page}", [1], False)
    rows += read_comparison(bench, "page 1, store of 10,000", f"/v1/memory_stores/{large}{flat}", [1], False)
    rows += read_comparison(bench, "page 50, store of 10,000", f"/v1/memory_stores/{large}{page50}", [1], False)
    started = time.monotonic()
    others = bench.new_stores(99, "b3-bulk")
    for index, store in enumerate(others):
        seed_store(bench, store, 10_000, tag=f"bulk{index}")
    bench.postgres.psql("vacuum analyze")
    total = int(bench.postgres.psql("select count(*) from memories"))
    bench.results["b3_seed"] = {"memories": total, "seconds": time.monotonic() - started}
    print(f"(seeded the database to {total:,} memories in {time.monotonic() - started:.0f} s)")
    rows += read_comparison(bench, f"depth=1 page, 10,000 of {total // 1000:,}k",
                            f"/v1/memory_stores/{large}{page}", [1], False)
    rows += read_comparison(bench, f"page 1, 10,000 of {total // 1000:,}k", f"/v1/memory_stores/{large}{flat}",
                            [1], False)
    rows += read_comparison(bench, f"page 50, 10,000 of {total // 1000:,}k", f"/v1/memory_stores/{large}{page50}",
                            [1], False)
    bench.results["b3"] = rows


def nth_page_cursor(bench, path, n):
    cursor = None
    for _ in range(n - 1):
        page = bench.api.call("GET", path + (f"&page={cursor}" if cursor else ""))
        cursor = page["next_page"]
    return cursor


def b4_sessions(bench):
    """Offline-agent turns at 1 and 32 concurrent sessions, 1,000 subscribers of one session's stream, and one
    session's turns beside 100 sessions paused on a custom tool call (measured last, so that the paused sessions
    are not there during the other figures)."""
    api = bench.memstore.api()
    environment, agent, store = harness.session_fixture(api)
    turns = {1: (bench.args.turns, bench.args.warmup_turns), 32: (max(5, bench.args.turns // 10), 5)}
    print("\nB4 sessions (send user.message -> session.status_idle on the stream)")
    rows = []
    for sessions, (count, warmup) in turns.items():
        with concurrent.futures.ThreadPoolExecutor(sessions) as pool:
            results = list(pool.map(lambda i: session_turns(bench, environment, agent, store, i, count, warmup),
                                    range(sessions)))
        row = {"sessions": sessions, **turn_figures(results)}
        rows.append(row)
        print(f"  {sessions:>2} concurrent sessions: {row['turns']} turns, p50 {row['p50_ms']:.1f} ms, "
              f"p99 {row['p99_ms']:.1f} ms, {row['turns_per_s']:.1f} turns/s", flush=True)
    bench.results["b4_turns"] = rows
    bench.results["b4_subscribers"] = subscribers(bench, environment, agent, store, bench.args.subscribers)
    # The measured session writes to a directory of its own (the rows above wrote s0-s31), so that its writes create
    # memories, as the 1-session row's did.
    bench.results["b4_turns_beside_paused"] = turns_beside_paused(
        bench, environment, store, rows[0],
        lambda: session_turns(bench, environment, agent, store, max(turns), *turns[1]))


def turn_figures(results):
    """The latency and throughput of the turns of some sessions run side by side (session_turns' results)."""
    latencies = [value for result in results for value in result["latencies"]]
    wall = max(result["seconds"] for result in results)
    return {"turns": len(latencies), "p50_ms": harness.percentile(latencies, 0.5),
            "p99_ms": harness.percentile(latencies, 0.99), "turns_per_s": len(latencies) / wall}


LOOKUP_ORDER = {"type": "custom", "name": "lookup_order", "description": "Looks up an order",
                "input_schema": {"type": "object", "properties": {"order_id": {"type": "string"}}}}


def turns_beside_paused(bench, environment, store, alone, run_turns):
    """One fresh session's turns (run_turns, as in the 1-session row, alone) while --paused-sessions other sessions
    of the workspace wait on a custom tool call. A paused turn holds no worker thread, connection or lease, so the
    p50 should stay the 1-session p50."""
    api = bench.memstore.api()
    count = bench.args.paused_sessions
    started = time.monotonic()
    paused_agent = api.call("POST", "/v1/agents", {"name": "bench-paused-agent", "model": "memstore-offline",
                                                   "tools": [{"type": "agent_toolset_20260401"}, LOOKUP_ORDER]})["id"]
    text = harness.offline_script_message([{"tool": "lookup_order", "input": {"order_id": "A-1"}}])
    waiting = [harness.new_session(api, environment, paused_agent, store) for _ in range(count)]
    for session in waiting:
        api.call("POST", f"/v1/sessions/{session}/events",
                 {"events": [{"type": "user.message", "content": [{"type": "text", "text": text}]}]})
    while waiting:
        if time.monotonic() - started > 300:
            raise RuntimeError(f"{len(waiting)} of {count} sessions did not pause on their custom tool call")
        time.sleep(0.2)
        waiting = [session for session in waiting if not requires_action(api, session)]
    print(f"  ({count} sessions created and paused on a custom tool call in {time.monotonic() - started:.1f} s)",
          flush=True)
    row = {"paused_sessions": count, **turn_figures([run_turns()])}
    row["ratio_p50_to_1_session"] = row["p50_ms"] / alone["p50_ms"]
    print(f"   1 session beside {count} paused: {row['turns']} turns, p50 {row['p50_ms']:.1f} ms, "
          f"p99 {row['p99_ms']:.1f} ms, {row['turns_per_s']:.1f} turns/s; p50 x{row['ratio_p50_to_1_session']:.2f} "
          f"the 1-session p50", flush=True)
    return row


def requires_action(api, session):
    """Whether the session went idle waiting on the application (creating it is an idle too, an end_turn one)."""
    idles = api.call("GET", f"/v1/sessions/{session}/events?types=session.status_idle&limit=1000")["data"]
    return any(idle["stop_reason"]["type"] == "requires_action" for idle in idles)


def session_turns(bench, environment, agent, store, index, count, warmup):
    api = bench.memstore.api()
    session = harness.new_session(api, environment, agent, store)
    connection, stream = api.stream(session)
    latencies = []
    started = time.monotonic()
    for turn in range(warmup + count):
        if turn == warmup:
            started = time.monotonic()
        sent = time.perf_counter()
        text = harness.offline_script_message([
            {"tool": "write", "input": {"file_path": f"/mnt/memory/bench/s{index}/turn-{turn}.md",
                                        "content": f"turn {turn}"}}, {"say": f"wrote turn {turn}"}])
        api.call("POST", f"/v1/sessions/{session}/events",
                 {"events": [{"type": "user.message", "content": [{"type": "text", "text": text}]}]})
        for raw in stream:
            if raw.startswith(b"event: session.status_idle"):
                break
        if turn >= warmup:
            latencies.append((time.perf_counter() - sent) * 1000)
    connection.close()
    return {"latencies": latencies, "seconds": time.monotonic() - started}


def subscribers(bench, environment, agent, store, count):
    """count streams of one session, all open at once; one turn; when does each see session.status_idle?"""
    api = bench.memstore.api()
    session = harness.new_session(api, environment, agent, store)
    rss_before = bench.memstore.rss_mib()
    selector = selectors.DefaultSelector()
    request = (f"GET /v1/sessions/{session}/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: {KEY}\r\n"
               f"anthropic-beta: {harness.BETA}\r\naccept: text/event-stream\r\n\r\n").encode()
    sockets = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", bench.memstore.port))
        client.sendall(request)
        client.setblocking(False)
        selector.register(client, selectors.EVENT_READ, bytearray())
        sockets.append(client)
    # Every stream is open once its answer's headers arrived.
    pending = set(sockets)
    deadline = time.monotonic() + 60
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(1):
            key.data.extend(key.fileobj.recv(65536))
            if b"\r\n\r\n" in key.data:
                pending.discard(key.fileobj)
    if pending:
        raise RuntimeError(f"{len(pending)} of {count} streams did not open")
    time.sleep(1)
    rss_open = bench.memstore.rss_mib()
    for key in selector.get_map().values():
        key.data.clear()
    sent = time.perf_counter()
    api.call("POST", f"/v1/sessions/{session}/events", {"events": [{"type": "user.message", "content": [
        {"type": "text", "text": harness.offline_script_message([{"say": "hello, subscribers"}])}]}]})
    arrival = {}
    while len(arrival) < count and time.perf_counter() - sent < 60:
        for key, _ in selector.select(1):
            key.data.extend(key.fileobj.recv(65536))
            if key.fileobj not in arrival and b"event: session.status_idle" in key.data:
                arrival[key.fileobj] = (time.perf_counter() - sent) * 1000
    for client in sockets:
        client.close()
    latencies = list(arrival.values())
    row = {"subscribers": count, "received": len(latencies), "p50_ms": harness.percentile(latencies, 0.5),
           "p99_ms": harness.percentile(latencies, 0.99), "max_ms": max(latencies, default=float("nan")),
           "rss_before_mib": rss_before, "rss_open_mib": rss_open}
    print(f"  {count} subscribers of one session: {len(latencies)} received the turn; idle arrived p50 "
          f"{row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms, last {row['max_ms']:.1f} ms; resident memory "
          f"{rss_before:.0f} MiB before, {rss_open:.0f} MiB with the streams open", flush=True)
    return row


EMPTY_APP = HERE / "empty-boot-app"


def empty_boot_app_jar():
    """B5's baseline, built here: the smallest Spring Boot web app of memstore's Boot version."""
    jars = sorted((EMPTY_APP / "target").glob("empty-boot-app-*.jar"))
    if not jars:
        subprocess.run([str(harness.REPO / "mvnw"), "-B", "-q", "-f", str(EMPTY_APP / "pom.xml"), "-DskipTests",
                        "package"], cwd=harness.REPO, check=True)
        jars = sorted((EMPTY_APP / "target").glob("empty-boot-app-*.jar"))
    return jars[-1]


class EmptyBootApp:
    """The baseline as a process, started and probed the way harness.Memstore is."""

    def __init__(self, jar, java_options=()):
        self.jar, self.java_options = jar, list(java_options)
        self.port = harness.free_port()
        self.process = None

    def start(self, timeout=120):
        started = time.monotonic()
        self.process = subprocess.Popen(["java", *self.java_options, "-jar", str(self.jar), f"--server.port={self.port}",
                                         "--management.endpoint.health.probes.enabled=true"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        while time.monotonic() - started < timeout:
            if harness.answers(self.port, "/actuator/health/readiness"):
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError("the empty Boot app did not start")

    def rss_mib(self):
        return harness.rss_mib(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(60)


def class_data_sharing(jar, directory, java_options, *arguments):
    """The jar extracted for class data sharing and its archive, made by a training run that exits once the
    application context is refreshed (Spring Boot's documented way); returns the extracted jar and the options that
    use the archive."""
    subprocess.run(["java", "-Djarmode=tools", "-jar", str(jar), "extract", "--destination", str(directory)],
                   check=True, stdout=subprocess.DEVNULL)
    extracted = directory / jar.name
    archive = directory / "application.jsa"
    subprocess.run(["java", *java_options, f"-XX:ArchiveClassesAtExit={archive}", "-Dspring.context.exit=onRefresh", "-jar",
                    str(extracted), *arguments], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # -Xshare:on: a benchmark of an archive the JVM cannot use must fail, not measure a start without it.
    return extracted, [f"-XX:SharedArchiveFile={archive}", "-Xshare:on"]


def b5_footprint(bench):
    """Start to first answer and resident memory idle, each beside the smallest Spring Boot web app of the same Boot
    version started alternately in the same run: a restart and a first start on the embedded database, a start on an
    external one, and a restart with class data sharing (both apps extracted and trained the same way)."""
    print("\nB5 footprint (start to first answer, resident memory idle; the empty Boot app alternately)")
    empty_jar = empty_boot_app_jar()
    work = Path(tempfile.mkdtemp(prefix="memstore-b5-"))
    restart_data = work / "restart-db"
    options = harness.JAVA_OPTIONS
    try:
        cds_memstore, cds_options = class_data_sharing(bench.jar, work / "memstore-cds", options,
                                                       f"--server.port={harness.free_port()}",
                                                       f"--memstore.embedded-db.data-dir={work / 'training-db'}")
        cds_empty, cds_empty_options = class_data_sharing(empty_jar, work / "empty-cds", options,
                                                          f"--server.port={harness.free_port()}")
        first = harness.Memstore(bench.jar, KEY, extra=[f"--memstore.embedded-db.data-dir={restart_data}"],
                                 log_dir=OUT, java_options=options)
        first.start()
        first.stop()
        scenarios = [
            ("embedded, restart", bench.jar, options, lambda: [f"--memstore.embedded-db.data-dir={restart_data}"],
             empty_jar, options),
            ("embedded, first start", bench.jar, options,
             lambda: [f"--memstore.embedded-db.data-dir={tempfile.mkdtemp(dir=work)}/db"], empty_jar, options),
            ("external PostgreSQL", bench.jar, options, None, empty_jar, options),
            ("embedded, restart, CDS", cds_memstore, options + cds_options,
             lambda: [f"--memstore.embedded-db.data-dir={restart_data}"], cds_empty, options + cds_empty_options),
        ]
        rows = {}
        for name, jar, java_options, data, baseline_jar, baseline_options in scenarios:
            figures = {"ready_s": [], "rss_idle_mib": [], "empty_ready_s": [], "empty_rss_idle_mib": []}
            for _ in range(bench.args.repeats):
                database = harness.Postgres().start() if data is None else None
                try:
                    memstore = harness.Memstore(jar, KEY, database=database, extra=data() if data else [],
                                                log_dir=OUT, java_options=java_options)
                    figures["ready_s"].append(memstore.start())
                    time.sleep(5)
                    figures["rss_idle_mib"].append(memstore.rss_mib())
                    memstore.stop()
                finally:
                    if database:
                        database.destroy()
                empty = EmptyBootApp(baseline_jar, baseline_options)
                figures["empty_ready_s"].append(empty.start())
                time.sleep(5)
                figures["empty_rss_idle_mib"].append(empty.rss_mib())
                empty.stop()
            row = {key: statistics.median(values) for key, values in figures.items()}
            row["ratio_ready"] = row["ready_s"] / row["empty_ready_s"]
            row["load_average"] = os.getloadavg()[0]
            rows[name] = row
            print(f"  {name:<24} ready in {row['ready_s']:.2f} s (empty Boot app {row['empty_ready_s']:.2f} s: "
                  f"x{row['ratio_ready']:.2f}); resident {row['rss_idle_mib']:.0f} MiB idle (empty Boot app "
                  f"{row['empty_rss_idle_mib']:.0f} MiB)  load {row['load_average']:.1f}", flush=True)
        bench.results["b5"] = {"java_options": options, "scenarios": rows}
    finally:
        subprocess.run(["rm", "-rf", str(work)])


DREAMS_BETA = {"anthropic-beta": "dreaming-2026-04-21"}


def b6_dreams(bench):
    """An offline dream of a store of --dream-memories memories (a tenth of them copies of others) and one session
    with twenty requests to remember, from create to completed; beside it, as the baseline of the same run, the time
    one client takes to write that store through the API."""
    api = bench.memstore.api()
    count = bench.args.dream_memories
    print(f"\nB6 dreams (an offline dream of a {count:,}-memory store, create -> completed)")
    environment, agent, store = harness.session_fixture(api, slug="dream-bench", name="dream-bench")
    distinct = count - count // 10
    started = time.monotonic()
    for i in range(count):
        n = i if i < distinct else i - distinct
        api.call("POST", f"/v1/memory_stores/{store}/memories", {
            "path": f"/topics/t{i // 100:03d}/note{i:05d}.md",
            "content": f"# Note {n}\nWhat was learned about topic {n}: " + "detail " * 40 + "\n"})
    write_seconds = time.monotonic() - started
    session = api.call("POST", "/v1/sessions", {
        "agent": agent, "environment_id": environment,
        "resources": [{"type": "memory_store", "memory_store_id": store, "access": "read_only"}]})["id"]
    # Twenty people (letters only, so that each is taken for a name), each with a file of their own.
    messages = [f"Remember that I'm Pat{chr(ord('a') + k)} from Company {k} and I prefer channel {k}."
                for k in range(20)]
    for message in messages:
        api.call("POST", f"/v1/sessions/{session}/events",
                 {"events": [{"type": "user.message", "content": [{"type": "text", "text": message}]}]})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        events = api.call("GET", f"/v1/sessions/{session}/events?limit=1000")["data"]
        if sum(1 for event in events if event["type"] == "session.status_idle") >= len(messages):
            break
        time.sleep(0.2)
    status, payload = api.raw("POST", "/v1/dreams", {
        "inputs": [{"type": "memory_store", "memory_store_id": store},
                   {"type": "sessions", "session_ids": [session]}],
        "model": "memstore-offline"}, headers=DREAMS_BETA)
    if status != 200:
        raise harness.ApiError(status, payload)
    dream = json.loads(payload)
    started = time.monotonic()
    while dream["status"] in ("pending", "running"):
        time.sleep(0.1)
        dream = json.loads(api.raw("GET", f"/v1/dreams/{dream['id']}", headers=DREAMS_BETA)[1])
    dream_seconds = time.monotonic() - started
    events = 0
    page = api.call("GET", f"/v1/sessions/{dream['session_id']}/events?limit=1000")
    events += len(page["data"])
    row = {"memories": count, "status": dream["status"], "dream_s": dream_seconds, "write_s": write_seconds,
           "ratio_write": dream_seconds / write_seconds, "session_events": events,
           "load_average": os.getloadavg()[0]}
    print(f"  dream {dream['status']} in {dream_seconds:.1f} s ({events} session events); writing the store through "
          f"the API with 1 client took {write_seconds:.1f} s: dream/write {row['ratio_write']:.2f} "
          f"(load {row['load_average']:.1f})", flush=True)
    bench.results["b6"] = row


# The worker program of the self-hosted page, which SelfHostedWorkerIT runs too.
WORKER_PROGRAM = re.compile(r"<!-- not-run: [^>]*SelfHostedWorkerIT[^>]*-->\s*```js\n(.*?)\n```", re.S)


def b7_self_hosted(bench):
    """Self-hosted round trips: how soon a poll that waits hears of a new session, and turns of --worker-calls bash
    calls answered by the official TypeScript EnvironmentWorker, against the same turns in memstore's own sandbox,
    the baseline of the same run."""
    calls, turns = bench.args.worker_calls, bench.args.worker_turns
    print(f"\nB7 self-hosted (a turn of {calls} bash calls: send user.message -> end_turn on the stream)")
    node = OUT / "node"
    if not (node / "node_modules" / "@anthropic-ai" / "sdk" / "package.json").exists():
        harness.require_packages({"node": "nodejs", "npm": "npm"})
        node.mkdir(parents=True, exist_ok=True)
        (node / "package.json").write_text('{"private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "@anthropic-ai/sdk@1.16.0"],
                       cwd=node, check=True)
    page = (harness.REPO / "src" / "docs" / "self-hosted.md").read_text()
    (node / "worker.mjs").write_text(WORKER_PROGRAM.search(page).group(1))
    api = bench.memstore.api()
    admin = harness.Api("127.0.0.1", bench.memstore.port, ADMIN_KEY)
    agent = api.call("POST", "/v1/agents", {"name": "bench-worker-agent", "model": "memstore-offline",
                                            "tools": [{"type": "agent_toolset_20260401"}]})["id"]

    def self_hosted_environment():
        environment = api.call("POST", "/v1/environments",
                               {"name": "bench-self-hosted", "config": {"type": "self_hosted"}})["id"]
        key = admin.call("POST", f"/_memstore/workspaces/{bench.workspace}/environments/{environment}/keys", {})
        return environment, key["secret"]

    environment, key = self_hosted_environment()
    worker_api = harness.Api("127.0.0.1", bench.memstore.port, key)
    wakes = []
    for _ in range(20):
        polled = {}

        def poll():
            polled["item"] = worker_api.call("GET", f"/v1/environments/{environment}/work/poll?block_ms=999")
            polled["at"] = time.perf_counter()

        waiting = threading.Thread(target=poll)
        waiting.start()
        time.sleep(0.3)
        created = time.perf_counter()
        api.call("POST", "/v1/sessions", {"agent": agent, "environment_id": environment})
        waiting.join()
        wakes.append((polled["at"] - created) * 1000)
        worker_api.call("POST", f"/v1/environments/{environment}/work/{polled['item']['id']}/stop", {"force": True})
    print(f"  a waiting poll delivers a new session {statistics.median(wakes):.1f} ms (p50) after the create is sent, "
          f"max {max(wakes):.1f} ms")

    script = harness.offline_script_message([{"tool": "bash", "input": {"command": "echo ok"}}] * calls
                                            + [{"say": "done"}])

    def turn_times(environment_id):
        session = api.call("POST", "/v1/sessions", {"agent": agent, "environment_id": environment_id})["id"]
        connection, stream = api.stream(session)
        times = []
        for turn in range(turns + 1):
            sent = time.perf_counter()
            api.call("POST", f"/v1/sessions/{session}/events",
                     {"events": [{"type": "user.message", "content": [{"type": "text", "text": script}]}]})
            idle = False
            for raw in stream:
                if raw.startswith(b"event: "):
                    idle = raw.startswith(b"event: session.status_idle")
                elif idle and raw.startswith(b"data: ") and b'"end_turn"' in raw:
                    break
            if turn > 0:
                times.append((time.perf_counter() - sent) * 1000)
        connection.close()
        return times

    sandbox = turn_times(harness.session_fixture(api, slug="bench-b7", name="bench-b7")[0])
    environment, key = self_hosted_environment()
    env = {name: value for name, value in os.environ.items() if not name.startswith("ANTHROPIC_")}
    env.update(ANTHROPIC_BASE_URL=f"http://127.0.0.1:{bench.memstore.port}", ANTHROPIC_ENVIRONMENT_KEY=key,
               MEMSTORE_ENVIRONMENT_ID=environment)
    with open(OUT / "worker.log", "wb") as log:
        worker = subprocess.Popen(["node", str(node / "worker.mjs")], cwd=node, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    try:
        by_worker = turn_times(environment)
    finally:
        worker.terminate()
        worker.wait(30)
    ours, base = statistics.median(by_worker), statistics.median(sandbox)
    row = {"calls": calls, "turns": turns, "poll_wake_p50_ms": statistics.median(wakes), "poll_wake_max_ms": max(wakes),
           "worker_turn_p50_ms": ours, "sandbox_turn_p50_ms": base, "ratio": ours / base}
    bench.results["b7"] = row
    print(f"  memstore's sandbox: p50 {base:.0f} ms a turn ({base / calls:.1f} ms a call)")
    print(f"  the TypeScript worker: p50 {ours:.0f} ms a turn ({ours / calls:.1f} ms a call), x{ours / base:.1f} "
          f"the sandbox ({turns} turns each, after one of warm-up)")


def markdown(results):
    """The figures as the tables of src/docs/performance.md."""
    lines = []
    comparisons = [(name, results[key]) for name, key in (("B1 writes", "b1"), ("B2 reads", "b2"), ("B3 growth", "b3"))
                   if key in results]
    for name, rows in comparisons:
        lines += ["", f"| {name} | clients | memstore req/s | p50 ms | p99 ms | pgbench tx/s | p50 ms | p99 ms | "
                      f"memstore/pgbench | floor req/s | memstore/floor |", "|---|---|---|---|---|---|---|---|---|---|---|"]
        for row in rows:
            ours, theirs, floor = row["memstore"], row["pgbench"], row.get("floor")
            floor_cells = f"{floor['rps']:.0f} | {row['ratio_floor']:.2f}" if floor else " | "
            lines.append(f"| {row['scenario']} | {row['clients']} | {ours['rps']:.0f} | {ours['p50_ms']:.2f} | "
                         f"{ours['p99_ms']:.2f} | {theirs['rps']:.0f} | {theirs['p50_ms']:.2f} | {theirs['p99_ms']:.2f} | "
                         f"{row['ratio_pgbench']:.2f} | {floor_cells} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="B1,B2,B3,B4,B5,B6,B7", help="scenarios to run")
    parser.add_argument("--seconds", type=int, default=5, help="length of each measured run")
    parser.add_argument("--warmup", type=int, default=20, help="seconds of load before B1's and B2's measured runs")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--clients", default="1,4,16,64", help="B1's client counts")
    parser.add_argument("--read-clients", default="1,16", help="B2's client counts")
    parser.add_argument("--turns", type=int, default=100, help="B4 turns of the single session")
    parser.add_argument("--warmup-turns", type=int, default=300,
                        help="B4 turns before the measured ones, so that the JIT has compiled the turn's code")
    parser.add_argument("--subscribers", type=int, default=1000, help="B4 stream subscribers")
    parser.add_argument("--paused-sessions", type=int, default=100,
                        help="B4 sessions waiting on a custom tool call beside one session's turns")
    parser.add_argument("--dream-memories", type=int, default=2000, help="B6: memories of the dreamed store")
    parser.add_argument("--worker-calls", type=int, default=20, help="B7: bash calls in each turn")
    parser.add_argument("--worker-turns", type=int, default=10, help="B7: measured turns of each kind")
    parser.add_argument("--quick", action="store_true", help="2 s runs, 1 repeat, fewer turns")
    parser.add_argument("--rebuild", action="store_true", help="package the jar even if one exists")
    parser.add_argument("--jfr", action="store_true", help="record a JFR profile of memstore to target/bench/")
    parser.add_argument("--memstore-arg", action="append", default=[], metavar="--NAME=VALUE",
                        help="a setting for memstore, such as --memstore.runtime.workspace-share=4 (repeatable)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.repeats, args.turns, args.warmup_turns, args.warmup = 2, 1, 20, 20, 2
    args.clients = [int(c) for c in args.clients.split(",")]
    args.read_clients = [int(c) for c in args.read_clients.split(",")]
    only = {name.strip().upper() for name in args.only.split(",")}

    bench = Bench(args)
    bench.only = only
    try:
        bench.start()
        print(json.dumps(bench.results["machine"]))
        print(f"memstore ready on PostgreSQL in {bench.ready_seconds:.1f} s; logs and pgbench scripts in {OUT}")
        bench.results["rss_idle_external_mib"] = bench.memstore.rss_mib()
        if "B1" in only:
            b1_writes(bench)
        if only & {"B2", "B3"}:
            b2_b3_reads(bench)
        if "B4" in only:
            b4_sessions(bench)
        if "B6" in only:
            b6_dreams(bench)
        if "B7" in only:
            b7_self_hosted(bench)
    finally:
        bench.stop()
    if "B5" in only:
        b5_footprint(bench)
    (OUT / "results.json").write_text(json.dumps(bench.results, indent=2))
    (OUT / "results.md").write_text(markdown(bench.results))
    print(f"\nfigures written to {OUT / 'results.json'}")

