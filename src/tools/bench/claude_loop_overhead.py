#!/usr/bin/env python3
"""What memstore's Claude loop costs on top of the model, against a running memstore and an instant fake model.

Starts a stand-in for the Messages API on --fake-port that answers at once, in the API's wire format: a request whose
last message holds no tool_result gets a tool_use (write one memory), one that holds a tool_result gets a text answer.
Then runs --turns turns through POST /v1/sessions/{id}/turns (each turn: two model requests, one memory write) and
prints, in milliseconds:

- turn: the round trip of POST .../turns, from sending the message to the idle session;
- between rounds: from the fake sending its tool_use answer to receiving the next request, i.e. what memstore does
  between two model requests (record the answer's events, run the tool, record its result, rebuild the conversation
  from the event log, build the next request).

Python standard library only. memstore must point at the fake:

    java -jar target/memstore-*.jar --memstore.auth.bootstrap-key=bench-key \\
        --memstore.model.claude.api-key=fake --memstore.model.claude.base-url=http://127.0.0.1:8089 &
    python3 src/tools claude-loop-overhead --key bench-key --fake-port 8089
"""
import argparse
import json
import socket
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import harness

USAGE = {"input_tokens": 900, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
         "output_tokens": 40, "service_tier": "standard"}


class FakeModel(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes; with Nagle on, the second waits for a delayed ACK (~40 ms).
    disable_nagle_algorithm = True
    answered_tool_use_at = None
    between_rounds = []
    writes = 0
    lock = threading.Lock()

    def do_POST(self):
        request = json.loads(self.read_body())
        received = time.perf_counter()
        last = request["messages"][-1]["content"]
        has_result = any(block.get("type") == "tool_result" for block in last)
        with FakeModel.lock:
            if has_result and FakeModel.answered_tool_use_at is not None:
                FakeModel.between_rounds.append((received - FakeModel.answered_tool_use_at) * 1000)
                FakeModel.answered_tool_use_at = None
            FakeModel.writes += 1
            n = FakeModel.writes
        if has_result:
            content, stop = [{"type": "text", "text": "Saved."}], "end_turn"
        else:
            content = [{"type": "tool_use", "id": f"toolu_bench{n}", "name": "write",
                        "input": {"file_path": f"/mnt/memory/bench/note-{n}.md", "content": f"note {n}\n"}}]
            stop = "tool_use"
        body = json.dumps({"id": f"msg_bench{n}", "type": "message", "role": "assistant", "model": request["model"],
                           "content": content, "stop_reason": stop, "stop_sequence": None, "usage": USAGE}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("request-id", f"req_bench{n}")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        self.quick_ack()
        if not has_result:
            with FakeModel.lock:
                FakeModel.answered_tool_use_at = time.perf_counter()

    def setup(self):
        super().setup()
        self.quick_ack()

    def quick_ack(self):
        # The SDK's client writes a request's headers and body separately, with Nagle on: the body waits until the
        # headers are acknowledged, and a delayed ACK costs ~40 ms per request. A real endpoint answers over TLS
        # and HTTP/2; this fake acknowledges at once so that it does not add that wait.
        if hasattr(socket, "TCP_QUICKACK"):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    def read_body(self):
        if self.headers.get("content-length") is not None:
            return self.rfile.read(int(self.headers["content-length"]))
        body = b""
        while True:  # the SDK's client sends its JSON body chunked
            size = int(self.rfile.readline().strip(), 16)
            if size == 0:
                self.rfile.readline()
                return body
            body += self.rfile.read(size)
            self.rfile.readline()

    def log_message(self, *args):
        pass


def percentiles(label, values):
    values = sorted(values)
    q = statistics.quantiles(values, n=100)
    print(f"| {label} | {q[49]:.1f} | {q[89]:.1f} | {q[98]:.1f} | {statistics.mean(values):.1f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--key", default="memstore-local-dev-key")
    parser.add_argument("--fake-port", type=int, default=8089)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()

    fake = ThreadingHTTPServer(("127.0.0.1", args.fake_port), FakeModel)
    threading.Thread(target=fake.serve_forever, daemon=True).start()

    api = harness.Api(args.host, args.port, args.key, timeout=120)
    store = api.call("POST", "/v1/memory_stores", {"name": "bench"})["id"]
    environment = api.call("POST", "/v1/environments", {"name": "bench"})["id"]
    agent = api.call("POST", "/v1/agents", {"name": "bench", "model": "claude-opus-4-8",
                                            "tools": [{"type": "agent_toolset_20260401"}]})["id"]
    session = api.call("POST", "/v1/sessions", {"agent": agent, "environment_id": environment, "resources": [
        {"type": "memory_store", "memory_store_id": store, "access": "read_write"}]})["id"]

    turns = []
    for i in range(args.warmup + args.turns):
        start = time.perf_counter()
        turn = api.call("POST", f"/v1/sessions/{session}/turns",
                        {"input": [{"role": "user", "content": f"Save note {i}."}]})
        elapsed = (time.perf_counter() - start) * 1000
        if turn["status"] != "completed":
            raise RuntimeError(f"turn {i} ended {turn['status']}")
        if i >= args.warmup:
            turns.append(elapsed)
    between = FakeModel.between_rounds[args.warmup:]
    fake.shutdown()

    print(f"{args.turns} turns after {args.warmup} warm-up turns, one session (the conversation grows each turn)")
    print("| Claude loop, instant fake model | p50 ms | p90 ms | p99 ms | mean ms |")
    print("|---|---|---|---|---|")
    percentiles("turn (2 model requests, 1 write)", turns)
    percentiles("memstore between two model requests", between)

