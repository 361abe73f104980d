"""CSV import and export of the resource directory, and the seed directory.

Import is all or nothing: every row is checked first; one bad row refuses the whole file with a
list of (row, column, code) errors. Rows are numbered as a spreadsheet shows them (header = 1).
Export neutralizes spreadsheet formulas by prefixing `'` to cells that start with `= + - @`, tab
or CR; import removes exactly that prefix, so export → import gives back the same entries.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.models.directory import Organization, normalized_key
from safehaven.models.permissions import Permission
from safehaven.paths import resource
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.directory.directory import (
    DRAFT_FIELDS,
    OrganizationDraft,
    clean_draft,
    new_organization,
    to_row,
    validate_organization,
)
from safehaven.services.errors import DomainError

L = TypeVar("L")  # how an imported record is named in errors: a row number, an HSDS id

COLUMNS = DRAFT_FIELDS
MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_BOOL_FIELDS = {"agreement_on_file", "verify_before_use"}
_TRISTATE_FIELDS = {"trafficking_competent"}
_DATE_FIELDS = {"agreement_date", "last_verified"}
_LIST_FIELDS = {"services", "languages"}
_TRUE = {"yes", "y", "true", "1", "si", "sí"}
_FALSE = {"no", "n", "false", "0"}
SEED_FILE = "directory/seed.csv"


@dataclass(frozen=True)
class RowError:
    row: int  # 1 = header; 0 = the file as a whole
    column: str  # "" when the error is about the whole row or file
    code: str


class ImportRejected(DomainError):
    """The file was refused as a whole; nothing was imported."""

    def __init__(self, errors: tuple[RowError, ...]) -> None:
        super().__init__(len(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped: int = 0
    cancelled: bool = False


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


def export_directory(session: Session, *, actor: Actor) -> bytes:
    """Every active entry as UTF-8 CSV (with BOM, so spreadsheets pick the right encoding)."""
    require(actor, Permission.MANAGE_DIRECTORY)
    with session.begin():
        stmt = select(Organization).where(Organization.active.is_(True))
        orgs = list(session.execute(stmt.order_by(Organization.name, Organization.id)).scalars())
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        today = dt.date.today()
        for org in orgs:
            row = to_row(org, today)
            writer.writerow([neutralize(_format(getattr(row, c))) for c in COLUMNS])
        record_event(
            session,
            actor_id=actor.user_id,
            action="directory_exported",
            object_type="organization",
            details={"rows": len(orgs)},
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def import_directory(
    session: Session,
    *,
    actor: Actor,
    data: bytes,
    progress: Progress = _no_progress,
    is_cancelled: Callable[[], bool] = _never,
) -> ImportResult:
    """Check the whole file, then add every row in one transaction (or nothing)."""
    require(actor, Permission.MANAGE_DIRECTORY)
    drafts = parse_directory_csv(data, progress=progress, is_cancelled=is_cancelled)
    if drafts is None:
        return ImportResult(0, cancelled=True)
    add_organizations(
        session,
        actor,
        drafts,
        details={"rows": len(drafts)},
        reject=lambda rows: ImportRejected(
            tuple(RowError(row, "name", "duplicate_existing") for row in rows)
        ),
    )
    return ImportResult(len(drafts))


def add_organizations(
    session: Session,
    actor: Actor,
    drafts: Sequence[tuple[L, OrganizationDraft]],
    *,
    details: dict[str, object],
    reject: Callable[[list[L]], Exception],
) -> None:
    """Add every imported organization in one transaction, or none when one already exists
    (`reject` turns the labels of the clashing records into the error to raise)."""
    with session.begin():
        existing = _existing_keys(session)
        clashes = [label for label, d in drafts if normalized_key(d.name, d.city) in existing]
        if clashes:
            raise reject(clashes)
        for _label, draft in drafts:
            session.add(new_organization(draft, actor))
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="directory_imported",
            object_type="organization",
            details=details,
        )


def load_seed_directory(session: Session, *, actor: Actor) -> ImportResult:
    """Add the shipped starter entries (national hotlines…) that are not in the directory yet.
    They stay marked "verify before use" until an administrator checks them."""
    require(actor, Permission.MANAGE_DIRECTORY)
    drafts = parse_directory_csv(resource(SEED_FILE).read_bytes()) or []
    with session.begin():
        existing = _existing_keys(session)
        added = 0
        for _row, draft in drafts:
            if normalized_key(draft.name, draft.city) in existing:
                continue
            session.add(new_organization(draft, actor))
            added += 1
        session.flush()
        record_event(
            session,
            actor_id=actor.user_id,
            action="directory_seed_loaded",
            object_type="organization",
            details={"rows": added},
        )
    return ImportResult(added, skipped=len(drafts) - added)


def parse_directory_csv(
    data: bytes,
    *,
    progress: Progress = _no_progress,
    is_cancelled: Callable[[], bool] = _never,
) -> list[tuple[int, OrganizationDraft]] | None:
    """(row number, draft) for every record, or ImportRejected listing every problem.
    None when cancelled."""
    text = _decode(data)
    try:
        records = list(_records(text))
    except csv.Error:
        raise ImportRejected((RowError(0, "", "malformed"),)) from None
    if not records:
        raise ImportRejected((RowError(0, "", "empty"),))
    _header_row, header = records[0]
    columns = _check_header(header)
    body = [(n, cells) for n, cells in records[1:] if any(c.strip() for c in cells)]
    if len(body) > MAX_ROWS:
        raise ImportRejected((RowError(0, "", "too_many_rows"),))
    errors: list[RowError] = []
    drafts: list[tuple[int, OrganizationDraft]] = []
    seen: dict[tuple[str, str], int] = {}
    for done, (row, cells) in enumerate(body, start=1):
        if is_cancelled():
            return None
        draft = _parse_row(row, cells, columns, errors)
        if draft is not None:
            key = normalized_key(draft.name, draft.city)
            if key in seen:
                errors.append(RowError(row, "name", "duplicate_in_file"))
            seen.setdefault(key, row)
            drafts.append((row, draft))
        if done % 200 == 0:
            progress(done, len(body))
    progress(len(body), len(body))
    if errors:
        raise ImportRejected(tuple(errors))
    return drafts


def neutralize(value: str) -> str:
    """Make a cell inert in spreadsheets: prefix `'` to a formula-looking value (reversible)."""
    if value.startswith(_TRIGGERS) or (value.startswith("'") and value[1:2] in (*_TRIGGERS, "'")):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralize`."""
    if value.startswith("'") and value[1:2] in (*_TRIGGERS, "'") and len(value) > 1:
        return value[1:]
    return value


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRejected((RowError(0, "", "too_large"),))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected((RowError(0, "", "not_utf8"),)) from None
    if "\x00" in text:
        raise ImportRejected((RowError(0, "", "malformed"),))
    return text


def _records(text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        out.append((start, cells))
        start = reader.line_num + 1
    return out


def _check_header(header: list[str]) -> list[str]:
    columns = [h.strip().lower() for h in header]
    errors = [RowError(1, c, "unknown_column") for c in columns if c not in COLUMNS]
    errors += [RowError(1, c, "repeated_column") for i, c in enumerate(columns) if c in columns[:i]]
    if "name" not in columns:
        errors.append(RowError(1, "name", "missing_column"))
    if errors:
        raise ImportRejected(tuple(errors))
    return columns


def _parse_row(
    row: int, cells: list[str], columns: list[str], errors: list[RowError]
) -> OrganizationDraft | None:
    if len(cells) != len(columns):
        errors.append(RowError(row, "", "wrong_number_of_cells"))
        return None
    values: dict[str, Any] = {}
    bad = len(errors)
    for column, raw in zip(columns, cells, strict=True):
        try:
            values[column] = _convert(column, restore(raw.strip()))
        except ValueError as exc:
            errors.append(RowError(row, column, str(exc)))
    if len(errors) > bad:
        return None
    draft = clean_draft(OrganizationDraft(**values))
    for column, code in sorted(validate_organization(draft).items()):
        errors.append(RowError(row, column, code))
    return None if len(errors) > bad else draft


def _convert(column: str, raw: str) -> Any:
    if column in _LIST_FIELDS:
        return tuple(p for p in raw.replace(";", ",").split(",") if p.strip())
    if column in _BOOL_FIELDS or column in _TRISTATE_FIELDS:
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE or (not low and column in _BOOL_FIELDS):
            return False
        if not low:
            return None
        raise ValueError("not_yes_no")
    if column in _DATE_FIELDS:
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError("not_a_date") from None
    return raw


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _existing_keys(session: Session) -> set[tuple[str, str]]:
    stmt = select(Organization.name, Organization.city).where(Organization.active.is_(True))
    return {normalized_key(name, city) for name, city in session.execute(stmt)}
