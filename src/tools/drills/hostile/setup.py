"""The real objects the drill aims at: an environment, an agent, a canary store, and per worker a store and a session."""
import hashlib

from drills.hostile.values import AGENTS_BETA


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
