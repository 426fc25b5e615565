"""One worker: its share of the requests, with its own connection, randomness and pools of ids and cursors."""
import collections
import http.client
import json
import random
import time

from drills.support import envelope_problem
from drills.hostile.mutations import Mutations
from drills.hostile.templates import Templates
from drills.hostile.wire import Connection, describe, is_api_path


class Worker(Templates, Mutations):
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
