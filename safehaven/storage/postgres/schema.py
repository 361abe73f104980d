"""PostgreSQL's counterparts of the SQLite-only schema pieces (migration 0006_office).

- search: a text-search configuration that folds accents (`unaccent` cannot sit in a generated
  column, a configuration can), a generated `tsvector` over case number, chosen name and other
  names — never the legal name — with a GIN index, and a `client_search` view with the same
  `rowid` column as SQLite's FTS5 table, so one query serves both stores;
- audit: one ordered appender. `sh_audit_head()` takes a transaction-scoped advisory lock and
  returns the head of the chain; a trigger refuses any row that does not extend that head, and
  another refuses UPDATE, DELETE and TRUNCATE (privileges are also withheld from staff).

`SEARCH_DDL` is the frozen shape of revision 0006. Revision 0009 replaces the generated column
with `SEARCH_WORDS_DDL`: PostgreSQL's text-search parser reads "SH-2026-0002" as the word "sh"
and the signed numbers "-2026" and "-0002", and "J.Smith" as one host name, so the serial
"0002" or the name "smith" alone found nothing. Punctuation now becomes a space before parsing,
as SQLite's FTS5 tokenizer splits there too, and the query side turns a typed "sh-2026-00" into
the phrase `'sh' <-> '2026' <-> '00':*` (storage/search.py).
"""

from __future__ import annotations

from collections.abc import Callable

AUDIT_LOCK_KEY = 74210012
GENESIS = "0" * 64

SEARCH_DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION simple_unaccent "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    "ALTER TABLE client ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple_unaccent'::regconfig, coalesce(case_number, '') || ' ' || "
    "coalesce(chosen_name, '') || ' ' || coalesce(other_names, ''))) STORED",
    "CREATE INDEX ix_client_search ON client USING gin (search_vector)",
    "CREATE VIEW client_search WITH (security_invoker = true) AS "
    "SELECT id AS rowid, search_vector FROM client",
)

# Every run of punctuation becomes one space; letters (accented or not) and digits stay.
_SEARCH_TEXT = (
    "regexp_replace(coalesce(case_number, '') || ' ' || coalesce(chosen_name, '') || ' ' || "
    "coalesce(other_names, ''), '[[:punct:]]+', ' ', 'g')"
)

SEARCH_WORDS_DDL = (
    # words of letters and digits ("Zoë2") fold their accents too
    "ALTER TEXT SEARCH CONFIGURATION simple_unaccent "
    "ALTER MAPPING FOR numword WITH unaccent, simple",
    "DROP VIEW client_search",
    "ALTER TABLE client DROP COLUMN search_vector",  # its index goes with it
    "ALTER TABLE client ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    f"to_tsvector('simple_unaccent'::regconfig, {_SEARCH_TEXT})) STORED",
    "CREATE INDEX ix_client_search ON client USING gin (search_vector)",
    "CREATE VIEW client_search WITH (security_invoker = true) AS "
    "SELECT id AS rowid, search_vector FROM client",
)

AUDIT_DDL = (
    f"""CREATE FUNCTION sh_audit_head(OUT head_id integer, OUT head_hash text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock({AUDIT_LOCK_KEY});
        SELECT id, hash INTO head_id, head_hash FROM audit_event ORDER BY id DESC LIMIT 1;
    END $$""",
    f"""CREATE FUNCTION sh_audit_in_order() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE h_id integer; h_hash text;
    BEGIN
        PERFORM pg_advisory_xact_lock({AUDIT_LOCK_KEY});
        SELECT id, hash INTO h_id, h_hash FROM audit_event ORDER BY id DESC LIMIT 1;
        IF NEW.id <> coalesce(h_id, 0) + 1 OR NEW.prev_hash <> coalesce(h_hash, '{GENESIS}') THEN
            RAISE EXCEPTION 'audit event does not extend the chain'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER audit_event_in_order BEFORE INSERT ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION sh_audit_in_order()",
    """CREATE FUNCTION sh_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
    END $$""",
    "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION sh_audit_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION sh_audit_append_only()",
)


# Revision 0008: the appender in one call. `actor` must be the caller's own user (or none), as
# the audit_append policy requires of a staff login's INSERT (the server's administrator, who
# sets up and imports as the owner, may name anyone); the insert runs as the owner, and the
# trigger above still checks the link.
AUDIT_APPEND_DDL = f"""CREATE FUNCTION sh_audit_append(
    at timestamp, actor integer, action text, object_type text, object_id integer,
    client integer, details text, text_before_id text, text_after_id text,
    OUT event_id integer, OUT event_prev_hash text, OUT event_hash text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE me integer;
BEGIN
    SELECT u.id INTO me FROM "user" u WHERE u.username = session_user::text AND u.active;
    IF actor IS NOT NULL AND actor IS DISTINCT FROM me
       AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = session_user) THEN
        RAISE EXCEPTION 'audit events are recorded in the caller''s own name'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM pg_advisory_xact_lock({AUDIT_LOCK_KEY});
    SELECT a.id, a.hash INTO event_id, event_prev_hash FROM audit_event a
        ORDER BY a.id DESC LIMIT 1;
    event_id := coalesce(event_id, 0) + 1;
    event_prev_hash := coalesce(event_prev_hash, '{GENESIS}');
    event_hash := encode(sha256(convert_to(
        event_prev_hash || text_before_id || event_id::text || text_after_id, 'UTF8')), 'hex');
    INSERT INTO audit_event (id, at, actor_id, action, object_type, object_id, client_id,
                             details, prev_hash, hash)
    VALUES (event_id, at, actor, action, object_type, object_id, client,
            details, event_prev_hash, event_hash);
END $$"""


def create_office_schema(execute: Callable[[str], object]) -> None:
    """Revision 0006's office pieces."""
    for statement in (*SEARCH_DDL, *AUDIT_DDL):
        execute(statement)


def split_search_words(execute: Callable[[str], object]) -> None:
    """Revision 0009: the search vector splits case numbers and names at punctuation."""
    for statement in SEARCH_WORDS_DDL:
        execute(statement)
