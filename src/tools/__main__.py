"""memstore's tools: the benchmarks and the reliability drills. Python 3 standard library only.

    python3 src/tools <tool> [options]        python3 src/tools <tool> --help for a tool's options

Each builds the jar if there is none, installs what it needs from Debian's packages if it is missing (as root), prints
its figures and, for a drill, ends with PASS (exit 0) or FAIL and the reasons (exit 1). The package layout: harness.py
(PostgreSQL clusters, the memstore jar as a process, a JSON client of the API), bench/ and drills/ (drills/support.py
holds what the drills share).
"""
import importlib
import sys

TOOLS = {
    "bench": ("bench.run", "the benchmarks B1-B5 against pgbench and the framework floor"),
    "claude-loop-overhead": ("bench.claude_loop_overhead", "memstore's own time in a Claude turn"),
    "crash-under-load": ("drills.crash_under_load", "D2: kill -9 under load; no acknowledged write lost"),
    "database-outage": ("drills.database_outage", "D3: PostgreSQL stops for 15 s; fail fast, recover"),
    "hostile-input": ("drills.hostile", "D4: mutated requests against a running memstore"),
    "soak": ("drills.soak", "D7: a soak of mixed load; no leak"),
    "abusive-agents": ("drills.abusive_agents", "D8: abusive agents; no worker lost, no tenant starved"),
    "flooding-key": ("drills.flooding_key", "D9: one key floods /v1; it is rate limited, another key is not slowed"),
    "webhook-delivery": ("drills.webhook_delivery", "D10: kill -9 with webhooks pending; each change announced, none rolled back"),
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in TOOLS:
        print(__doc__)
        for name, (_, summary) in TOOLS.items():
            print(f"  {name:22s} {summary}")
        return 0 if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help") else 2
    name = sys.argv[1]
    module = importlib.import_module(TOOLS[name][0])
    # the tool's own argument parser reads sys.argv, and names itself after sys.argv[0]
    sys.argv = [f"src/tools {name}", *sys.argv[2:]]
    return module.main()


sys.exit(main())
