"""Valid requests of every /v1 call, the starting point of each mutation."""
import hashlib
import json

from drills.hostile.values import AGENTS_BETA, WEIRD_STRINGS, WEIRD_VALUES, weird_value
from drills.hostile.wire import Request


class Templates:
    """The valid requests a worker starts from: one template per /v1 call, with values drawn from its pools."""

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
