#!/usr/bin/env python3
"""Drill D4, hostile input: a running memstore answers every malformed request with a 4xx in the error envelope.

First creates real objects (an environment, an offline agent, a canary store with memories, and per worker a store
with memories and a session mounting it read-write and the canary read-only), so that mutations reach real ids and
real code paths. Then sends --requests requests built from valid templates of every /v1 endpoint and mutates them:
bodies (wrong types, missing and extra fields, huge, unicode, a NUL or lone surrogate in any string or key, truncated
JSON, deep nesting, non-JSON, other content types), paths (traversal, encoded slashes, %00, long, unicode, wrong
ids, other prefixes such as /admin), query strings (bad limits, repeated parameters, bad created_at bounds, random
and damaged page cursors taken from real list responses), headers (beta, authentication, content type), methods
and offline-agent scripts in user.message events. Each worker keeps one keep-alive connection and writes requests
byte for byte, so what is sent is exactly what was generated. No content-length ever lies; the only mutations at
the level of HTTP itself are another protocol version and a transfer coding the server cannot decode, each sent
with Connection: close.

Checks, each counted and printed:
- no response, on any path, has a status of 500 or more (each is printed with its request, to reproduce it;
  --failures FILE writes all of them);
- every non-2xx answer on /v1 is the Anthropic envelope exactly as memstore's ErrorEnvelope writes it:
  {"type":"error","error":{"type":<known type matching the status>,"message":<non-empty>,...},"request_id":"req_..."}
  with content-type application/json, the request-id header equal to request_id, and x-should-retry: false on
  deterministic 4xx;
- every request gets an answer (no dropped connection, no timeout);
- no offline turn failed inside the server (no session.error event in the drill's sessions);
- afterwards the server still answers, the agent, environment, stores and sessions made at the start still exist,
  and the canary store (only ever read) is unchanged: same memories, contents, hashes, one version each.

Requests that could delete or archive the objects made at the start are turned into GETs before they are sent, so
the final check proves that hostile input changed nothing it was not allowed to, not that the drill was careful.

Exit code 0 and PASS when every check holds, else 1 and FAIL. Python standard library only.

    java -jar target/memstore-0.1.0-SNAPSHOT.jar --memstore.auth.bootstrap-key=drill-key \\
      --memstore.embedded-db.ephemeral=true &
    python3 src/drills/hostile_input.py --key drill-key
"""
import argparse
import base64
import collections
import copy
import hashlib
import http.client
import json
import random
import socket
import sys
import threading
import time
import traceback
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import harness  # noqa: E402
from drill_support import envelope_problem  # noqa: E402

MEMORY_BETA = "agent-memory-2026-07-22"
AGENTS_BETA = "managed-agents-2026-04-01"

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE", "PUT"}  # memstore maps no PUT: those are 405s
SHOW_FAILURES = 10
DEEP_MARK = "\u0001deep\u0001"

WEIRD_STRINGS = [
    "", " ", "\u0000", "a\u0000b", "\u0001\u001f", "\t\n\r", "\u007f", "\u0085", "\u00a0", "é", "e\u0301",
    "日本語のメモ", "😀", "🧠" * 50, "\u200b", "\u202e", "\u2028", "\u2029", "\ufeff", "\ud800", "\udfff",
    "\ud83e", "../../etc/passwd", "/../x", "/a/./b", "//", "/", "%00", "%2F", "%", "null", "true", "[]", "{}",
    "'", "\"", "\\", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "' OR 1=1 --", "a" * 256, "a" * 1025,
    "x" * 5000, "é" * 600, "/" + "s/" * 25 + "s", "/notes.md", "/notes/", "memstore_00000000000000000000000000",
    "page_AAAA", "2026-01-01T00:00:00Z", "-1", "0", "1e309", "NaN", "\r\nx-injected: 1", "\\u0000",
]
# Drawn through weird_value(), which copies: the drill mutates what it puts into bodies.
WEIRD_VALUES = [None, True, False, 0, -1, 1.5, -0.0, 1e308, -1e308, 2 ** 31, 2 ** 63, 2 ** 64, -(2 ** 63) - 1,
                10 ** 40, [], {}, [1, 2], {"a": 1}, [None], {"": ""}, [[[]]], {"type": "text", "text": "x"}]
CONTENT_TYPES = [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                 "application/json; charset=utf-16", "application/json; charset=bogus-charset",
                 "application/json; charset=", "application/xml", "*/*", "application/*", "garbage", ";;;",
                 "application/json, text/plain", "application/json; charset=\"utf-8\"", "APPLICATION/JSON",
                 "application/vnd.api+json", "application/merge-patch+json", "text/event-stream",
                 "application/json; charset=iso-8859-1", "application/octet-stream", "", "application/json;;"]
BAD_LIMITS = ["0", "-1", "101", "1000000", "99999999999999999999", "1e3", "abc", "", " 5", "5 ", "0x10", "+5",
              "1.5", "٣", "%00", "NaN", "-0", "2147483648", "\u0000"]
BAD_TIMES = ["bad", "", "2026-13-45T99:99:99Z", "2026-01-01", "2026-01-01T00:00:00", "1970-01-01T00:00:00Z",
             "0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
             "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+294277-01-01T00:00:00Z",
             "-4714-11-23T00:00:00Z", "2026-01-01T00:00:00+25:00", "2026-01-01T00:00:00.123456789123Z",
             "2026-01-01T00:00:00 00:00", "2026-01-01T00:00:00+00:00", "now", "1700000000", "2026-02-30T00:00:00Z"]
JUNK_SEGMENTS = ["", "..", ".", "%2e%2e", "%2E", "%2F", "a%2Fb", "%00", "%", "%zz", "%C3%28", "%E6%97%A5",
                 "%F0%9F%98%80", "%FF", "%5C", "\\", "+", "%20", "~", "x" * 300, "y" * 5000, ";a=b", "a;b=c",
                 "%3B", "*", "%2A", "null", "undefined", "0", "-1", "%25", "%252F", "..%2F", "%2e%2e%2f", ".%2e"]
OTHER_PREFIXES = ["/", "/v1", "/v1/", "/v2/memory_stores", "/V1/memory_stores", "/v1/../admin", "/admin",
                  "/admin/login", "/_memstore/workspaces", "/actuator/env", "/actuator/health", "/error",
                  "/favicon.ico", "/v1/messages", "/v1/memory_stores;a=b", "/v1/./memory_stores",
                  "/v1//memory_stores", "/v1/memory_stores/", "/v1/sessions/", "/v1/%2e%2e/admin",
                  "/admin-assets/admin.css", "/webjars/x", "/v1/models", "/v1/files", "/v1/vaults"]


def weird_value(rng, extra=()):
    return copy.deepcopy(rng.choice(WEIRD_VALUES + list(extra)))


class Request:
    """One request as it goes on the wire. path and query are already percent-encoded (or deliberately not)."""

    def __init__(self, template, method, path, query=None, body=None, beta=MEMORY_BETA, stream=False):
        self.template = template
        self.method = method
        self.path = path
        self.query = list(query or [])  # (name, value) pairs, encoded by target()
        self.raw_query = None  # the query string as sent, once a mutation wrote it by hand
        self.body = body  # a Python value to serialise as JSON, or None
        self.raw_body = None  # bytes, once a mutation took over the serialisation
        self.beta = beta
        self.headers = None  # [(name, value)], filled by Worker.build()
        self.content_type = "application/json"
        self.chunked = False
        self.stream = stream
        self.version = "HTTP/1.1"
        self.mutations = []

    def target(self):
        if self.raw_query is not None:
            query = self.raw_query
        else:
            query = "&".join(urllib.parse.quote(k.encode("utf-8", "surrogatepass"), safe="[]") + "=" +
                             urllib.parse.quote(v.encode("utf-8", "surrogatepass"), safe="") for k, v in self.query)
        return self.path + ("?" + query if query else "")

    def payload(self):
        if self.raw_body is not None:
            return self.raw_body
        if self.body is None:
            return None
        return json.dumps(self.body).encode("utf-8", "surrogatepass")


class Connection:
    """A keep-alive connection that writes each request byte for byte and reads the answer with http.client."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.sock = None

    def close(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None

    def exchange(self, method, target, headers, body, chunked=False, stream=False, timeout=None, version="HTTP/1.1"):
        head = [f"{method} ".encode("latin-1") + target + b" " + version.encode(),
                f"Host: {self.host}:{self.port}".encode()]
        for name, value in headers:
            head.append(name.encode("latin-1") + b": " + (value if isinstance(value, bytes) else
                                                          value.encode("latin-1", "replace")))
        if body is not None and chunked and not any(n.lower() == "transfer-encoding" for n, _ in headers):
            head.append(b"Transfer-Encoding: chunked")
            framed = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 4096]), body[i:i + 4096])
                              for i in range(0, len(body), 4096)) + b"0\r\n\r\n"
        elif body is not None:
            head.append(b"Content-Length: %d" % len(body))
            framed = body
        else:
            framed = b""
        data = b"\r\n".join(head) + b"\r\n\r\n" + framed
        for attempt in (1, 2):
            fresh = self.sock is None
            if fresh:
                self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.sock.settimeout(timeout or self.timeout)
            try:
                self.sock.sendall(data)
                response = http.client.HTTPResponse(self.sock, method=method)
                response.begin()
                if stream:
                    # An open event stream never ends (nor does one answered to HEAD): read its first event, the
                    # ping, and hang up.
                    payload = response.read1(4096) if response.status == 200 and method != "HEAD" else \
                        response.read()
                    self.close()
                else:
                    payload = response.read()
                    if response.will_close:
                        self.close()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, payload
            except (ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine) as error:
                self.close()
                # A keep-alive connection the server closed while idle: send once more on a new one.
                if fresh or attempt == 2:
                    raise error
            except (socket.timeout, http.client.HTTPException, OSError):
                self.close()
                raise
        raise AssertionError("unreachable")


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.log = None
        self.total = 0
        self.statuses = collections.Counter()
        self.error_types = collections.Counter()
        self.templates = collections.Counter()
        self.seconds = collections.Counter()
        self.mutations = collections.Counter()
        self.server_errors = []
        self.envelope_violations = []
        self.no_answer = []
        self.bad_success = []

    def record(self, request, status, error_type, seconds):
        with self.lock:
            self.total += 1
            self.seconds[request.template] += seconds
            self.statuses[status] += 1
            if error_type:
                self.error_types[error_type] += 1
            self.templates[request.template] += 1
            for mutation in request.mutations:
                self.mutations[mutation.split(":")[0]] += 1

    def failure(self, kind, line):
        with self.lock:
            getattr(self, kind).append(line)
            if self.log:
                self.log.write(f"{kind}: {line}\n")
                self.log.flush()


def describe(request, status=None, answer=b""):
    body = request.payload()
    shown = repr(body[:300]) + (f"... ({len(body)} bytes)" if len(body) > 300 else "") if body is not None else "-"
    return (f"{request.method} {request.target()[:400]!r} {request.version}\n    template={request.template} "
            f"mutations={request.mutations}\n    headers={request.headers}\n    content-type={request.content_type!r}"
            f" chunked={request.chunked}\n    body={shown}\n    -> {status} {answer[:400]!r}")


def is_api_path(path):
    """Whether the server routes this path under /v1 (where every error must be the envelope)."""
    lowered = urllib.parse.unquote(path).lower()
    if ".." in lowered or "/./" in lowered or lowered.endswith("/."):
        return False  # Tomcat normalises it; where it lands is not this drill's question
    return path == "/v1" or path.startswith("/v1/") or path.startswith("/v1;") or path.startswith("/v1?")


class Setup:
    """The objects made before the drill, and what they must look like afterwards."""

    def __init__(self, api, workers):
        self.api = api
        self.environment = api("POST", "/v1/environments", {"name": "d4 drill"}, AGENTS_BETA)["id"]
        self.agent = api("POST", "/v1/agents", {"name": "d4 drill", "model": "memstore-offline",
                                                "tools": [{"type": "agent_toolset_20260401"}]}, AGENTS_BETA)
        self.canary = api("POST", "/v1/memory_stores", {"name": "D4 canary", "description": "never written",
                                                        "metadata": {"drill": "d4"}})
        self.canary_memories = [
            api("POST", f"/v1/memory_stores/{self.canary['id']}/memories?view=full", {"path": path, "content": content})
            for path, content in [("/canary/a.md", "Maya prefers EU English. Ünïcödé ✓ 🧠\n"),
                                  ("/canary/deep/b.md", ""), ("/canary-c.md", "x" * 5000)]]
        self.canary_versions = [v["id"] for v in api(
            "GET", f"/v1/memory_stores/{self.canary['id']}/memory_versions?limit=100")["data"]]
        self.stores, self.sessions, self.mounts, self.seed_memories = [], [], [], []
        for worker in range(workers):
            store = api("POST", "/v1/memory_stores", {"name": f"D4 work {worker}"})["id"]
            memories = [api("POST", f"/v1/memory_stores/{store}/memories",
                            {"path": f"/seed/{i}.md", "content": f"seed {i} of worker {worker}"})
                        for i in range(5)]
            session = api("POST", "/v1/sessions", {
                "agent": self.agent["id"], "environment_id": self.environment, "title": f"d4 worker {worker}",
                "resources": [{"type": "memory_store", "memory_store_id": store, "access": "read_write"},
                              {"type": "memory_store", "memory_store_id": self.canary["id"],
                               "access": "read_only"}]}, AGENTS_BETA)
            self.stores.append(store)
            self.sessions.append(session["id"])
            self.mounts.append([r["mount_path"] for r in session["resources"]])
            self.seed_memories.append(memories)
        # Never written: a write, delete or archive naming one of these is sent as a GET instead.
        self.frozen = {self.canary["id"], self.agent["id"], self.environment, *self.canary_versions,
                       *(m["id"] for m in self.canary_memories)}
        # Written to, never deleted or archived.
        self.kept = set(self.stores) | set(self.sessions)

    def verify(self):
        """The problems found with the objects made at the start."""
        api, problems = self.api, []
        try:
            canary = api("GET", f"/v1/memory_stores/{self.canary['id']}")
            for field in ("name", "description", "metadata", "archived_at"):
                if canary[field] != self.canary[field]:
                    problems.append(f"canary store {field} changed: {canary[field]!r}")
            for memory in self.canary_memories:
                now = api("GET", f"/v1/memory_stores/{self.canary['id']}/memories/{memory['id']}?view=full")
                for field in ("path", "content", "content_sha256", "content_size_bytes"):
                    if now[field] != memory[field]:
                        problems.append(f"canary memory {memory['path']} {field} changed")
                if hashlib.sha256(now["content"].encode()).hexdigest() != memory["content_sha256"]:
                    problems.append(f"canary memory {memory['path']} content does not match its hash")
            listed = api("GET", f"/v1/memory_stores/{self.canary['id']}/memories?limit=100")["data"]
            if sorted(m["id"] for m in listed) != sorted(m["id"] for m in self.canary_memories):
                problems.append(f"canary store holds other memories: {[m['path'] for m in listed]}")
            versions = api("GET", f"/v1/memory_stores/{self.canary['id']}/memory_versions?limit=100")["data"]
            if sorted(v["id"] for v in versions) != sorted(self.canary_versions):
                problems.append(f"canary store has {len(versions)} versions, expected {len(self.canary_versions)}")
            if any(v.get("redacted_at") for v in versions):
                problems.append("a canary version was redacted")
            agent = api("GET", f"/v1/agents/{self.agent['id']}", beta=AGENTS_BETA)
            if agent["version"] != self.agent["version"] or agent.get("archived_at"):
                problems.append("the agent was updated or archived")
            if api("GET", f"/v1/environments/{self.environment}", beta=AGENTS_BETA).get("archived_at"):
                problems.append("the environment was archived")
            for store in self.stores:
                if api("GET", f"/v1/memory_stores/{store}").get("archived_at"):
                    problems.append(f"work store {store} was archived")
            for session in self.sessions:
                if api("GET", f"/v1/sessions/{session}", beta=AGENTS_BETA).get("archived_at"):
                    problems.append(f"session {session} was archived")
        except RuntimeError as error:
            problems.append(str(error))
        return problems


class Worker:
    """Generates, mutates and sends one share of the requests, with its own connection, randomness and pools."""

    def __init__(self, index, args, setup, schedule, figures):
        self.index = index
        self.args = args
        self.setup = setup
        self.schedule = schedule
        self.figures = figures
        self.random = random.Random(f"{args.seed}:{index}")
        self.connection = Connection(args.host, args.port, timeout=60)
        self.store = setup.stores[index]
        self.session = setup.sessions[index]
        self.mount, self.canary_mount = setup.mounts[index]
        # What this worker made or saw: ids to aim at, cursors to damage.
        self.pools = collections.defaultdict(list)
        self.sessions_seen = set()
        for memory in setup.seed_memories[index]:
            self.remember("memory", memory)
        self.cursors = collections.defaultdict(list)
        self.counter = 0

    # Pools ----------------------------------------------------------------------------------------------------

    def remember(self, kind, item):
        if item.get("id") in self.setup.frozen or item.get("id") in self.setup.kept:
            return
        if kind == "session":
            self.sessions_seen.add(item["id"])
        pool = self.pools[kind]
        pool.append(item)
        if len(pool) > 300:
            del pool[:100]

    def pick(self, kind, fallback=None):
        pool = self.pools[kind]
        return self.random.choice(pool) if pool else fallback

    def any_id(self, writable):
        """A real id of any kind; for requests that write, only ids this worker made."""
        rng = self.random
        ids = [item["id"] for kind in ("store", "memory", "version", "agent", "environment", "session", "resource")
               for item in self.pools[kind][-20:]]
        if not writable:
            ids += [self.setup.canary["id"], self.setup.agent["id"], self.setup.environment, self.session,
                    self.store, *self.setup.canary_versions, *(m["id"] for m in self.setup.canary_memories)]
        return rng.choice(ids) if ids else "memstore_x"

    def harvest(self, request, body):
        if not isinstance(body, dict):
            return
        if isinstance(body.get("next_page"), str):
            cursors = self.cursors[request.template]
            cursors.append(body["next_page"])
            del cursors[:-20]
        items = body.get("data") if isinstance(body.get("data"), list) else [body]
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            kind = {"memory_store": "store", "memory": "memory", "memory_version": "version", "agent": "agent",
                    "environment": "environment", "session": "session"}.get(item.get("type"))
            if item["id"].startswith("sesrsc_"):
                kind = "resource"
            if kind == "session":
                # Resources are listed with their session.
                for resource in item.get("resources") or []:
                    if isinstance(resource, dict) and resource.get("type") != "memory_store":
                        self.remember("resource", {"id": resource.get("id"), "session": item["id"]})
            if kind == "resource" and "/sessions/" in request.path:
                item = {"id": item["id"], "session": request.path.split("/")[3]}
            if kind:
                self.remember(kind, item)

    # Valid templates --------------------------------------------------------------------------------------------

    def text(self, low=1, high=40):
        rng = self.random
        alphabet = "abcdefghij XYZ0123456789-_.,:;!?éüñ日本😀\n\t\"'\\/"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))

    def memory_path(self):
        self.counter += 1
        rng = self.random
        depth = rng.randint(0, 3)
        return "/" + "/".join([f"d{rng.randint(0, 4)}" for _ in range(depth)] + [f"w{self.index}-{self.counter}.md"])

    def metadata(self):
        return {self.text(1, 10): self.text(0, 20) for _ in range(self.random.randint(0, 3))}

    def list_query(self, template, extra):
        rng = self.random
        query = list(extra)
        if rng.random() < 0.7:
            query.append(("limit", str(rng.choice([1, 2, 3, 5, 20, 100]))))
        if self.cursors[template] and rng.random() < 0.5:
            query.append(("page", rng.choice(self.cursors[template])))
        if rng.random() < 0.2:
            query.append((rng.choice(["created_at[gte]", "created_at[lte]", "created_at[gt]", "created_at[lt]"]),
                          rng.choice(["2020-01-01T00:00:00Z", "2099-01-01T00:00:00+02:00", "2026-01-01T00:00:00"])))
        return query

    def script(self):
        """A valid memstore-script message for this worker's session, sometimes aimed at the read-only canary."""
        rng = self.random
        mine = self.mount.rstrip("/")
        target = self.canary_mount.rstrip("/") if rng.random() < 0.15 else mine
        name = f"{target}/drill/s{self.index}-{rng.randint(0, 30)}.md"
        steps = []
        for _ in range(rng.randint(1, 4)):
            steps.append(rng.choice([
                {"tool": "write", "input": {"file_path": name, "content": self.text()}},
                {"tool": "read", "input": {"file_path": rng.choice([name, f"{mine}/seed/1.md",
                                                                    f"{self.canary_mount}canary/a.md"])}},
                {"tool": "edit", "input": {"file_path": name, "old_string": "a", "new_string": "b",
                                           "replace_all": rng.random() < 0.5}},
                {"tool": "glob", "input": {"pattern": rng.choice(["**/*.md", "*", "**", "[a-", "{a,b}/**"]),
                                           "path": rng.choice([mine, "/mnt/memory", "/"])}},
                {"tool": "grep", "input": {"pattern": rng.choice(["seed", "(a+)+$", "[", "\\bx\\b", ".*"]),
                                           "path": rng.choice([mine, "/mnt/memory"])}},
                {"tool": "bash", "input": {"command": rng.choice([
                    f"ls -la {mine}", f"cat {mine}/seed/*.md | wc -l", f"echo hi > {name}",
                    f"rm -rf {self.canary_mount}", f"mv {name} {name}.moved", f"find {mine} -name '*.md'",
                    f"grep -rn seed {mine} | head -n 3", "cat /etc/passwd", "$(whoami)", "echo 'unclosed",
                    f"cp -r {mine}/seed {mine}/seed-copy", ":(){ :|:& };:", f"cat <<EOF > {name}\nx\nEOF",
                    f"mkdir -p {mine}/a/b && touch {mine}/a/b/c.md", "sleep 100", f"rm {mine}/..",
                    f"ls {mine}/../../..", "printf '%s\\n' a b c"])}},
                {"say": self.text()},
            ]))
        return "```memstore-script\n" + json.dumps(steps) + "\n```"

    def user_message(self):
        rng = self.random
        roll = rng.random()
        if roll < 0.6:
            text = self.script()
        elif roll < 0.8:
            text = rng.choice(["What do you know about Maya?", "Remember: the drill ran here.", self.text()])
        else:
            text = self.mutated_script()
        blocks = [{"type": "text", "text": text}]
        if rng.random() < 0.2:
            # Blocks memstore keeps without reading: their JSON goes to the database as sent.
            blocks.append(rng.choice([
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": self.text()},
                 "title": self.text(), "context": self.text()},
                {"type": "text", "text": self.text(), "cache_control": {"type": "ephemeral"}, "citations": []}]))
        return {"type": "user.message", "content": blocks}

    def mutated_script(self):
        rng = self.random
        valid = self.script()
        body = valid[len("```memstore-script\n"):-len("\n```")]
        return rng.choice([
            valid[:rng.randint(0, len(valid))],
            valid.replace("\n", "\r\n"),
            valid + "\n" + valid,
            "````memstore-script\n" + body + "\n```",
            "```memstore-script\n" + body[:rng.randint(0, len(body))] + "\n```",
            "```memstore-script\n[]\n```",
            "```memstore-script\n\n```",
            "```memstore-script\n" + "[" * 3000 + "]" * 3000 + "\n```",
            "```memstore-script\n" + json.dumps([{"tool": rng.choice(["Read", "rmdir", "", "web_fetch"]),
                                                  "input": {}}]) + "\n```",
            "```memstore-script\n" + json.dumps([{"tool": "write", "input": {
                "file_path": rng.choice([f"{self.mount}big.md", f"{self.mount}../x.md", f"{self.mount}a\u0000b",
                                         "/mnt/memory/", "/etc/x", f"{self.mount}" + "x/" * 30 + "y"]),
                "content": rng.choice(["x" * 102_401, "ok", "\ud800"])}}]) + "\n```",
            "```memstore-script\n" + json.dumps([{"tool": "read", "input": weird_value(
                rng, [{"file_path": v} for v in WEIRD_VALUES[:12]])}]) + "\n```",
            "```memstore-script\n" + json.dumps([{"say": weird_value(rng, WEIRD_STRINGS)}]) + "\n```",
            "```memstore-script\n[{\"say\": \"a\", \"say\": \"b\"}]\n```",
            "```memstore-script\n[{\"say\": 1e999999}]\n```",
            "```memstore-script\n[{\"tool\": \"bash\", \"input\": {\"command\": " +
            json.dumps(rng.choice(["'" * 5000, "(" * 2000, "a|" * 3000 + "b", "echo " + "x" * 200_000])) +
            "}}]\n```",
            "text ```memstore-script inline``` text",
            "```text\n```memstore-script\n" + body + "\n```\n```",
        ])

    def template(self, name):
        """A valid request for the named endpoint, aimed at real objects."""
        rng = self.random
        store = self.store
        memory = self.pick("memory", {"id": self.setup.seed_memories[self.index][0]["id"]})
        version = self.pick("version", {"id": "memver_none"})
        scratch_store = self.pick("store", {"id": store})["id"]
        agent = self.pick("agent", self.setup.agent)
        scratch_session = self.pick("session", {"id": self.session})["id"]
        resource = self.pick("resource", {"id": "sesrsc_none", "session": self.session})
        view = rng.choice(["basic", "full"])
        stores = f"/v1/memory_stores"
        match name:
            case "store.create":
                return Request(name, "POST", stores, body={"name": self.text(), "description": self.text(0, 60),
                                                           "metadata": self.metadata()})
            case "store.retrieve":
                target = rng.choice([store, scratch_store, self.setup.canary["id"]])
                return Request(name, "GET", f"{stores}/{target}")
            case "store.update":
                return Request(name, rng.choice(["POST", "PATCH"]), f"{stores}/{scratch_store}",
                               body={"name": self.text(), "metadata": {self.text(1, 5): rng.choice([None, "v"])}})
            case "store.list":
                return Request(name, "GET", stores, self.list_query(name, [("include_archived",
                                                                              rng.choice(["true", "false"]))]))
            case "store.archive":
                return Request(name, "POST", f"{stores}/{scratch_store}/archive")
            case "store.delete":
                return Request(name, "DELETE", f"{stores}/{scratch_store}")
            case "memory.create":
                return Request(name, "POST", f"{stores}/{store}/memories", [("view", view)],
                               body={"path": self.memory_path(), "content": self.text(0, 200)})
            case "memory.retrieve":
                target = rng.choice([(store, memory["id"])] + [(self.setup.canary["id"], m["id"])
                                                                for m in self.setup.canary_memories])
                return Request(name, "GET", f"{stores}/{target[0]}/memories/{target[1]}", [("view", view)])
            case "memory.update":
                body = rng.choice([{"content": self.text()}, {"path": self.memory_path()},
                                   {"content": self.text(), "path": self.memory_path()}])
                if rng.random() < 0.4:
                    sha = memory.get("content_sha256") or hashlib.sha256(b"x").hexdigest()
                    body["precondition"] = {"type": "content_sha256", "content_sha256": sha}
                return Request(name, rng.choice(["POST", "PATCH"]), f"{stores}/{store}/memories/{memory['id']}",
                               [("view", view)], body=body)
            case "memory.list":
                target = rng.choice([store, store, self.setup.canary["id"]])
                query = [("path_prefix", rng.choice(["/", "/d1/", "/seed/", "/canary/", "/d2/d3/"])),
                         ("depth", rng.choice(["0", "1"])), ("order", rng.choice(["asc", "desc"])),
                         ("view", view)]
                if rng.random() < 0.3:
                    query.append(("order_by", "path"))
                return Request(name, "GET", f"{stores}/{target}/memories", self.list_query(name, query))
            case "memory.delete":
                query = [("expected_content_sha256", memory["content_sha256"])] \
                    if rng.random() < 0.3 and memory.get("content_sha256") else []
                return Request(name, "DELETE", f"{stores}/{store}/memories/{memory['id']}", query)
            case "version.list":
                target = rng.choice([store, store, self.setup.canary["id"]])
                filters = rng.choice([[], [("memory_id", memory["id"])], [("operation", "created")],
                                      [("session_id", self.session)], [("api_key_id", "apikey_x")],
                                      [("service_account_id", "svcacct_x")]])
                return Request(name, "GET", f"{stores}/{target}/memory_versions",
                               self.list_query(name, filters + [("view", view)]))
            case "version.retrieve":
                target = rng.choice([(store, version["id"]), (self.setup.canary["id"],
                                                              rng.choice(self.setup.canary_versions))])
                return Request(name, "GET", f"{stores}/{target[0]}/memory_versions/{target[1]}", [("view", view)])
            case "version.redact":
                return Request(name, "POST", f"{stores}/{store}/memory_versions/{version['id']}/redact")
            case "agent.create":
                return Request(name, "POST", "/v1/agents", beta=AGENTS_BETA, body={
                    "name": self.text(), "model": rng.choice(["memstore-offline", "claude-opus-4-8"]),
                    "system": self.text(0, 100), "description": self.text(0, 50), "metadata": self.metadata(),
                    "tools": rng.choice([[], [{"type": "agent_toolset_20260401"}]])})
            case "agent.retrieve":
                query = [("version", str(rng.randint(1, 3)))] if rng.random() < 0.3 else []
                return Request(name, "GET", f"/v1/agents/{agent['id']}", query, beta=AGENTS_BETA)
            case "agent.update":
                target = self.pick("agent", None)
                body = {"name": self.text(), "description": self.text(0, 30)}
                if target and rng.random() < 0.5:
                    body["version"] = target.get("version", 1)
                return Request(name, "POST", f"/v1/agents/{(target or {'id': 'agent_none'})['id']}",
                               beta=AGENTS_BETA, body=body)
            case "agent.list":
                return Request(name, "GET", "/v1/agents", self.list_query(name, [("include_archived", "true")]),
                               beta=AGENTS_BETA)
            case "agent.archive":
                return Request(name, "POST", f"/v1/agents/{self.pick('agent', {'id': 'agent_none'})['id']}/archive",
                               beta=AGENTS_BETA)
            case "agent.versions":
                return Request(name, "GET", f"/v1/agents/{agent['id']}/versions", self.list_query(name, []),
                               beta=AGENTS_BETA)
            case "environment.create":
                return Request(name, "POST", "/v1/environments", beta=AGENTS_BETA, body={
                    "name": self.text(), "description": self.text(0, 30), "metadata": self.metadata(),
                    "config": rng.choice([{"type": "cloud"}, {"type": "self_hosted"}, {"type": "cloud",
                                                                                      "networking": {}}])})
            case "environment.retrieve":
                target = self.pick("environment", {"id": self.setup.environment})["id"]
                return Request(name, "GET", f"/v1/environments/{target}", beta=AGENTS_BETA)
            case "environment.update":
                target = self.pick("environment", {"id": "env_none"})["id"]
                return Request(name, "POST", f"/v1/environments/{target}", beta=AGENTS_BETA,
                               body={"name": self.text(), "metadata": self.metadata()})
            case "environment.list":
                return Request(name, "GET", "/v1/environments", self.list_query(name, []), beta=AGENTS_BETA)
            case "environment.archive":
                target = self.pick("environment", {"id": "env_none"})["id"]
                return Request(name, "POST", f"/v1/environments/{target}/archive", beta=AGENTS_BETA)
            case "environment.delete":
                target = self.pick("environment", {"id": "env_none"})["id"]
                return Request(name, "DELETE", f"/v1/environments/{target}", beta=AGENTS_BETA)
            case "session.create":
                body = {"agent": rng.choice([agent["id"], {"type": "agent", "id": agent["id"]}]),
                        "environment_id": self.pick("environment", {"id": self.setup.environment})["id"],
                        "title": self.text(), "metadata": self.metadata(),
                        "resources": [{"type": "memory_store", "memory_store_id": scratch_store,
                                       "access": rng.choice(["read_write", "read_only"])}]}
                if rng.random() < 0.3:
                    body["resources"].append({"type": "file", "file_id": "file_" + self.text(5, 10)})
                if rng.random() < 0.1:
                    body["initial_events"] = [self.user_message()]
                return Request(name, "POST", "/v1/sessions", beta=AGENTS_BETA, body=body)
            case "session.retrieve":
                return Request(name, "GET", f"/v1/sessions/{rng.choice([self.session, scratch_session])}",
                               beta=AGENTS_BETA)
            case "session.update":
                return Request(name, "POST", f"/v1/sessions/{rng.choice([self.session, scratch_session])}",
                               beta=AGENTS_BETA, body={"title": self.text(), "metadata": self.metadata()})
            case "session.list":
                filters = rng.choice([[], [("agent_id", agent["id"])], [("memory_store_id", store)],
                                      [("statuses[]", "idle"), ("statuses[]", "running")], [("order", "asc")],
                                      [("agent_version", "1")], [("include_archived", "true")]])
                return Request(name, "GET", "/v1/sessions", self.list_query(name, filters), beta=AGENTS_BETA)
            case "session.archive":
                return Request(name, "POST", f"/v1/sessions/{scratch_session}/archive", beta=AGENTS_BETA)
            case "session.delete":
                return Request(name, "DELETE", f"/v1/sessions/{scratch_session}", beta=AGENTS_BETA)
            case "resource.list":
                return Request(name, "GET", f"/v1/sessions/{rng.choice([self.session, resource['session']])}"
                               f"/resources", self.list_query(name, []), beta=AGENTS_BETA)
            case "resource.retrieve":
                return Request(name, "GET", f"/v1/sessions/{resource['session']}/resources/{resource['id']}",
                               beta=AGENTS_BETA)
            case "resource.add":
                return Request(name, "POST", f"/v1/sessions/{scratch_session}/resources", beta=AGENTS_BETA,
                               body={"type": "file", "file_id": "file_" + self.text(5, 10)})
            case "resource.update":
                return Request(name, "POST", f"/v1/sessions/{resource['session']}/resources/{resource['id']}",
                               beta=AGENTS_BETA, body={"authorization_token": self.text()})
            case "resource.delete":
                return Request(name, "DELETE", f"/v1/sessions/{resource['session']}/resources/{resource['id']}",
                               beta=AGENTS_BETA)
            case "event.send":
                # Mostly events that start no turn, so that sessions do not pile up queued turns.
                roll = rng.random()
                if roll < 0.25:
                    events = [self.user_message()]
                elif roll < 0.45:
                    events = [{"type": "user.interrupt"}]
                else:
                    events = [{"type": rng.choice(["user.tool_confirmation", "user.custom_tool_result",
                                                   "system.message", "agent.message", "user.message"]),
                               "content": rng.choice([[], "text", [{"type": "image"}], None])}]
                return Request(name, "POST", f"/v1/sessions/{rng.choice([self.session, scratch_session])}/events",
                               beta=AGENTS_BETA, body={"events": events})
            case "event.list":
                filters = rng.choice([[], [("types[]", "user.message")], [("types[]", "agent.message"),
                                                                           ("types[]", "session.error")],
                                      [("order", "desc")]])
                return Request(name, "GET", f"/v1/sessions/{rng.choice([self.session, scratch_session])}/events",
                               self.list_query(name, filters), beta=AGENTS_BETA)
            case "event.stream":
                return Request(name, "GET", f"/v1/sessions/{rng.choice([self.session, scratch_session])}"
                               f"/events/stream", beta=AGENTS_BETA, stream=True)
            case "turn.run":
                return Request(name, "POST", f"/v1/sessions/{self.session}/turns", beta=AGENTS_BETA,
                               body={"input": [{"role": "user", "content": self.script()}]})
        raise ValueError(name)

    # Mutations --------------------------------------------------------------------------------------------------

    def mutate(self, request):
        rng = self.random
        kinds = ["path", "query", "header", "method"]
        if request.body is not None:
            kinds += ["body", "body", "body", "content_type"]
        if request.template in ("event.send", "turn.run", "session.create"):
            kinds += ["script", "script"]
        if request.template.endswith((".list", ".versions")):
            kinds += ["cursor", "cursor", "query"]
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
            kind = rng.choice(kinds)
            getattr(self, "mutate_" + kind)(request)

    def mutate_body(self, request):
        rng = self.random
        op = rng.choice(["wrong_type", "remove", "extra", "weird_string", "weird_string", "huge", "deep",
                         "root", "duplicate", "truncate", "bytes", "non_json", "bad_utf8", "bom", "utf16",
                         "json_syntax", "numbers", "empty", "poison", "poison"])
        request.mutations.append("body:" + op)
        body = request.body
        if op == "poison" and request.raw_body is None:
            # One character no text field may hold (NUL, a lone surrogate, a control), in one string or key
            # anywhere in the body, however deep: where the server stores JSON without reading it all.
            poison = rng.choice(["\u0000", "\ud800", "\udc00", "\u0001", "\u007f", "\u2028", "\ufffe"])
            request.body = poisoned(body, poison, rng)
            return
        if op in ("wrong_type", "remove", "extra", "weird_string", "huge", "deep") and request.raw_body is None:
            containers = [body]
            collect(body, containers)
            container = rng.choice(containers)
            if isinstance(container, list):
                if not container:
                    container.append(None)
                key = rng.randrange(len(container))
            elif container:
                key = rng.choice(list(container))
            else:
                key = self.text(1, 8)
            if op == "remove" and isinstance(container, dict) and key in container:
                del container[key]
            elif op == "extra" and isinstance(container, dict):
                container[rng.choice(WEIRD_STRINGS[:30] + ["id", "type", "created_at", "version", "__proto__"])] = \
                    weird_value(rng, WEIRD_STRINGS)
            elif op == "wrong_type":
                container[key] = weird_value(rng)
            elif op == "weird_string":
                container[key] = rng.choice(WEIRD_STRINGS)
            elif op == "huge":
                # At most about 1.5 MB on the wire (escapes included): the server reads and discards up to 2 MB
                # of a refused body and keeps the connection; more would test the connection, not the API.
                text, count = rng.choice([("x", 102_401), ("x", 1_100_000), ("é", 102_401), ("\u0000", 150_000),
                                          ("🧠", 60_000), ("\\", 300_000), ("a\n", 200_000)])
                container[key] = text * count
            else:
                # Written as text: Python's own encoder refuses to nest this deep.
                depth = rng.choice([100, 999, 1001, 5000])
                opener, closer = rng.choice([("[", "]"), ("{\"a\":", "}")])
                container[key] = DEEP_MARK
                request.raw_body = request.payload().replace(
                    json.dumps(DEEP_MARK).encode(), (opener * depth + "1" + closer * depth).encode())
            return
        if op == "root":
            request.body = rng.choice([[body], "body", 42, None, True, [], 1.5])
            request.raw_body = json.dumps(request.body).encode()
            return
        data = request.payload()
        if op == "duplicate" and data.startswith(b"{") and len(data) > 2:
            first = data[1:].split(b",")[0]
            data = b"{" + first + b"," + data[1:] if b":" in first else data
        elif op == "truncate":
            data = data[:rng.randrange(len(data))] if data else data
        elif op == "bytes":
            data = bytearray(data)
            for _ in range(rng.randint(1, 5)):
                at = rng.randrange(len(data) + 1)
                data[at:at] = bytes([rng.randrange(256)])
            data = bytes(data)
        elif op == "non_json":
            data = rng.choice([b"name=x&content=y", b"<xml/>", b"\x00\x01\x02", b"null", b"undefined", b"'x'",
                               bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))), b"{", b"}", b"[",
                               b"\xef\xbb\xbf", b"-", b"01", b"\"\\ud800\"", b"{\"a\":\"\\u00\"}"])
        elif op == "bad_utf8":
            data = data.replace(b"\"", b"\"\xc3", 1) if rng.random() < 0.5 else data + b"\xff\xfe"
        elif op == "bom":
            data = b"\xef\xbb\xbf" + data
        elif op == "utf16":
            data = data.decode("utf-8", "replace").encode("utf-16")
        elif op == "json_syntax":
            data = rng.choice([data + b" trailing", data + b"}", data.replace(b"\"", b"'"), b"/*c*/" + data,
                               data.replace(b":", b"=", 1), data.replace(b",", b",,", 1), b"[" + data,
                               data + b"\n{}", data.replace(b"}", b",}", 1)])
        elif op == "numbers":
            data = rng.choice([b"{\"version\": 1e999999, \"name\": \"n\"}", b"{\"name\": NaN}",
                               b"{\"name\": -Infinity}", b"{\"name\": 0x10}", b"{\"name\": 1" + b"0" * 5000 + b"}",
                               b"{\"limit\": 01}", b"{\"name\": .5}"])
        elif op == "empty":
            data = rng.choice([b"", b" ", b"\n", b"{}", b"[]", b"\"\""])
        request.raw_body = data

    def mutate_content_type(self, request):
        request.content_type = self.random.choice(CONTENT_TYPES)
        request.mutations.append(f"content_type:{request.content_type}")

    def mutate_script(self, request):
        request.mutations.append("script")
        text = self.mutated_script()
        if request.template == "turn.run":
            request.body = {"input": [{"role": "user", "content": text}]}
        elif request.template == "session.create" and isinstance(request.body, dict):
            request.body["initial_events"] = [{"type": "user.message", "content": [{"type": "text", "text": text}]}]
        elif isinstance(request.body, dict):
            request.body = {"events": [{"type": "user.message", "content": [{"type": "text", "text": text}]}]}

    def mutate_path(self, request):
        rng = self.random
        segments = request.path.split("/")
        op = rng.choice(["junk", "junk", "other_id", "prefixed", "long", "unicode", "raw_unicode", "append", "drop",
                         "trailing", "double", "prefix", "case", "dots", "matrix"])
        request.mutations.append("path:" + op)
        ids = [i for i, s in enumerate(segments) if "_" in s and i > 2] or [len(segments) - 1]
        at = rng.choice(ids)
        if op == "junk":
            segments[at] = rng.choice(JUNK_SEGMENTS)
        elif op == "other_id":
            segments[at] = self.any_id(request.method not in SAFE_METHODS)
        elif op == "prefixed":
            prefix = segments[at].split("_")[0] + "_" if "_" in segments[at] else "memstore_"
            segments[at] = prefix + rng.choice(["", "0" * 26, "Z" * 26, "01" + "z" * 40, self.token()])
        elif op == "long":
            segments[at] = segments[at] + "x" * rng.choice([200, 1000, 4000, 7000])
        elif op == "unicode":
            segments[at] = urllib.parse.quote(rng.choice(["日本", "é", "😀", "\u202e", "\u0000", "ß"]) + segments[at])
        elif op == "raw_unicode":
            # Not percent-encoded: bytes a URL may not hold, as UTF-8 in the request line.
            segments[at] = rng.choice(["日本", "é", "😀", "\u00ff"]) + segments[at]
        elif op == "append":
            segments.append(rng.choice(["x", "..", "", "archive2", "%2F", "versions", "events", "y" * 50]))
        elif op == "drop" and len(segments) > 3:
            segments.pop()
        elif op == "trailing":
            segments.append("")
        elif op == "double":
            segments.insert(at, "")
        elif op == "prefix":
            request.path = rng.choice(OTHER_PREFIXES)
            return
        elif op == "case":
            segments[at] = segments[at].upper()
        elif op == "dots":
            segments.insert(at, rng.choice(["..", ".", "%2e%2e", "%2E", "x/.."]))
        elif op == "matrix":
            segments[at] += rng.choice([";jsessionid=x", ";a=b", ";", ";%2F"])
        request.path = "/".join(segments)

    def token(self):
        return "".join(self.random.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZabcxyz") for _ in range(26))

    def mutate_query(self, request):
        rng = self.random
        op = rng.choice(["limit", "limit", "time", "repeat", "weird_value", "junk_name", "raw", "huge", "many",
                         "enum", "version", "brackets"])
        request.mutations.append("query:" + op)
        query = request.query
        if op == "limit":
            query.append(("limit", rng.choice(BAD_LIMITS)))
        elif op == "time":
            query.append((rng.choice(["created_at[gte]", "created_at[lte]", "created_at[gt]", "created_at[lt]"]),
                          rng.choice(BAD_TIMES)))
        elif op == "repeat" and query:
            query.append(rng.choice(query))
            query.append((rng.choice(query)[0], rng.choice(WEIRD_STRINGS[:40])))
        elif op == "weird_value" and query:
            at = rng.randrange(len(query))
            query[at] = (query[at][0], rng.choice(WEIRD_STRINGS))
        elif op == "junk_name":
            query.append((rng.choice(["", "[", "]", "a[", "created_at[gte][x]", "created_at[]", "page[]",
                                      "limit[]", "types", "statuses", "\u0000", "é"]), rng.choice(["", "x", "1"])))
        elif op == "raw":
            request.raw_query = request.target().partition("?")[2] + rng.choice([
                "&%", "&%zz=1", "&a=%C3%28", "&=", "&&&", "&limit=%", "&page=%FF%FE", "&created_at[gte]=%00",
                "&a=b=c", "&view=%E6%97%A5", "&depth=%2F", "&+=+", "&types[]=%", "&;="])
        elif op == "huge":
            query.append(("path_prefix", "/" + "a/" * rng.choice([100, 600, 4000])))
        elif op == "many":
            request.raw_query = "&".join(["a"] * rng.choice([500, 1200, 2500]))
        elif op == "enum":
            query.append((rng.choice(["view", "depth", "order", "order_by", "include_archived", "operation",
                                      "path_prefix", "expected_content_sha256", "statuses[]", "types[]",
                                      "agent_version", "memory_id", "session_id"]),
                          rng.choice(["bogus", "", "2", "-1", "FULL", "true ", "yes", "/", "//", "/a", "a/",
                                      "/./", "/../", "/a\u0000/", "0" * 64, "G" * 64, "/é/", "/e\u0301/"])))
        elif op == "version":
            query.append(("version", rng.choice(["abc", "-1", "0", "99999999999", "1.0", "", "2147483647"])))
        elif op == "brackets":
            request.raw_query = request.target().partition("?")[2] + rng.choice([
                "&created_at[gte]=2026-01-01T00:00:00Z", "&created_at%5Bgte%5D=bad", "&statuses[]=idle",
                "&types[]=user.message&types[]=", "&created_at[gte=1", "&{}=|"])

    def mutate_cursor(self, request):
        rng = self.random
        own = self.cursors[request.template]
        every = [c for cursors in self.cursors.values() for c in cursors]
        real = rng.choice(own or every or [None])
        op = rng.choice(["random", "truncate", "flip", "flip", "other_list", "prefix", "padding", "long",
                         "std_alphabet", "reencode"])
        request.mutations.append("cursor:" + op)
        if real is None or op == "random":
            cursor = "page_" + base64.urlsafe_b64encode(rng.randbytes(rng.randint(0, 120))).decode().rstrip("=")
        elif op == "truncate":
            cursor = real[:rng.randrange(len(real))]
        elif op == "flip":
            raw = bytearray(decode_cursor(real))
            for _ in range(rng.randint(1, 3)):
                if raw:
                    raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
            cursor = "page_" + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
        elif op == "other_list":
            cursor = rng.choice(every)
        elif op == "prefix":
            cursor = rng.choice(["page_", "PAGE_", "page", "", "page_=", "page_!!"]) + real[5:]
        elif op == "padding":
            cursor = real + rng.choice(["=", "==", "A", "AA", "%3D"])
        elif op == "long":
            cursor = real + "A" * rng.choice([100, 5000])
        elif op == "std_alphabet":
            cursor = real.replace("-", "+").replace("_", "/").replace("page/", "page_")
        else:
            # The cursor's own layout, with the key parts replaced: a valid frame around hostile content.
            raw = decode_cursor(real)
            parts = rng.randint(0, 4)
            frame = raw[:9] + bytes([parts])
            for _ in range(parts):
                text = rng.choice(WEIRD_STRINGS + BAD_TIMES).encode("utf-8", "surrogatepass")[:65535]
                frame += len(text).to_bytes(2, "big") + text
            cursor = "page_" + base64.urlsafe_b64encode(frame).decode().rstrip("=")
        request.query = [(k, v) for k, v in request.query if k != "page"] + [("page", cursor)]

    def mutate_header(self, request):
        rng = self.random
        op = rng.choice(["no_beta", "beta", "auth", "auth", "accept", "version", "junk", "chunked", "close",
                         "cookie", "encoding", "protocol"])
        request.mutations.append("header:" + op)
        headers = request.headers
        if op == "no_beta":
            headers[:] = [h for h in headers if h[0] != "anthropic-beta"]
        elif op == "beta":
            value = rng.choice(["x", "", ",,,", f"{MEMORY_BETA},{AGENTS_BETA}", AGENTS_BETA, MEMORY_BETA,
                                "files-api-2025-04-14", "b" * 4000, "agent-memory-2026-07-22\u00e9", " ; "])
            headers[:] = [h for h in headers if h[0] != "anthropic-beta"] + [("anthropic-beta", value)]
            if rng.random() < 0.3:
                headers.append(("anthropic-beta", rng.choice([MEMORY_BETA, AGENTS_BETA, "zzz"])))
        elif op == "auth":
            key = self.args.key
            others = [h for h in headers if h[0] != "x-api-key"]
            headers[:] = others + rng.choice([
                [], [("x-api-key", "wrong")], [("x-api-key", "")], [("authorization", f"Bearer {key}")],
                [("authorization", "Bearer")], [("authorization", f"bearer {key}")],
                [("authorization", f"Basic {base64.b64encode(key.encode()).decode()}")],
                [("x-api-key", "wrong"), ("authorization", f"Bearer {key}")], [("x-api-key", key + " ")],
                [("x-api-key", key), ("x-api-key", key)], [("x-api-key", "k" * 6000)],
                [("x-api-key", "\u00e9\u00ff")], [("authorization", "Bearer " + "\u00e9")],
                [("x-api-key", key), ("authorization", "Bearer wrong")]])
        elif op == "accept":
            headers.append(("accept", rng.choice(["text/html", "application/xml", "text/event-stream", "*/*",
                                                  "garbage", "", "application/json;q=0", "image/png"])))
        elif op == "version":
            headers.append(("anthropic-version", rng.choice(["", "garbage", "1999-01-01", "\u00e9"])))
        elif op == "junk":
            headers.append(rng.choice([("x-forwarded-for", "garbage"), ("origin", "http://evil.example"),
                                       ("range", "bytes=0-1"), ("if-none-match", "*"),
                                       ("if-modified-since", "garbage"), ("x-http-method-override", "DELETE"),
                                       ("forwarded", "for=\"[::1"), ("x-" + "h" * 100, "v"),
                                       ("anthropic-workspace-id", "wrkspc_other"), ("idempotency-key", "x" * 300)]))
        elif op == "chunked":
            request.chunked = request.payload() is not None
        elif op == "close":
            headers.append(("connection", "close"))
        elif op == "cookie":
            headers.append(("cookie", rng.choice(["JSESSIONID=zzz", "a=b; c", "=", "JSESSIONID=" + "z" * 500])))
        elif op == "encoding":
            headers.append(("content-encoding", rng.choice(["gzip", "br", "identity", "bogus"])))
        elif op == "protocol":
            # What the connector itself refuses: another HTTP version, a transfer coding it cannot decode. The
            # connection cannot be trusted afterwards, so it is closed.
            choice = rng.choice(["HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3", "gzip", "bogus", "chunked, gzip"])
            if choice.startswith("HTTP/"):
                request.version = choice
            else:
                headers.append(("transfer-encoding", choice))
            headers.append(("connection", "close"))

    def mutate_method(self, request):
        request.method = self.random.choice(["GET", "POST", "PATCH", "DELETE", "PUT", "HEAD", "OPTIONS",
                                             "TRACE", "CONNECT", "PROPFIND", "FOO", "get"])
        request.mutations.append("method:" + request.method)

    def guard(self, request, template_path):
        """Sends a request that could delete, archive or write a frozen object as a GET instead."""
        decoded = request.target()
        for _ in range(3):
            decoded = urllib.parse.unquote(decoded)
        frozen = any(i in decoded for i in self.setup.frozen)
        kept = any(i in decoded for i in self.setup.kept)
        destructive = request.method.upper() == "DELETE" and not (
            request.template in ("memory.delete", "resource.delete") and request.path == template_path)
        archiving = "archive" in decoded.lower() and request.method.upper() not in SAFE_METHODS
        if (frozen and request.method.upper() not in SAFE_METHODS) or (kept and (destructive or archiving)):
            request.method = "GET"
            request.mutations.append("guarded")

    # Running ----------------------------------------------------------------------------------------------------

    def build(self, name):
        request = self.template(name)
        template_path = request.path
        request.headers = [("x-api-key", self.args.key), ("anthropic-beta", request.beta)]
        if self.random.random() < 0.8:
            self.mutate(request)
        if request.payload() is not None and request.content_type is not None:
            request.headers.append(("content-type", request.content_type))
        self.guard(request, template_path)
        return request

    def run(self, count, offset, stride):
        for n in range(offset, offset + count * stride, stride):
            name = self.schedule[n % len(self.schedule)]
            request = self.build(name)
            self.send(request)

    def send(self, request):
        figures = self.figures
        try:
            target = request.target().encode("latin-1", "strict")
        except UnicodeEncodeError:
            # Raw non-ASCII in the request line: what a hostile client sends, outside what URLs allow.
            target = request.target().encode("utf-8", "surrogatepass")
        timeout = 180 if request.template == "turn.run" else None
        started = time.perf_counter()
        try:
            status, headers, payload = self.connection.exchange(request.method, target, request.headers,
                                                                request.payload(), request.chunked, request.stream,
                                                                timeout, request.version)
        except (OSError, http.client.HTTPException) as error:
            figures.record(request, "no answer", None, time.perf_counter() - started)
            figures.failure("no_answer", describe(request, type(error).__name__ + f" {error}"))
            return
        error_type = None
        if status >= 400 and headers.get("content-type") == "application/json" and payload:
            try:
                error_type = json.loads(payload).get("error", {}).get("type")
            except (ValueError, AttributeError):
                error_type = None
        figures.record(request, status, error_type, time.perf_counter() - started)
        if status >= 500:
            figures.failure("server_errors", describe(request, status, payload))
        if status >= 300 and is_api_path(request.path) and request.method.upper() != "CONNECT":
            problem = envelope_problem(status, headers, payload, request.method)
            if problem:
                figures.failure("envelope_violations", f"{problem}: " + describe(request, status, payload))
        elif 200 <= status < 300 and request.method in ("GET", "POST", "PATCH", "DELETE") and payload \
                and not request.stream:
            try:
                self.harvest(request, json.loads(payload))
            except ValueError:
                if is_api_path(request.path):
                    figures.failure("bad_success", describe(request, status, payload))


def poisoned(value, poison, rng):
    """A copy of a JSON value with the poison put into one of its strings or keys, chosen at random."""
    strings = []

    def walk(item):
        children = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else ()
        for key, child in children:
            if isinstance(item, dict):
                strings.append(("key", item, key))
            if isinstance(child, str):
                strings.append(("value", item, key))
            walk(child)

    value = copy.deepcopy(value)
    walk(value)
    if not strings:
        return poison
    kind, container, key = rng.choice(strings)
    if kind == "key":
        text = str(key)
        at = rng.randint(0, len(text))
        container[text[:at] + poison + text[at:]] = container.pop(key)
    else:
        text = container[key]
        at = rng.randint(0, len(text))
        container[key] = text[:at] + poison + text[at:]
    return value


def collect(value, containers):
    if isinstance(value, dict):
        containers.append(value)
        for item in value.values():
            collect(item, containers)
    elif isinstance(value, list):
        containers.append(value)
        for item in value:
            collect(item, containers)


def decode_cursor(cursor):
    text = cursor[5:] if cursor.startswith("page_") else cursor
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        return b""


# How often each endpoint comes up in every round of the schedule. Sends that can start an offline turn are few, so
# that turns stay a modest share of the server's work.
WEIGHTS = {
    "store.create": 3, "store.retrieve": 4, "store.update": 3, "store.list": 5, "store.archive": 1,
    "store.delete": 1, "memory.create": 6, "memory.retrieve": 5, "memory.update": 5, "memory.list": 7,
    "memory.delete": 2, "version.list": 5, "version.retrieve": 3, "version.redact": 2, "agent.create": 3,
    "agent.retrieve": 3, "agent.update": 3, "agent.list": 3, "agent.archive": 1, "agent.versions": 2,
    "environment.create": 2, "environment.retrieve": 2, "environment.update": 2, "environment.list": 2,
    "environment.archive": 1, "environment.delete": 1, "session.create": 3, "session.retrieve": 3,
    "session.update": 2, "session.list": 4, "session.archive": 1, "session.delete": 1, "resource.list": 2,
    "resource.retrieve": 2, "resource.add": 2, "resource.update": 1, "resource.delete": 1, "event.send": 4,
    "event.list": 4, "event.stream": 1,
}


def schedule(seed):
    names = [name for name, weight in WEIGHTS.items() for _ in range(weight)]
    # One turn per 4 rounds: POST /turns waits for the whole turn.
    names = names * 4 + ["turn.run"]
    random.Random(seed).shuffle(names)
    return names


def make_api(args):
    client = harness.Api(args.host, args.port, args.key)

    def api(method, path, body=None, beta=MEMORY_BETA, missing_ok=False):
        status, payload = client.raw(method, path, body, headers={"anthropic-beta": beta})
        if status == 404 and missing_ok:
            return None
        if status != 200:
            raise RuntimeError(f"{method} {path} -> {status}: {payload[:300]!r}")
        return json.loads(payload)

    return api


def failed_turns(api, sessions):
    """session.error events in the drill's sessions: a turn that failed inside the server."""
    errors = []
    for session in sorted(sessions):
        page = None
        while True:
            path = f"/v1/sessions/{session}/events?limit=100&types[]=session.error" + (f"&page={page}" if page else "")
            listed = api("GET", path, beta=AGENTS_BETA, missing_ok=True)
            if listed is None:
                break  # deleted by the drill
            errors += [f"{session}: {e.get('error')}" for e in listed["data"]]
            page = listed.get("next_page")
            if not page:
                break
    return errors


def wait_until_idle(api, setup, limit):
    deadline = time.time() + limit
    while time.time() < deadline:
        statuses = [api("GET", f"/v1/sessions/{s}", beta=AGENTS_BETA)["status"] for s in setup.sessions]
        if all(status != "running" for status in statuses):
            return True
        time.sleep(1)
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--key", required=True)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--failures", help="a file to write every failing request to (stdout shows the first few)")
    args = parser.parse_args()

    api = make_api(args)
    setup = Setup(api, args.workers)
    figures = Figures()
    if args.failures:
        figures.log = open(args.failures, "w", encoding="utf-8")
    plan = schedule(args.seed)
    workers = [Worker(i, args, setup, plan, figures) for i in range(args.workers)]
    per_worker = [args.requests // args.workers + (1 if i < args.requests % args.workers else 0)
                  for i in range(args.workers)]
    print(f"D4 hostile input: {args.requests} requests, seed {args.seed}, {args.workers} workers, "
          f"{len(set(plan))} endpoint templates, against {args.host}:{args.port}", flush=True)

    started = time.perf_counter()
    crashed = []

    def run(worker, count):
        try:
            worker.run(count, worker.index, args.workers)
        except Exception:  # a bug in the drill itself must not pass as a quiet run
            crashed.append(f"worker {worker.index}: {traceback.format_exc()}")

    threads = [threading.Thread(target=run, args=(w, n)) for w, n in zip(workers, per_worker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started

    idle = wait_until_idle(api, setup, 300)
    api = make_api(args)
    alive = api("GET", "/v1/memory_stores?limit=1")["data"] is not None
    objects = setup.verify()
    sessions = set(setup.sessions).union(*(worker.sessions_seen for worker in workers))
    turns = failed_turns(api, sessions)

    print(f"requests: {figures.total} in {elapsed:.1f} s ({figures.total / elapsed:.0f} requests/s)")
    print("statuses: " + ", ".join(f"{s}: {n}" for s, n in sorted(figures.statuses.items(), key=lambda x: str(x[0]))))
    print("error types: " + ", ".join(f"{t}: {n}" for t, n in figures.error_types.most_common()))
    print("mutations: " + ", ".join(f"{t}: {n}" for t, n in figures.mutations.most_common()))
    print("endpoints (requests, mean ms): " + ", ".join(
        f"{t}: {n} {1000 * figures.seconds[t] / n:.1f}" for t, n in sorted(figures.templates.items())))
    for title, lines in (("5xx answers", figures.server_errors), ("envelope violations", figures.envelope_violations),
                         ("requests without an answer", figures.no_answer),
                         ("2xx answers that are not JSON", figures.bad_success)):
        for line in lines[:SHOW_FAILURES]:
            print(f"{title[:-1] if lines else title}: {line}")
        if len(lines) > SHOW_FAILURES:
            print(f"... and {len(lines) - SHOW_FAILURES} more {title}")
    for line in turns[:SHOW_FAILURES]:
        print(f"failed turn: {line}")
    for line in objects:
        print(f"object check: {line}")
    for line in crashed:
        print(f"drill crashed: {line}")

    print(f"5xx: {len(figures.server_errors)}")
    print(f"envelope violations: {len(figures.envelope_violations)}")
    print(f"no answer: {len(figures.no_answer)}")
    print(f"failed turns: {len(turns)} (in {len(sessions)} sessions)")
    print(f"sessions idle afterwards: {'yes' if idle else 'no'}")
    print(f"server answers afterwards: {'yes' if alive else 'no'}")
    print(f"objects made at the start unchanged: {'yes' if not objects else 'no'}")
    passed = (not figures.server_errors and not figures.envelope_violations and not figures.no_answer
              and not figures.bad_success and not turns and idle and alive and not objects and not crashed
              and figures.total >= args.requests)
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
