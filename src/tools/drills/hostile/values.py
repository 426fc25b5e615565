"""The vocabulary of hostile input: odd strings and values, content types, bad limits and times, junk path segments."""
import copy


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
