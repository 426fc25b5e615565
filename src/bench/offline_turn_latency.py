#!/usr/bin/env python3
"""Latency of offline-agent turns, against a running memstore.

Creates an environment, an agent on the offline model, a store and a session mounting it, then runs --turns turns
two ways and prints p50, p90, p99 and mean in milliseconds:

- stream: open GET /v1/sessions/{id}/events/stream, POST one user.message to /events, and time from sending that
  POST until the stream delivers session.status_idle (what an SDK client waiting on events.stream sees);
- turns: the round trip of POST /v1/sessions/{id}/turns (the memstore extension), which returns once the session is
  idle again.

Each turn runs a memstore-script that writes one memory and answers, so the figure includes a real memory write
(locked store row, memory and version rows, fsync on commit) and every event of the turn. Python standard library
only.

    java -jar target/memstore-*.jar --memstore.auth.bootstrap-key=bench-key &
    python3 src/bench/offline_turn_latency.py --key bench-key
"""
import argparse
import http.client
import json
import statistics
import time

BETA = "managed-agents-2026-04-01"


class Api:
    def __init__(self, host, port, key):
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.headers = {"x-api-key": key, "anthropic-beta": BETA, "content-type": "application/json"}

    def call(self, method, path, body=None, beta=BETA):
        headers = dict(self.headers, **{"anthropic-beta": beta})
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path} -> {response.status}: {payload[:300]!r}")
        return json.loads(payload)

    def open_stream(self, session):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.request("GET", f"/v1/sessions/{session}/events/stream", headers=self.headers)
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"stream -> {response.status}")
        return connection, response


def wait_for(response, event_type):
    for raw in response:
        if raw.decode().strip() == f"event: {event_type}":
            return
    raise RuntimeError(f"the stream ended before {event_type}")


def message(i):
    script = [{"tool": "write", "input": {"file_path": f"/mnt/memory/bench/turn-{i}.md", "content": f"turn {i}"}},
              {"say": f"wrote turn {i}"}]
    return "```memstore-script\n" + json.dumps(script) + "\n```"


def summary(name, millis):
    millis = sorted(millis)
    pick = lambda q: millis[min(len(millis) - 1, int(q * len(millis)))]
    print(f"{name:<8} n={len(millis):<4} p50={pick(0.50):7.1f} ms  p90={pick(0.90):7.1f} ms  "
          f"p99={pick(0.99):7.1f} ms  mean={statistics.fmean(millis):7.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--key", required=True)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    api = Api(args.host, args.port, args.key)
    environment = api.call("POST", "/v1/environments", {"name": "bench"})["id"]
    agent = api.call("POST", "/v1/agents", {"name": "bench", "model": "memstore-offline",
                                            "tools": [{"type": "agent_toolset_20260401"}]})["id"]
    store = api.call("POST", "/v1/memory_stores", {"name": "bench"}, beta="agent-memory-2026-07-22")["id"]
    session = api.call("POST", "/v1/sessions", {"agent": agent, "environment_id": environment,
                                                "resources": [{"type": "memory_store", "memory_store_id": store}]})["id"]

    stream_connection, stream = api.open_stream(session)
    wait_for(stream, "ping")
    streamed = []
    for i in range(args.warmup + args.turns):
        started = time.perf_counter()
        api.call("POST", f"/v1/sessions/{session}/events",
                 {"events": [{"type": "user.message", "content": [{"type": "text", "text": message(i)}]}]})
        wait_for(stream, "session.status_idle")
        if i >= args.warmup:
            streamed.append((time.perf_counter() - started) * 1000)
    stream_connection.close()

    turned = []
    for i in range(args.warmup + args.turns):
        started = time.perf_counter()
        turn = api.call("POST", f"/v1/sessions/{session}/turns",
                        {"input": [{"role": "user", "content": message(100_000 + i)}]})
        if turn["status"] != "completed":
            raise RuntimeError(f"turn {i} ended {turn['status']}")
        if i >= args.warmup:
            turned.append((time.perf_counter() - started) * 1000)

    print(f"offline turns (write one memory, answer) on session {session}")
    summary("stream", streamed)
    summary("turns", turned)


if __name__ == "__main__":
    main()
