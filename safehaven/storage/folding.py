"""Search folding: every Latin-script letter to plain ASCII, so typed ASCII finds any spelling.

`anyascii` (ISC licence, maintained, table-driven from Unicode data) turns letters that are not
accented forms into their usual ASCII spelling as well as stripping accents: Turkish ı → i,
Polish ł → l, Nordic ø → o and æ → ae, German ß → ss, South-Slavic đ → d, Icelandic þ → th.
The FTS5 tokenizer alone (`remove_diacritics`) only strips combining accents.

The search index stores folded text only (it is contentless: no copy of the original), and
indexes the case number, chosen name and other names — never the legal name or any other
restricted field. `fold` is registered on every connection as the SQL function `sh_fold`, which
the index triggers call.
"""

from __future__ import annotations

from typing import Any

from anyascii import anyascii

SQL_FUNCTION = "sh_fold"

INDEXED_COLUMNS = ("case_number", "chosen_name", "other_names")

_TRIGGERS = ("client_search_ai", "client_search_ad", "client_search_au")

_FOLDED = ", ".join(f"{SQL_FUNCTION}(new.{c})" for c in INDEXED_COLUMNS)

# Only fixed column names and the SQL function's name are formatted into these statements.
FOLDED_DDL = (
    "CREATE VIRTUAL TABLE client_search USING fts5("
    "case_number, chosen_name, other_names, content='', contentless_delete=1, "
    "tokenize=\"unicode61 remove_diacritics 2\", prefix='2 3')",
    "INSERT INTO client_search(client_search, rank) VALUES('secure-delete', 1)",
    "CREATE TRIGGER client_search_ai AFTER INSERT ON client BEGIN "
    f"INSERT INTO client_search(rowid, case_number, chosen_name, other_names) "
    f"VALUES (new.id, {_FOLDED}); END",
    "CREATE TRIGGER client_search_ad AFTER DELETE ON client BEGIN "
    "DELETE FROM client_search WHERE rowid = old.id; END",
    "CREATE TRIGGER client_search_au AFTER UPDATE OF case_number, chosen_name, other_names "
    "ON client BEGIN DELETE FROM client_search WHERE rowid = old.id; "
    f"INSERT INTO client_search(rowid, case_number, chosen_name, other_names) "
    f"VALUES (new.id, {_FOLDED}); END",
    "INSERT INTO client_search(rowid, case_number, chosen_name, other_names) "
    f"SELECT id, {', '.join(f'{SQL_FUNCTION}({c})' for c in INDEXED_COLUMNS)} FROM client",
)


def fold(text: str | None) -> str | None:
    """Lower-case ASCII transliteration; None stays None (FTS5 skips NULL columns)."""
    if text is None:
        return None
    return anyascii(str(text)).lower()


def register_fold(con: Any) -> None:
    """Make `sh_fold(text)` available on a raw DB-API connection (before any write to client)."""
    con.create_function(SQL_FUNCTION, 1, fold, deterministic=True)


def drop_search(execute: Any) -> None:
    for name in _TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {name}")
    execute("DROP TABLE IF EXISTS client_search")


def create_folded_search(execute: Any) -> None:
    """Build the folded index and its triggers and fill it from the client table."""
    drop_search(execute)
    for statement in FOLDED_DDL:
        execute(statement)
