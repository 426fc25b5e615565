"""What the reliability drills share: a ledger of acknowledged writes, the writer threads that keep it, the check of
the ledger against what memstore serves afterwards, and small helpers (verdicts, error envelopes, log lines, process
figures).

Python standard library only. The ledger's rule: a write acknowledged with 200 must be there afterwards, with its
version; a write whose answer never came (connection lost, or a 5xx) may or may not have landed, and either is fine.
"""
import datetime
import hashlib
import http.client
import json
import os
import random
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import harness

MEMORY_BETA = "agent-memory-2026-07-22"
CONNECTION_ERRORS = (OSError, http.client.HTTPException)


# The error.type values memstore may send (ApiErrorType), and the Anthropic ones it reserves for fault injection.
ERROR_TYPES = {"invalid_request_error", "authentication_error", "permission_error", "not_found_error",
               "memory_path_conflict_error", "memory_precondition_failed_error", "conflict_error",
               "request_too_large", "api_error", "rate_limit_error", "billing_error", "timeout_error",
               "overloaded_error"}
# Which error types may travel with which status; any other 4xx is an invalid_request_error.
STATUS_ERROR_TYPES = {
    401: {"authentication_error"},
    402: {"billing_error"},
    403: {"permission_error"},
    404: {"not_found_error"},
    409: {"memory_path_conflict_error", "memory_precondition_failed_error", "conflict_error"},
    413: {"request_too_large"},
    429: {"rate_limit_error"},
    500: {"api_error"},
    503: {"api_error"},
}


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def drill_key():
    return "sk-memstore-drill-" + uuid.uuid4().hex


# --- verdicts -----------------------------------------------------------------------------------------------------

class Verdict:
    """Collects failed checks; prints PASS or FAIL with the reasons and exits 0 or 1."""

    def __init__(self, name):
        self.name = name
        self.failures = []

    def check(self, condition, reason):
        if not condition:
            self.failures.append(reason)
        return condition

    def fail(self, reason):
        self.failures.append(reason)

    def finish(self):
        if self.failures:
            print(f"\nFAIL {self.name}")
            for reason in self.failures[:50]:
                print(f"  - {reason}")
            if len(self.failures) > 50:
                print(f"  … and {len(self.failures) - 50} more")
            return 1
        print(f"\nPASS {self.name}")
        return 0


def table(headers, rows):
    """Prints rows as a plain text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        print("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def median(values):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# --- running a drill ----------------------------------------------------------------------------------------------

def run_on_fresh_postgres(verdict, keep, start, drill):
    """Runs a drill against memstore on a throw-away PostgreSQL cluster and returns the exit code.

    start(database) starts memstore on the running cluster and returns it; drill(database, memstore) is the drill.
    Whatever goes wrong is a failure of the verdict. memstore is stopped with SIGTERM afterwards, and must exit
    cleanly; the cluster, with memstore's log and anything else the drill wrote into its directory, is kept when
    asked to (keep) or when the drill failed, else removed.
    """
    database = harness.Postgres()
    memstore = None
    try:
        database.start()
        memstore = start(database)
        drill(database, memstore)
    except Exception as ex:  # a drill reports whatever went wrong rather than dying with a trace only
        verdict.fail(f"{type(ex).__name__}: {ex}")
        raise
    finally:
        if memstore is not None:
            memstore.stop()
            if memstore.process is not None and memstore.process.returncode not in (0, 143):
                verdict.fail(f"memstore exited with {memstore.process.returncode} on SIGTERM")
        code = verdict.finish()
        if keep or code:
            database.stop()
            print(f"database and logs kept in {database.root}")
        else:
            database.destroy()
    return code


# --- the wire -----------------------------------------------------------------------------------------------------

def envelope_problem(status, headers, payload, method="GET"):
    """What is wrong with an error answer, or None if it is the Anthropic error envelope exactly as memstore's
    ErrorEnvelope writes it: content type, known error type matching the status, request id in body and header, and
    x-should-retry: false on deterministic 4xx."""
    if method.upper() == "HEAD":
        return None if headers.get("content-type", "").startswith("application/json") else "HEAD without json type"
    if headers.get("content-type") != "application/json":
        return f"content-type {headers.get('content-type')!r}"
    try:
        body = json.loads(payload)
    except ValueError:
        return "body is not JSON"
    if not isinstance(body, dict) or set(body) != {"type", "error", "request_id"}:
        return f"top-level keys {sorted(body) if isinstance(body, dict) else type(body).__name__}"
    if body["type"] != "error":
        return f"type {body['type']!r}"
    error = body["error"]
    if not isinstance(error, dict) or not isinstance(error.get("type"), str) or \
            not isinstance(error.get("message"), str) or not error["message"]:
        return "error is not {type, message}"
    if error["type"] not in ERROR_TYPES:
        return f"unknown error type {error['type']!r}"
    if error["type"] not in STATUS_ERROR_TYPES.get(status, {"invalid_request_error"}):
        return f"error type {error['type']!r} with status {status}"
    if not isinstance(body["request_id"], str) or not body["request_id"].startswith("req_"):
        return f"request_id {body['request_id']!r}"
    if headers.get("request-id") != body["request_id"]:
        return "request-id header differs from request_id"
    if 400 <= status < 500 and status not in (408, 429) and headers.get("x-should-retry") != "false":
        return "no x-should-retry: false"
    return None


def list_all(api, path):
    """Every item of a list endpoint, following next_page."""
    items, page = [], None
    separator = "&" if "?" in path else "?"
    while True:
        document = api.call("GET", path + (f"{separator}limit=100" + (f"&page={page}" if page else "")))
        items.extend(document["data"])
        page = document.get("next_page")
        if not page:
            return items


# --- the ledger ---------------------------------------------------------------------------------------------------

class Write:
    """One write a client sent: acknowledged (200), refused (a 4xx: it did not happen) or unknown (no answer, 5xx)."""

    def __init__(self, kind, store_id, memory_id, path, sha):
        self.kind, self.store_id, self.memory_id, self.path, self.sha = kind, store_id, memory_id, path, sha
        self.version_id = None
        self.state = "sent"


class MemoryRecord:
    """A memory the load wrote: its writes with a known version (acknowledged, or an unanswered create found
    later), in order, and its unanswered updates."""

    def __init__(self, store_id, memory_id, path):
        self.store_id, self.memory_id, self.path = store_id, memory_id, path
        self.acknowledged = []  # Writes in the order answered (one client per memory); the first may be "landed"
        self.unknown = []  # Writes without an answer: each may or may not be a version


class Ledger:
    """Every write the load sent and what became of it, shared by the writer threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.memories = {}
        self.unknown_creates = []
        self.writes = []

    def sent(self, kind, store_id, memory_id, path, sha):
        write = Write(kind, store_id, memory_id, path, sha)
        with self.lock:
            self.writes.append(write)
        return write

    def acknowledged(self, write, memory_id, version_id):
        with self.lock:
            write.memory_id, write.version_id, write.state = memory_id, version_id, "acknowledged"
            record = self.memories.get(memory_id)
            if record is None:
                record = self.memories[memory_id] = MemoryRecord(write.store_id, memory_id, write.path)
            record.acknowledged.append(write)

    def adopt(self, write, memory_id, version_id):
        """An unanswered create turned out to have landed: its memory joins the ledger with that first version."""
        with self.lock:
            write.memory_id, write.version_id, write.state = memory_id, version_id, "landed"
            self.unknown_creates.remove(write)
            record = self.memories[memory_id] = MemoryRecord(write.store_id, memory_id, write.path)
            record.acknowledged.append(write)

    def refused(self, write):
        with self.lock:
            write.state = "refused"

    def unanswered(self, write):
        with self.lock:
            write.state = "unknown"
            if write.kind == "create":
                self.unknown_creates.append(write)
            else:
                self.memories[write.memory_id].unknown.append(write)

    def count(self, state, since=0):
        with self.lock:
            return sum(1 for write in self.writes[since:] if write.state == state)

    def mark(self):
        with self.lock:
            return len(self.writes)

    def in_flight(self, since=0):
        """Writes sent and not answered yet (meaningful once the writers have stopped)."""
        with self.lock:
            return sum(1 for write in self.writes[since:] if write.state in ("sent", "unknown"))

    def abandon_in_flight(self):
        """Writes still 'sent' when their writer gave up are unknown."""
        with self.lock:
            pending = [write for write in self.writes if write.state == "sent"]
        for write in pending:
            self.unanswered(write)
        return len(pending)


class RequestLog:
    """Every request the load made: when, how long, which status, and whether a failure had the error envelope."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []

    def add(self, started, ended, kind, status, problem=None):
        with self.lock:
            self.entries.append((started, ended, kind, status, problem))

    def between(self, start, end):
        with self.lock:
            return [entry for entry in self.entries if start <= entry[0] < end]


class Writer(threading.Thread):
    """One client: creates memories under /w<NN>/ in its store and updates them with content-hash preconditions.

    Each memory has only this writer, so it always knows the content a precondition must name, except after a write
    whose answer never came: it then reads the memory again before writing it. With read_share > 0 it also retrieves
    and lists. With stop_on_disconnect it stops at the first lost connection (the server was killed).
    """

    def __init__(self, index, api, store_id, ledger, requests, stop, read_share=0.0, create_share=0.2,
                 min_memories=4, max_memories=40, stop_on_disconnect=False, pause=0.0):
        super().__init__(name=f"writer-{index}", daemon=True)
        self.index, self.api, self.store_id = index, api, store_id
        self.ledger, self.requests, self.stop = ledger, requests, stop
        self.read_share, self.create_share = read_share, create_share
        self.min_memories, self.max_memories = min_memories, max_memories
        self.stop_on_disconnect, self.pause = stop_on_disconnect, pause
        self.random = random.Random(index)
        self.known = {}  # memory id -> current sha, or None when a write's outcome is unknown
        self.created = 0
        self.unexpected = []
        self.disconnected = False

    def adopt(self, owned):
        """Carries on with the memories this writer wrote before, as a check of the ledger found them."""
        prefix = f"/w{self.index:02d}/"
        self.known = {memory_id: sha for memory_id, (store_id, path, sha) in owned.items()
                      if store_id == self.store_id and path.startswith(prefix)}

    def run(self):
        while not self.stop.is_set():
            try:
                self.step()
            except CONNECTION_ERRORS as ex:
                self.disconnected = True
                if self.stop_on_disconnect:
                    return
                self.unexpected.append(f"connection error: {ex!r}")
                time.sleep(0.1)
            if self.pause:
                time.sleep(self.pause)

    def _request(self, kind, method, path, body=None):
        started = time.monotonic()
        try:
            status, headers, payload = self.api.exchange(method, path, body)
        except CONNECTION_ERRORS:
            self.requests.add(started, time.monotonic(), kind, None, "no answer")
            raise
        problem = envelope_problem(status, headers, payload, method) if status != 200 else None
        self.requests.add(started, time.monotonic(), kind, status, problem)
        return status, payload

    def step(self):
        uncertain = [memory_id for memory_id, sha in self.known.items() if sha is None]
        if uncertain:
            self.resync(uncertain[0])
        elif self.random.random() < self.read_share and self.known:
            self.read()
        elif len(self.known) < self.min_memories or (
                len(self.known) < self.max_memories and self.random.random() < self.create_share):
            self.create()
        else:
            self.update(self.random.choice(list(self.known)))

    def content(self):
        padding = "x" * self.random.randrange(0, 2000)
        return f"writer {self.index} wrote this at {time.time():.6f} ({uuid.uuid4().hex})\n{padding}"

    def create(self):
        self.created += 1
        path = f"/w{self.index:02d}/m{self.created:05d}-{uuid.uuid4().hex[:6]}.md"
        content = self.content()
        write = self.ledger.sent("create", self.store_id, None, path, sha256(content))
        try:
            status, payload = self._request("create", "POST", f"/v1/memory_stores/{self.store_id}/memories",
                                            {"path": path, "content": content})
        except CONNECTION_ERRORS:
            self.ledger.unanswered(write)
            raise
        self.settle(write, status, payload)

    def update(self, memory_id):
        content = self.content()
        write = self.ledger.sent("update", self.store_id, memory_id, None, sha256(content))
        try:
            status, payload = self._request(
                "update", "POST", f"/v1/memory_stores/{self.store_id}/memories/{memory_id}",
                {"content": content,
                 "precondition": {"type": "content_sha256", "content_sha256": self.known[memory_id]}})
        except CONNECTION_ERRORS:
            self.ledger.unanswered(write)
            self.known[memory_id] = None
            raise
        self.settle(write, status, payload)

    def settle(self, write, status, payload):
        if status == 200:
            memory = json.loads(payload)
            if memory.get("content_sha256") != write.sha:
                self.unexpected.append(f"{write.kind} answered 200 with sha {memory.get('content_sha256')}, "
                                       f"sent {write.sha}")
            self.ledger.acknowledged(write, memory["id"], memory["memory_version_id"])
            self.known[memory["id"]] = write.sha
        elif 400 <= status < 500:
            self.ledger.refused(write)
            self.unexpected.append(f"{write.kind} refused with {status}: {payload[:200]!r}")
        else:
            self.ledger.unanswered(write)
            if write.memory_id is not None:
                self.known[write.memory_id] = None

    def resync(self, memory_id):
        status, payload = self._request("resync", "GET",
                                        f"/v1/memory_stores/{self.store_id}/memories/{memory_id}?view=basic")
        if status == 200:
            self.known[memory_id] = json.loads(payload)["content_sha256"]
        elif status < 500:
            self.unexpected.append(f"reading {memory_id} again answered {status}: {payload[:200]!r}")
            del self.known[memory_id]

    def read(self):
        memory_id = self.random.choice(list(self.known))
        if self.random.random() < 0.5:
            status, payload = self._request("retrieve", "GET",
                                            f"/v1/memory_stores/{self.store_id}/memories/{memory_id}")
        else:
            status, payload = self._request(
                "list", "GET", f"/v1/memory_stores/{self.store_id}/memories?path_prefix=/w{self.index:02d}/&limit=20")
        if 400 <= status < 500:
            self.unexpected.append(f"read answered {status}: {payload[:200]!r}")


# --- checking the ledger against the server -----------------------------------------------------------------------

class LedgerCheck:
    """What a check of the ledger found."""

    def __init__(self):
        self.problems = []
        self.lost = 0
        self.acknowledged = 0
        self.unknown_landed = 0
        self.unknown_not_landed = 0
        self.memories = 0
        self.versions = 0
        self.owned = {}  # memory id -> (store id, path, current sha), for writers to carry on from


def check_ledger(api_factory, ledger, store_ids, parallel=4):
    """Compares the ledger with what memstore serves now; returns a LedgerCheck.

    Every acknowledged write must be a version of its memory, in the order acknowledged, retrievable with its sha; a
    version nobody acknowledged must be a write whose answer never came; each memory's head must be its newest
    version, and its content the last acknowledged one unless a later unanswered write landed.
    """
    result = LedgerCheck()
    api = api_factory()
    listed, versions = {}, {}
    for store_id in store_ids:
        for memory in list_all(api, f"/v1/memory_stores/{store_id}/memories"):
            listed[memory["id"]] = memory
        for version in list_all(api, f"/v1/memory_stores/{store_id}/memory_versions"):
            versions.setdefault(version["memory_id"], []).append(version)
    for history in versions.values():
        history.reverse()  # the list is newest first
    result.memories, result.versions = len(listed), sum(len(h) for h in versions.values())

    with ledger.lock:
        unknown_creates = list(ledger.unknown_creates)

    landed_creates = {}
    for write in unknown_creates:
        landed_creates[(write.store_id, write.path, write.sha)] = write
    for memory_id, memory in listed.items():
        with ledger.lock:
            known = memory_id in ledger.memories
        if known:
            continue
        write = landed_creates.pop((memory["memory_store_id"], memory["path"], memory["content_sha256"]), None)
        history = versions.get(memory_id, [])
        if write is None:
            result.problems.append(f"memory {memory_id} at {memory['path']} was never written by the load")
        elif [v["id"] for v in history][:1] != [memory["memory_version_id"]] or len(history) != 1:
            result.problems.append(f"memory {memory_id} from an unanswered create has versions "
                                   f"{[v['id'] for v in history]}, head {memory['memory_version_id']}")
        else:
            # It landed: from now on it is a memory like the others, whose first version is known.
            result.unknown_landed += 1
            ledger.adopt(write, memory_id, memory["memory_version_id"])
    result.unknown_not_landed += len(landed_creates)
    with ledger.lock:
        for write in landed_creates.values():
            write.state = "not landed"
            ledger.unknown_creates.remove(write)
    with ledger.lock:
        records = list(ledger.memories.values())

    to_retrieve = []
    for record in records:
        acknowledged = list(record.acknowledged)
        result.acknowledged += sum(1 for write in acknowledged if write.state == "acknowledged")
        memory = listed.get(record.memory_id)
        if memory is None:
            result.lost += len(acknowledged)
            result.problems.append(f"memory {record.memory_id} ({record.path}) with {len(acknowledged)} "
                                   "acknowledged writes is gone")
            continue
        history = versions.get(record.memory_id, [])
        position = {version["id"]: n for n, version in enumerate(history)}
        last = -1
        for write in acknowledged:
            n = position.get(write.version_id)
            if n is None:
                result.lost += 1
                result.problems.append(f"acknowledged version {write.version_id} of {record.memory_id} is missing")
            elif n <= last:
                result.problems.append(f"version {write.version_id} of {record.memory_id} is out of order")
            elif history[n]["content_sha256"] != write.sha:
                result.lost += 1
                result.problems.append(f"version {write.version_id} of {record.memory_id} has sha "
                                       f"{history[n]['content_sha256']}, acknowledged {write.sha}")
            else:
                last = n
            to_retrieve.append((record.store_id, record.memory_id, write.version_id, write.sha))
        acknowledged_ids = {write.version_id for write in acknowledged}
        unknown = {write.sha: write for write in record.unknown}
        known = []  # every write with its version, in the order of the history
        by_id = {write.version_id: write for write in acknowledged}
        for version in history:
            write = by_id.get(version["id"]) or unknown.pop(version["content_sha256"], None)
            if write is None:
                result.problems.append(f"version {version['id']} of {record.memory_id} "
                                       f"({version['operation']}) matches no write the load sent")
                continue
            if write.state == "unknown":
                write.version_id, write.state = version["id"], "landed"
                result.unknown_landed += 1
            known.append(write)
        result.unknown_not_landed += len(unknown)
        for write in unknown.values():
            write.state = "not landed"
        # The outcome of an unanswered write is settled once the server that took it is gone or has answered
        # others since: later checks treat the landed ones like acknowledged ones.
        with ledger.lock:
            record.acknowledged[:] = known + [write for write in acknowledged if write not in known]
            record.unknown.clear()
        operations = [version["operation"] for version in history]
        if operations[:1] != ["created"] or any(op != "modified" for op in operations[1:]):
            result.problems.append(f"memory {record.memory_id} has operations {operations}")
        if not history:
            result.problems.append(f"memory {record.memory_id} has no version at all")
            continue
        head = history[-1]
        if memory["memory_version_id"] != head["id"] or memory["content_sha256"] != head["content_sha256"]:
            result.problems.append(f"memory {record.memory_id} shows version {memory['memory_version_id']} "
                                   f"({memory['content_sha256']}), its newest version is {head['id']}")
        if acknowledged and memory["content_sha256"] != acknowledged[-1].sha and head["id"] in acknowledged_ids:
            result.lost += 1
            result.problems.append(f"memory {record.memory_id} lost its last acknowledged content")
        to_retrieve.append((record.store_id, record.memory_id, memory["memory_version_id"],
                            memory["content_sha256"]))
        result.owned[record.memory_id] = (record.store_id, record.path, memory["content_sha256"])

    local = threading.local()

    def retrieve(item):
        store_id, memory_id, version_id, sha = item
        if not hasattr(local, "api"):
            local.api = api_factory()
        status, payload = local.api.raw("GET", f"/v1/memory_stores/{store_id}/memory_versions/{version_id}")
        if status != 200:
            return f"version {version_id} of {memory_id}: GET answered {status}"
        version = json.loads(payload)
        if version["memory_id"] != memory_id or version["content_sha256"] != sha:
            return f"version {version_id}: memory {version['memory_id']} sha {version['content_sha256']}, " \
                   f"expected {memory_id} {sha}"
        return None

    with ThreadPoolExecutor(parallel) as pool:
        for problem in pool.map(retrieve, to_retrieve):
            if problem:
                result.problems.append(problem)
                if "answered 404" in problem:
                    result.lost += 1
    return result


# --- processes ----------------------------------------------------------------------------------------------------

def pid_alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return False


def postmaster_pid(cluster):
    try:
        return int((Path(cluster) / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def stop_leftover_postgres(cluster):
    """Kills the PostgreSQL named by the cluster's postmaster.pid if it is one serving that cluster (clean-up)."""
    pid = postmaster_pid(cluster)
    if pid is None or not pid_alive(pid):
        return
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return
    if "postgres" in command and str(cluster) in command:
        os.kill(pid, 9)


def thread_count(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return -1


def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\dT\S+)\s+(TRACE|DEBUG|INFO|WARN|ERROR)\s")


class LogEntry:
    """One logged event: its time (seconds since the epoch), level, first line, and the lines after it (a stack
    trace, or PostgreSQL's own output)."""

    def __init__(self, time, level, line):
        self.time, self.level, self.line = time, level, line
        self.more = []

    @property
    def trace_lines(self):
        return sum(1 for line in self.more if line.startswith("\tat ") or line.startswith("Caused by:"))


class LogWatch:
    """Reads a memstore log from where the last read stopped."""

    def __init__(self, path):
        self.path = Path(path)
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def read(self):
        """Returns the new entries and the new text."""
        with open(self.path, "rb") as log:
            log.seek(self.offset)
            text = log.read().decode(errors="replace")
            self.offset = log.tell()
        return parse_log(text), text


def parse_log(text):
    entries = []
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if match:
            moment = datetime.datetime.fromisoformat(match.group(1).replace("Z", "+00:00")).timestamp()
            entries.append(LogEntry(moment, match.group(2), line))
        elif entries:
            entries[-1].more.append(line)
    return entries


def at_level(entries, *levels):
    return [entry for entry in entries if entry.level in levels]
