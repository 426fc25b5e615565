"""Requests as bytes on a keep-alive connection, and the figures the drill counts."""
import collections
import http.client
import json
import socket
import threading
import urllib.parse

from drills.hostile.values import MEMORY_BETA


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
