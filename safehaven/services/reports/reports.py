"""Aggregate reports and de-identified exports for fixed periods (docs/director-guide.md).

`build_period_report` shows the policy's tables in the app: exact counts to roles holding
VIEW_EXACT_COUNTS (directors), the protected version to everyone else (administrators). What
leaves the vault is always the protected version, made by `export_period`, fail-closed:
generalize → primary suppression → complementary suppression (against totals, other tables and
the ledger of earlier exports for overlapping periods) → MILP reconstruction audit → files.

Who may export: EXPORT_DEIDENTIFIED, held by directors and administrators. Administrators keep it
because in small shelters the director is often absent or the same person, an export contains
only audited aggregates (administrators never see exact counts, only this protected version),
and every export is recorded in the audit trail and the ledger.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from safehaven.i18n import current_language
from safehaven.models.export_ledger import ExportLedger
from safehaven.models.period import Period, PeriodFormatError, parse_period
from safehaven.models.permissions import Permission, Role
from safehaven.services import settings as settings_service
from safehaven.services.access import require
from safehaven.services.actor import Actor
from safehaven.services.audit import record_event
from safehaven.services.disclosure import files as export_files
from safehaven.services.disclosure.cells import CellKey, Layout
from safehaven.services.disclosure.errors import InvalidPeriod, TooFewClients, stop_if_cancelled
from safehaven.services.disclosure.pdf import build_pdf
from safehaven.services.disclosure.policy import DEFAULT_POLICY, Policy, load_policy
from safehaven.services.disclosure.protect import (
    PriorExport,
    Protected,
    default_layouts,
    exact_values,
    protect,
)
from safehaven.services.disclosure.tabulate import Frame, load_frame

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


def _no_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


@dataclass(frozen=True)
class ReportCell:
    row: str
    column: str
    value: int | None  # None: hidden
    flag: str  # "" | "suppressed" | "zero"


@dataclass(frozen=True)
class ReportTable:
    id: str
    title: str
    population: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[ReportCell, ...]

    def cell(self, row: str, column: str) -> ReportCell:
        return next(c for c in self.cells if c.row == row and c.column == column)


@dataclass(frozen=True)
class PeriodReport:
    period: str
    exact: bool
    too_few_clients: bool
    threshold: int
    tables: tuple[ReportTable, ...]
    withheld: tuple[str, ...]


@dataclass(frozen=True)
class ExportResult:
    export_id: str
    period: str
    folder: str
    files: tuple[str, ...]
    primary_suppressed: int
    complementary_suppressed: int
    diversity_suppressed: int
    withheld: tuple[str, ...]
    seconds: float


def period_from_text(text: str) -> Period:
    """The edge parse of a typed period ("2026-Q1", "2026-H1", "2026"); the services below take
    a `Period` only. A free date range or a malformed text is refused with InvalidPeriod."""
    try:
        return parse_period(text)
    except PeriodFormatError as exc:
        raise InvalidPeriod(exc.text, exc.accepted) from None


def effective_threshold(session: Session, policy: Policy) -> int:
    """The policy's threshold, raised by the vault setting; never below 11."""
    setting = settings_service.get_setting(session, "export_threshold")
    return max(11, policy.threshold, int(setting))


def build_period_report(
    session: Session,
    *,
    actor: Actor,
    period: Period,
    policy_name: str = DEFAULT_POLICY,
    progress: Progress = _no_progress,
    is_cancelled: IsCancelled = _never,
) -> PeriodReport:
    require(actor, Permission.VIEW_REPORTS)
    fixed, policy = period, load_policy(policy_name)
    exact = actor.can(Permission.VIEW_EXACT_COUNTS)
    with session.begin():
        threshold = effective_threshold(session, policy)
        priors = [] if exact else _priors(session, fixed)
        frame = load_frame(session, [fixed, *(p.period for p in priors)])
        record_event(
            session,
            actor_id=actor.user_id,
            action="report_viewed",
            object_type="report",
            details={"period": fixed.id, "exact": exact, "policy_id": policy.id},
        )
    if exact:
        layouts = default_layouts(policy)
        values = exact_values(frame, fixed, layouts)
        tables = tuple(_table(lay, lambda k: values[k]) for lay in layouts)
        return PeriodReport(fixed.id, True, False, threshold, tables, ())
    try:
        protected = protect(
            policy,
            frame,
            fixed,
            priors,
            threshold=threshold,
            progress=progress,
            is_cancelled=is_cancelled,
        )
    except TooFewClients:
        return PeriodReport(fixed.id, False, True, threshold, (), ())
    tables = tuple(_table(lay, protected.published) for lay in protected.layouts)
    return PeriodReport(fixed.id, False, False, threshold, tables, tuple(protected.withheld))


def export_period(
    session: Session,
    *,
    actor: Actor,
    period: Period,
    out_dir: Path,
    policy_name: str = DEFAULT_POLICY,
    progress: Progress = _no_progress,
    is_cancelled: IsCancelled = _never,
    language: str | None = None,
    head_signer: Callable[[int, str], dict[str, object]] | None = None,
) -> ExportResult:
    """Write tables.csv, summary.pdf and manifest.json into `out_dir` — only after the audit
    passes; on any failure nothing is written and a typed error says why."""
    require(actor, Permission.EXPORT_DEIDENTIFIED)
    started = time.monotonic()
    fixed, policy = period, load_policy(policy_name)
    names = (export_files.CSV_NAME, export_files.PDF_NAME, export_files.MANIFEST_NAME)
    export_files.check_folder(Path(out_dir), names)
    with session.begin():
        threshold = effective_threshold(session, policy)
        priors = _priors(session, fixed)
        frame: Frame = load_frame(session, [fixed, *(p.period for p in priors)])
    stop_if_cancelled(is_cancelled)
    try:
        protected = protect(
            policy,
            frame,
            fixed,
            priors,
            threshold=threshold,
            progress=progress,
            is_cancelled=is_cancelled,
        )
    except Exception as exc:
        _record_refusal(session, actor, fixed, policy, type(exc).__name__)
        raise
    del frame
    stop_if_cancelled(is_cancelled)
    export_id = str(uuid.uuid4())
    files = _render(protected, policy, export_id, actor, language or current_language())
    stop_if_cancelled(is_cancelled)  # the PDF took a moment; nothing is written yet
    export_files.check_folder(Path(out_dir), tuple(files))
    with session.begin():
        entry = _ledger_entry(protected, policy, export_id, actor)
        session.add(entry)
        session.flush()
        event = record_event(
            session,
            actor_id=actor.user_id,
            action="export_created",
            object_type="export_ledger",
            object_id=entry.id,
            details=_details(protected, policy, export_id),
        )
        if head_signer is not None:  # the chain head, recorded outside the vault
            files[export_files.MANIFEST_NAME] = export_files.with_audit_head(
                files[export_files.MANIFEST_NAME], head_signer(event.id, event.hash)
            )
    export_files.write_files(Path(out_dir), files)
    s = protected.suppression
    return ExportResult(
        export_id=export_id,
        period=fixed.id,
        folder=str(out_dir),
        files=tuple(files),
        primary_suppressed=len(s.primary),
        complementary_suppressed=len(s.complementary),
        diversity_suppressed=len(s.diversity),
        withheld=tuple(protected.withheld),
        seconds=time.monotonic() - started,
    )


def _render(
    protected: Protected, policy: Policy, export_id: str, actor: Actor, language: str
) -> dict[str, bytes]:
    csv_bytes = export_files.build_csv(protected, language=language)
    pdf_bytes = build_pdf(protected, language=language)
    data = {export_files.CSV_NAME: csv_bytes, export_files.PDF_NAME: pdf_bytes}
    info = export_files.ManifestInput(
        export_id=export_id,
        created=dt.date.today(),
        policy=policy,
        protected=protected,
        attestation_role=attestation_role(actor),
    )
    data[export_files.MANIFEST_NAME] = export_files.build_manifest(info, data)
    return data


def attestation_role(actor: Actor) -> str:
    return "Program Director" if actor.has_role(Role.DIRECTOR) else "Administrator"


def _priors(session: Session, period: Period) -> list[PriorExport]:
    stmt = (
        select(ExportLedger)
        .where(ExportLedger.period_start <= period.end, ExportLedger.period_end >= period.start)
        .order_by(ExportLedger.id)
    )
    out = []
    for entry in session.execute(stmt).scalars():
        items = json.loads(entry.published)
        published = {CellKey.from_json(item["key"]): item["value"] for item in items}
        strict = frozenset(CellKey.from_json(i["key"]) for i in items if i.get("strict", True))
        period_ = parse_period(entry.period_id)
        out.append(PriorExport(entry.export_id, period_, published, strict))
    return out


def _ledger_entry(
    protected: Protected, policy: Policy, export_id: str, actor: Actor
) -> ExportLedger:
    period = protected.period
    return ExportLedger(
        export_id=export_id,
        period_id=period.id,
        period_start=period.start,
        period_end=period.end,
        policy_id=policy.id,
        policy_version=policy.version,
        policy_sha256=policy.sha256,
        recipient_class=policy.recipient_class,
        threshold=protected.threshold,
        published=json.dumps(export_files.published_ledger(protected), separators=(",", ":")),
        by_id=actor.user_id,
        by_role="director" if actor.has_role(Role.DIRECTOR) else "admin",
    )


def _details(protected: Protected, policy: Policy, export_id: str) -> dict[str, object]:
    s = protected.suppression
    return {
        "export_id": export_id,
        "period": protected.period.id,
        "policy_id": policy.id,
        "policy_sha256": policy.sha256,
        "primary_suppressed": len(s.primary),
        "complementary_suppressed": len(s.complementary),
        "diversity_suppressed": len(s.diversity),
        "withheld": list(protected.withheld),
    }


def _record_refusal(
    session: Session, actor: Actor, period: Period, policy: Policy, reason: str
) -> None:
    with session.begin():
        record_event(
            session,
            actor_id=actor.user_id,
            action="export_refused",
            object_type="export_ledger",
            details={"period": period.id, "policy_id": policy.id, "reason": reason},
        )


def _table(layout: Layout, value_of: Callable[[CellKey], int | None]) -> ReportTable:
    cells = []
    for c in layout.cells:
        value = value_of(c.key)
        flag = "suppressed" if value is None else ("zero" if value == 0 else "")
        cells.append(ReportCell(c.row, c.column, value, flag))
    return ReportTable(
        layout.spec.id,
        layout.spec.title,
        layout.spec.population,
        layout.rows,
        layout.columns,
        tuple(cells),
    )


def list_exports(session: Session, *, actor: Actor) -> list[tuple[str, str, dt.datetime]]:
    """(export id, period, when) of earlier exports, newest first."""
    require(actor, Permission.VIEW_REPORTS)
    with session.begin():
        rows = session.execute(
            select(ExportLedger.export_id, ExportLedger.period_id, ExportLedger.at).order_by(
                ExportLedger.id.desc()
            )
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]
