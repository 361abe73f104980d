"""Client search: an FTS5 index inside the encrypted database; in office mode a `tsvector`.

Indexed: chosen name, other names and case number — never the legal name. Since revision
0003 the SQLite index holds ASCII-folded text (see `folding.py`: "lukasz" finds "Łukasz", "jose"
finds "José") and typed words are folded the same way. `DDL` below is the frozen shape of revision
0001. `secure-delete` makes FTS5 remove erased tokens at once instead of leaving them in old index
segments. On PostgreSQL the same `client_search(rowid)` exists as a view over a generated
`tsvector` with `unaccent` (storage/postgres/schema.py), searched through its index by
`sh_client_matches` (storage/postgres/security.py), and the one match clause below is compiled
per dialect, so services never ask which store runs.
"""

from __future__ import annotations

import re
from typing import Any, TypeVarTuple

from sqlalchemy import (
    Dialect,
    FromClause,
    Integer,
    Join,
    Select,
    String,
    TableClause,
    TypeDecorator,
    bindparam,
    column,
    func,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType

from safehaven.storage.folding import fold
from safehaven.storage.postgres.hidden_match import hidden_match

DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS client_search USING fts5("
    "case_number, chosen_name, other_names, content='client', content_rowid='id', "
    "tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')",
    "INSERT INTO client_search(client_search, rank) VALUES('secure-delete', 1)",
    "CREATE TRIGGER IF NOT EXISTS client_search_ai AFTER INSERT ON client BEGIN "
    "INSERT INTO client_search(rowid, case_number, chosen_name, other_names) "
    "VALUES (new.id, new.case_number, new.chosen_name, new.other_names); END",
    "CREATE TRIGGER IF NOT EXISTS client_search_ad AFTER DELETE ON client BEGIN "
    "INSERT INTO client_search(client_search, rowid, case_number, chosen_name, other_names) "
    "VALUES ('delete', old.id, old.case_number, old.chosen_name, old.other_names); END",
    "CREATE TRIGGER IF NOT EXISTS client_search_au AFTER UPDATE OF case_number, chosen_name, "
    "other_names ON client BEGIN "
    "INSERT INTO client_search(client_search, rowid, case_number, chosen_name, other_names) "
    "VALUES ('delete', old.id, old.case_number, old.chosen_name, old.other_names); "
    "INSERT INTO client_search(rowid, case_number, chosen_name, other_names) "
    "VALUES (new.id, new.case_number, new.chosen_name, new.other_names); END",
)

_Columns = TypeVarTuple("_Columns")
_TOKEN = re.compile(r"[\w-]+", re.UNICODE)


def create_client_search(execute: Any) -> None:
    """Create the index and its triggers; `execute` runs one SQL string."""
    for statement in DDL:
        execute(statement)


def match_query(text: str) -> str | None:
    """A safe FTS5 MATCH expression: every typed word must match as a prefix.

    User text never reaches FTS5 syntax: each word is quoted, so `"`, `*`, `OR`, `NEAR` … are
    plain characters. Returns None when nothing searchable was typed.
    """
    words = [w.strip("-") for w in _TOKEN.findall(fold(text) or "")]
    words = [w for w in words if any(ch.isalnum() for ch in w)]  # "_" alone is no word
    if not words:
        return None
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)


class _SearchText(TypeDecorator[str]):
    """The typed search as bound: FTS5 syntax on SQLite, a tsquery on PostgreSQL."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is not None and dialect.name == "postgresql":
            return tsquery_from_match(value)
        return value


class _SearchMatch(ColumnElement[Any]):
    """`client_search MATCH :expr` on SQLite, `search_vector @@ to_tsquery(...)` on PostgreSQL."""

    inherit_cache = True
    type = NullType()
    _traverse_internals = [("param", InternalTraversal.dp_clauseelement)]

    def __init__(self, expression: str) -> None:
        self.param = bindparam("fts_expression", expression, type_=_SearchText(), unique=True)


@compiles(_SearchMatch)
def _match_fts5(element: _SearchMatch, compiler: Any, **kw: Any) -> str:
    return "client_search MATCH " + str(compiler.process(element.param, **kw))


@compiles(_SearchMatch, "postgresql")
def _match_in_source(element: _SearchMatch, compiler: Any, **kw: Any) -> str:
    return "true"  # the matches are the rows of the source below


class _SearchSource(TableClause):
    """`client_search` on SQLite; on PostgreSQL the ids `sh_client_matches` found through the
    index (storage/postgres/security.py): under row-level security a `search_vector @@ ...` of a
    staff login's own query cannot use it, as `@@` is not leakproof. With `newest` (a number),
    PostgreSQL's source is only that many matches, the newest intakes first (`sh_client_first`)."""

    inherit_cache = True
    _traverse_internals = [
        *TableClause._traverse_internals,
        ("param", InternalTraversal.dp_clauseelement),
        ("paged", InternalTraversal.dp_boolean),
    ]

    def __init__(self, expression: str, newest: int | None = None) -> None:
        super().__init__("client_search", column("rowid"))
        self.param = bindparam("fts_source", expression, type_=_SearchText(), unique=True)
        self.paged = newest is not None
        self.newest = bindparam("fts_newest", newest or 0, type_=Integer, unique=True)


@compiles(_SearchSource, "postgresql")
def _source_from_function(element: _SearchSource, compiler: Any, **kw: Any) -> str:
    if not kw.get("asfrom"):
        return "client_search"
    query = str(compiler.process(element.param, **kw))
    if element.paged:
        call = f"sh_client_first({query}, {compiler.process(element.newest, **kw)})"
    else:
        call = f"sh_client_matches({query})"
    return f"unnest((SELECT {call})) AS client_search(rowid)"


_QUOTED_PREFIX = re.compile(r'"((?:[^"]|"")*)"\*')


_PARTS = re.compile(r"[^\W_]+")


def tsquery_from_match(expression: str) -> str:
    """The `match_query` expression as a tsquery, all words ANDed. Like FTS5, a word typed with
    punctuation inside ("sh-2026-00") is a phrase of its parts with the last one a prefix
    (`'sh' <-> '2026' <-> '00':*`), matching the vector that splits at punctuation too. Parts
    are letters and digits only, so nothing typed is read as tsquery syntax."""
    phrases = []
    for word in _QUOTED_PREFIX.findall(expression):
        parts = _PARTS.findall(word)
        if parts:
            phrases.append("(" + " <-> ".join(f"'{p}'" for p in parts) + ":*)")
    return " & ".join(phrases)


def client_search_ids(expression: str, *, newest: int | None = None) -> Select[Any]:
    """The ids of matching clients (a subquery); row-level security still filters it.

    `newest`: only that many are needed, those of the latest intake dates (then the highest
    ids) among the cases in the reader's scope that are not erased — the first page of the
    case list in its usual order, without other filters. A store may then return just those:
    an office server picks them through its index instead of handing over every match."""
    source = _SearchSource(expression, newest)
    return select(source.c.rowid).select_from(source).where(_SearchMatch(expression))


class _MatchesFirst(Join):
    """The search's matches joined to the client table by id, the matches leading."""

    inherit_cache = True


@compiles(_MatchesFirst, "sqlite")
def _cross_join(element: _MatchesFirst, compiler: Any, **kw: Any) -> str:
    # SQLite never reorders the tables of a CROSS JOIN: the matches lead, each looked up by id.
    matches, _join, rest = compiler.visit_join(element, **kw).partition(" JOIN ")
    return f"{matches} CROSS JOIN {rest}"


def search_by_id(stmt: Select[*_Columns], expression: str, client: FromClause) -> Select[*_Columns]:
    """`stmt` (a query of the client table) limited to the matches of `expression`, read by
    looking each match up by id: the plan for a search with few matches on SQLite. Given the
    usual `id IN (matches)`, SQLite walks the list index in display order, testing every one of
    100,000 clients against the matches (4 ms for the 12 matches of "gua no" instead of 0.1 ms),
    because the case scope's `erased_at IS NULL` is the index's first column."""
    source = _SearchSource(expression)
    joined = _MatchesFirst(source, client, client.c.id == source.c.rowid)
    return stmt.select_from(joined).where(_SearchMatch(expression))


def match_outside_scope(session: Session, expression: str, outside: Select[Any]) -> bool:
    """Whether a client matching `expression` lies outside the reader's scope. In a vault the
    query `outside` (matching clients the reader may not open) answers it. An office server's
    row-level security hides exactly those rows from the reader, so its narrow function
    answers instead, with true or false only (storage/postgres/hidden_match.py)."""
    if session.get_bind().dialect.name == "postgresql":
        return hidden_match(session, tsquery_from_match(expression))
    return session.execute(outside.limit(1)).first() is not None


def plan_follows_match_count(session: Session) -> bool:
    """Whether the first page's plan should depend on how many clients match. SQLite's planner
    cannot tell: a common word is fastest walking a list index in display order, a rare one
    looking its matches up by id, and only a count probe tells them apart. On PostgreSQL the
    matches come from one function call either way, and the probe would call it twice."""
    return session.get_bind().dialect.name == "sqlite"


def byte_order_bounds(session: Session, text: ColumnElement[str]) -> tuple[Any, Any]:
    """The smallest and largest value of the column `text` in byte order, as two scalar
    subqueries (to be asked beside other questions). Between two values that begin alike lies
    only what begins the same way in byte order; a PostgreSQL database's own collation may sort
    "SH2" between "SH-1" and "SH-3", so there the order is "C"."""
    if session.get_bind().dialect.name == "postgresql":
        text = text.collate("C")
    # Subqueries of their own: SQLite reads a min() or max() from the index only when it is
    # the query's one aggregate.
    return select(func.min(text)).scalar_subquery(), select(func.max(text)).scalar_subquery()
