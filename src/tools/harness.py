"""Processes the benchmarks and drills run: a throw-away PostgreSQL cluster, memstore itself, and a small client.

Python standard library only. Everything started here is stopped by its own PID.
"""
import http.client
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BETA = "managed-agents-2026-04-01"


# The JVM options of memstore's documented launch (the pom's memstore.jvm-options, which ./mvnw spring-boot:run and
# the Docker image use): every start here uses them unless told otherwise.
JAVA_OPTIONS = re.search(r"<memstore.jvm-options>(.*?)</memstore.jvm-options>", (REPO / "pom.xml").read_text(),
                         re.S).group(1).split()


def answers(port, path):
    """Whether an HTTP GET of the path on this machine's port answers 200."""
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False


def rss_mib(pid):
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_packages(commands):
    """Installs the Debian packages behind missing commands (as root), e.g. {"pgbench": "postgresql-client"}."""
    missing = sorted({package for command, package in commands.items() if shutil.which(command) is None})
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"missing commands; install the Debian packages {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True, env=env, stdout=subprocess.DEVNULL)


def packaged_jar(rebuild=False):
    jars = sorted((REPO / "target").glob("memstore-*.jar"))
    if rebuild or not jars:
        subprocess.run(["./mvnw", "-B", "-q", "-DskipTests", "package"], cwd=REPO, check=True)
        jars = sorted((REPO / "target").glob("memstore-*.jar"))
    return jars[-1]


def postgres_bin_dir():
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parent.parent.name))
    if not candidates:
        require_packages({"/usr/lib/postgresql/15/bin/postgres": "postgresql"})
        return postgres_bin_dir()
    return candidates[-1].parent


class Postgres:
    """A PostgreSQL cluster of the machine's own PostgreSQL, in a temporary directory, durable (fsync on).

    PostgreSQL refuses to run as root, so as root it runs as the postgres user the Debian package creates.
    """

    def __init__(self, port=None, settings=None):
        self.port = port or free_port()
        self.bin = postgres_bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="memstore-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.settings = {"max_connections": "300", "shared_buffers": "256MB", "listen_addresses": "127.0.0.1",
                         "unix_socket_directories": str(self.root), **(settings or {})}
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres"
            owner = pwd.getpwnam(self.user)
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    def _run(self, *command, check=True, **kwargs):
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *command], check=check, **kwargs)

    def start(self):
        """Starts the cluster; the first start also creates it, with memstore's database."""
        fresh = not self.data.exists()
        if fresh:
            self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                      "-E", "UTF8", stdout=subprocess.DEVNULL)
        options = " ".join(f"-c {name}={value}" for name, value in self.settings.items())
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o",
                  f"-p {self.port} {options}", "start", stdout=subprocess.DEVNULL)
        if fresh:
            self.create_database()
        return self

    def stop(self, mode="fast"):
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False,
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def destroy(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, sql, database="memstore"):
        result = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database,
                                 "-v", "ON_ERROR_STOP=1", "-qAtX", "-c", sql],
                                check=True, capture_output=True, text=True)
        return result.stdout.strip()

    def create_database(self, name="memstore"):
        self.psql(f"create database {name}", database="postgres")

    def jdbc_url(self, name="memstore"):
        return f"jdbc:postgresql://127.0.0.1:{self.port}/{name}"


class Memstore:
    """The packaged memstore jar as a child process, on a given database (or the embedded one)."""

    def __init__(self, jar, key, port=None, database=None, extra=(), log_dir=None, java_options=None):
        self.jar, self.key = jar, key
        self.port = port or free_port()
        self.log = Path(log_dir or tempfile.mkdtemp(prefix="memstore-run-")) / f"memstore-{self.port}.log"
        self.arguments = [f"--server.port={self.port}", f"--memstore.auth.bootstrap-key={key}", *extra]
        if database is not None:
            self.arguments += [f"--spring.datasource.url={database.jdbc_url()}", "--spring.datasource.username=postgres"]
        self.java_options = list(JAVA_OPTIONS if java_options is None else java_options)
        self.process = None

    def start(self, timeout=300):
        """Starts memstore and returns the seconds until its readiness probe said UP."""
        started = time.monotonic()
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(["java", *self.java_options, "-jar", str(self.jar), *self.arguments],
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"memstore exited with {self.process.returncode}; see {self.log}")
            if self.ready():
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError(f"memstore was not ready after {timeout} s; see {self.log}")

    def ready(self):
        return answers(self.port, "/actuator/health/readiness")

    @property
    def pid(self):
        return self.process.pid

    def rss_mib(self):
        return rss_mib(self.pid)

    def cpu_seconds(self):
        """CPU time the JVM has used so far, user and system, from /proc."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def jcmd(self, *command):
        return subprocess.run(["jcmd", str(self.pid), *command], capture_output=True, text=True).stdout

    def stop(self, timeout=60):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self):
        """kill -9: no shutdown hook, no graceful anything."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def api(self, timeout=60):
        return Api("127.0.0.1", self.port, self.key, timeout)


class ApiError(RuntimeError):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body[:300]!r}")
        self.status, self.body = status, body


class Api:
    """A keep-alive JSON client of the /v1 API (one connection; one per thread)."""

    def __init__(self, host, port, key, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout
        self.headers = {"x-api-key": key, "anthropic-beta": BETA, "content-type": "application/json"}
        self.connection = None

    def raw(self, method, path, body=None, headers=None):
        """Sends one request and returns (status, body bytes), reconnecting once if the connection was closed."""
        status, _, payload = self.exchange(method, path, body, headers)
        return status, payload

    def exchange(self, method, path, body=None, headers=None):
        """As raw, with the response headers too: (status, {lowercase name: value}, body bytes)."""
        payload = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=payload, headers=dict(self.headers, **(headers or {})))
                response = self.connection.getresponse()
                return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise

    def call(self, method, path, body=None):
        status, payload = self.raw(method, path, body)
        if status != 200:
            raise ApiError(status, payload)
        return json.loads(payload)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def stream(self, session_id):
        """Opens a session's event stream; returns (connection, response) to read lines from."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        connection.request("GET", f"/v1/sessions/{session_id}/events/stream", headers=self.headers)
        response = connection.getresponse()
        if response.status != 200:
            raise ApiError(response.status, response.read())
        return connection, response


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def offline_script_message(steps):
    """The text of a user.message that the offline agent runs as a script."""
    return "```memstore-script\n" + json.dumps(steps) + "\n```"


def session_fixture(api, slug="bench", name="bench"):
    """An environment, an offline agent and a memory store with the given slug, ready for sessions."""
    environment = api.call("POST", "/v1/environments", {"name": f"{name}-env"})
    agent = api.call("POST", "/v1/agents", {"name": f"{name}-agent", "model": "memstore-offline",
                                            "tools": [{"type": "agent_toolset_20260401"}]})
    store = api.call("POST", "/v1/memory_stores", {"name": slug})
    return environment["id"], agent["id"], store["id"]


def new_session(api, environment_id, agent_id, store_id):
    return api.call("POST", "/v1/sessions", {
        "agent": agent_id, "environment_id": environment_id,
        "resources": [{"type": "memory_store", "memory_store_id": store_id, "access": "read_write"}]})["id"]
