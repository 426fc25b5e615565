"""How a valid request is damaged."""
import base64
import copy
import json
import urllib.parse

from drills.hostile.values import (
    AGENTS_BETA, BAD_LIMITS, BAD_TIMES, CONTENT_TYPES, DEEP_MARK, JUNK_SEGMENTS, MEMORY_BETA, OTHER_PREFIXES,
    SAFE_METHODS, WEIRD_STRINGS, weird_value)


class Mutations:
    """How a worker damages a valid request: its body, content type, script, path, query, cursor, headers or method."""

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
