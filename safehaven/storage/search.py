"""Client search: an FTS5 index inside the encrypted database (SQLite-only, kept here).

Indexed: chosen name, other names and case number — never the legal name. Since revision
0003 the index holds ASCII-folded text (see `folding.py`: "lukasz" finds "Łukasz", "jose" finds
"José") and typed words are folded the same way. `DDL` below is the frozen shape of revision 0001.
`secure-delete` makes FTS5 remove erased
tokens at once instead of leaving them in old index segments.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, column, select, table
from sqlalchemy import text as sql_text

from safehaven.storage.folding import fold

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


def client_search_ids(expression: str) -> Select[Any]:
    """`SELECT rowid FROM client_search WHERE client_search MATCH :expression` (a subquery)."""
    matches = sql_text("client_search MATCH :fts_expression").bindparams(fts_expression=expression)
    return select(column("rowid")).select_from(table("client_search")).where(matches)
