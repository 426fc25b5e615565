"""Turns what memstore sends PostgreSQL for one request into a pgbench script.

PostgreSQL logs every statement while a capture is on (log_statement = all); the statements of one request, with
their parameters, become a pgbench script in which each parameter is written as a literal, except the values that
must differ per pgbench client or per transaction (ids, paths), which become SQL expressions over pgbench's
:client_id and a random :n. So pgbench runs the very statements memstore issues, in the same transactions, and the
script follows memstore's SQL whenever that changes.
"""
import re
import time

ENTRY = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (LOG|DETAIL|ERROR|STATEMENT):  (.*)$")
PARAMETER = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')", re.S)
PLACEHOLDER = re.compile(r"\$(\d+)")
# Work that is not the request's: turn workers polling, the event listener, and the capture switching itself.
BACKGROUND = ("turn_jobs", "listen ", "log_statement", "pg_reload_conf")


def start(postgres):
    postgres.psql("alter system set log_statement = 'all'")
    postgres.psql("select pg_reload_conf()")
    time.sleep(0.3)
    return postgres.log.stat().st_size


def stop(postgres, offset):
    time.sleep(0.3)
    postgres.psql("alter system reset log_statement")
    postgres.psql("select pg_reload_conf()")
    with open(postgres.log, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        return parse(log.read())


def parse(text):
    """The statements in a PostgreSQL log, in order, as (pid, sql, {number: literal or None})."""
    entries = []
    for line in text.split("\n"):
        match = ENTRY.match(line)
        if match:
            entries.append([match.group(1), match.group(2), match.group(3)])
        elif entries and (line.startswith("\t") or line == ""):
            entries[-1][2] += "\n" + line
    statements = []
    for pid, kind, message in entries:
        if kind == "LOG":
            sql = re.sub(r"^(statement|execute [^:]+): ", "", message, count=1)
            if sql == message:
                continue
            statements.append([pid, sql.strip(), {}])
        elif kind == "DETAIL" and message.startswith("parameters: ") and statements:
            for number, value in PARAMETER.findall(message):
                statements[-1][2][int(number)] = None if value == "NULL" else value[1:-1].replace("''", "'")
    return [statement for group in transactions_of(statements) for statement in group
            if not any(marker in sql for _, sql, _ in group for marker in BACKGROUND)
            and any(sql.upper() not in ("BEGIN", "BEGIN READ ONLY", "COMMIT") for _, sql, _ in group)]


def transactions_of(statements):
    """Statements grouped by transaction (a statement outside one is its own group), in order of their start."""
    groups, open_groups = [], {}
    for pid, sql, parameters in statements:
        if not sql or sql == ";":
            continue
        group = open_groups.get(pid)
        if group is None:
            group = []
            groups.append(group)
            if sql.upper().startswith("BEGIN"):
                open_groups[pid] = group
        group.append((pid, sql, parameters))
        if sql.upper() in ("COMMIT", "ROLLBACK"):
            open_groups.pop(pid, None)
    return groups


class Script:
    """A pgbench script and the -D variables that carry its parameters."""

    def __init__(self, rules=()):
        self.rules = list(rules)
        self.variables = {}
        self.lines = []

    def variable(self, value):
        """A parameter value as a pgbench variable, so pgbench sends it as a bind parameter, as memstore does."""
        if value == "":
            return "''"  # pgbench cannot define an empty variable
        for name, known in self.variables.items():
            if known == value:
                return f":{name}"
        name = f"p{len(self.variables) + 1}"
        self.variables[name] = value
        return f":{name}"

    def expression(self, value):
        """A parameter as SQL: a variable, or a concatenation where a rule's captured text becomes its expression."""
        if value is None:
            return "NULL"
        for captured, replacement in self.rules:
            if captured and captured in value:
                parts = value.split(captured)
                pieces = []
                for index, part in enumerate(parts):
                    if part:
                        pieces.append(self.expression(part) + "::text")
                    if index < len(parts) - 1:
                        pieces.append(f"({replacement})::text")
                return "(" + " || ".join(pieces) + ")"
        return self.variable(value)

    def add(self, statements):
        for _, sql, parameters in statements:
            text = PLACEHOLDER.sub(lambda m: self.expression(parameters[int(m.group(1))]), sql)
            self.lines.append(text.rstrip(";") + ";")
        return self

    def text(self, preamble=()):
        return "\n".join([*preamble, *self.lines]) + "\n"

    def defines(self):
        return [argument for name, value in self.variables.items() for argument in ("-D", f"{name}={value}")]


def transactions(statements):
    return sum(1 for _, sql, _ in statements if sql.upper() in ("COMMIT", "ROLLBACK"))
