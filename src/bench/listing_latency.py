#!/usr/bin/env python3
"""Latency of memory listings in a large store, against a running memstore.

Loads a store with --memories memories laid out as /users/uNN/noteMM.md (100 per directory) through the API, then
times listing pages: depth=1 pages (100 rolled-up directories, 100 direct children), depth=0 pages far into the
store (page 1 against page 50, reached by following next_page), and a retrieve, each --repeat times over one
keep-alive connection. Prints p50, p99 and mean in milliseconds. Python standard library only.

    java -jar target/memstore-*.jar --memstore.auth.bootstrap-key=bench-key &
    python3 src/bench/listing_latency.py --key bench-key
"""
import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse

BETA = "agent-memory-2026-07-22"


class Api:
    def __init__(self, host, port, key):
        self.connection = http.client.HTTPConnection(host, port, timeout=60)
        self.headers = {"x-api-key": key, "anthropic-beta": BETA, "content-type": "application/json"}

    def call(self, method, path, body=None):
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None,
                                headers=self.headers)
        response = self.connection.getresponse()
        payload = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path} -> {response.status}: {payload[:300]!r}")
        return json.loads(payload)


def load(host, port, key, store, count, threads):
    paths = [f"/users/u{i // 100:02d}/note{i % 100:02d}.md" for i in range(count)]

    def worker(part):
        api = Api(host, port, key)
        for path in part:
            api.call("POST", f"/v1/memory_stores/{store}/memories",
                     {"path": path, "content": f"Notes about {path}: prefers EU English, brand colour #0E7A4F."})

    started = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(paths[i::threads],)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - started


def cursor_of_page(api, path, page):
    """The next_page cursor that leads to the given 1-based page."""
    cursor = None
    for _ in range(page - 1):
        query = path + ("&page=" + urllib.parse.quote(cursor) if cursor else "")
        cursor = api.call("GET", query)["next_page"]
        if cursor is None:
            raise RuntimeError(f"the listing {path} has fewer than {page} pages")
    return cursor


def measure(api, path, repeat):
    for _ in range(min(20, repeat)):
        api.call("GET", path)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        body = api.call("GET", path)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    items = len(body["data"]) if "data" in body else 1
    return samples[len(samples) // 2], samples[min(len(samples) - 1, int(len(samples) * 0.99))], \
        statistics.fmean(samples), items


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://localhost:8080")
    parser.add_argument("--key", default="memstore-local-dev-key")
    parser.add_argument("--memories", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the store instead of deleting it")
    args = parser.parse_args()
    url = urllib.parse.urlparse(args.base_url)
    api = Api(url.hostname, url.port or 80, args.key)

    store = api.call("POST", "/v1/memory_stores", {"name": f"listing benchmark {int(time.time())}"})["id"]
    seconds = load(url.hostname, url.port or 80, args.key, store, args.memories, args.threads)
    print(f"loaded {args.memories} memories in {seconds:.1f} s ({args.memories / seconds:.0f} creates/s, "
          f"{args.threads} clients)")

    # A fresh connection: the first one sat idle through the load, longer than the server keeps connections open.
    api = Api(url.hostname, url.port or 80, args.key)
    base = f"/v1/memory_stores/{store}/memories"
    first_memory = api.call("GET", base + "?limit=1")["data"][0]["id"]
    scenarios = [
        ("depth=1, path_prefix=/users/ (100 prefixes)", base + "?path_prefix=/users/&depth=1&limit=100"),
        ("depth=1, path_prefix=/users/u42/ (100 memories)", base + "?path_prefix=/users/u42/&depth=1&limit=100"),
        ("depth=1, path_prefix=/ (1 prefix)", base + "?depth=1"),
    ]
    for limit in (20, 100):
        whole = f"{base}?limit={limit}"
        scenarios.append((f"depth=0, limit={limit}, page 1", whole))
        scenarios.append((f"depth=0, limit={limit}, page 50",
                          whole + "&page=" + urllib.parse.quote(cursor_of_page(api, whole, 50))))
    scenarios.append(("depth=0, view=full, page 50 (20 items)",
                      base + "?view=full&page=" + urllib.parse.quote(cursor_of_page(api, base + "?view=full", 50))))
    scenarios.append(("retrieve (view=full)", f"{base}/{first_memory}"))

    print(f"\n{'request':<50} {'items':>5} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    for name, path in scenarios:
        p50, p99, mean, items = measure(api, path, args.repeat)
        print(f"{name:<50} {items:>5} {p50:>8.2f} {p99:>8.2f} {mean:>8.2f}")

    if not args.keep:
        api.call("DELETE", f"/v1/memory_stores/{store}")


if __name__ == "__main__":
    main()
