"""Human sentences for expected failures, shared by the command line and the windows.

Each entry maps an exception type to a function that words it; areas add their own entries to
MESSAGES. Messages never contain personal data (they name ids, fields and codes only).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from safehaven import office_messages
from safehaven.i18n import N_, _
from safehaven.messages_exchange import describe_exchange
from safehaven.services import errors as e
from safehaven.services.directory.csv_io import ImportRejected
from safehaven.services.directory.directory import DuplicateOrganization
from safehaven.services.disclosure import errors as x
from safehaven.services.exchange.errors import ExchangeFailure
from safehaven.services.intake.question_bank import BankError
from safehaven.services.organization.sender import SenderDetailsMissing
from safehaven.services.screening.messages import SCREENING_MESSAGES
from safehaven.services.vault_ops.key_errors import KeySlotsHealthy, TemporaryPasswordMustChange
from safehaven.storage import errors as s
from safehaven.storage.interrupt import Interrupted

FIELD_ERRORS: dict[str, str] = {
    "required": "This field is required.",
    "too_long": "This is too long.",
    "out_of_range": "This value is out of range.",
    "unknown_choice": "Choose one of the listed options.",
    "not_iso_code": "Use a two-letter country code, such as MX.",
    "not_language_code": "Use ISO 639 language codes, such as ar, fr or zh.",
    "invalid": "This does not look right.",
    "before_intake": "The closure date is before the intake date.",
    "not_permitted": "Your role may not record this field.",
    "wrong_type": "This value has the wrong type.",
    "below_floor": "The threshold cannot be lower than 11.",
    "unknown": "This setting does not exist.",
}

PASSWORD_REASONS: dict[str, str] = {
    "too_short": "The password must be at least 10 characters long.",
    "same_as_username": "The password must not be the username.",
    "too_guessable": "The password is too easy to guess. Use a longer phrase of unusual words.",
}


BACKUP_DEFAULT = "The file {path} is not a usable SafeHaven backup ({reason})."
BACKUP_REASONS: dict[str, str] = {
    "missing": "The backup file {path} does not exist.",
    "not_a_backup": "The file {path} is not a SafeHaven backup.",
    "unknown_version": "The backup {path} was made by a newer SafeHaven; update SafeHaven first.",
    "database_checksum": "The backup {path} is damaged (checksum mismatch). Use an older backup.",
    "integrity": "The backup {path} fails its integrity check. Use an older backup.",
    "not_encrypted": "The file {path} holds an unencrypted database and is refused.",
}


def field_error(code: str) -> str:
    return _(FIELD_ERRORS.get(code, "This value is not valid."))


SENDER_LABELS = {
    "organization_name": N_("name"),
    "organization_address": N_("address"),
    "organization_phone": N_("phone"),
}


def _validation(exc: e.ValidationFailed) -> str:
    parts = [f"{name}: {field_error(code)}" for name, code in sorted(exc.errors.items())]
    return _("Please check: {fields}").format(fields="; ".join(parts))


def _keyslots(exc: s.KeySlotsDamaged) -> str:
    msg = _("The key file of this vault is damaged ({reason}).").format(reason=exc.reason)
    if exc.backup_available:
        hint = _("Its second copy, keyslots.json.bak, can be put back (safehaven repair-keyslots).")
        return msg + " " + hint
    return msg + " " + _("Restore the vault from a backup.")


def _database_damaged(exc: s.DatabaseDamaged) -> str:
    msg = _("The database cannot be read ({reason}). Restore the latest good backup.")
    backups = Path(exc.path).parent / "backups"
    if not backups.is_dir():
        return msg.format(reason=exc.reason)
    hint = _(
        "Nothing was changed. Automatic backups are in {folder}; restore one into a new folder "
        "with: safehaven restore FILE --data-dir NEW_FOLDER"
    )
    return msg.format(reason=exc.reason) + " " + hint.format(folder=backups)


MESSAGES: dict[type[BaseException], Callable[[Any], str]] = {
    s.WrongCredentials: lambda exc: _("The username or password is not correct."),
    s.VaultNotFound: lambda exc: _("There is no SafeHaven vault in {folder}.").format(
        folder=exc.folder
    ),
    s.VaultExists: lambda exc: _("A SafeHaven vault already exists in {folder}.").format(
        folder=exc.folder
    ),
    s.VaultLocked: lambda exc: _("SafeHaven is already open on this computer."),
    s.KeySlotsDamaged: _keyslots,
    s.DatabaseDamaged: _database_damaged,
    s.VaultReadOnly: lambda exc: _(
        "SafeHaven cannot write to {path}: the folder is read-only."
    ).format(path=exc.path),
    s.DiskFull: lambda exc: _("The disk is full; nothing was saved. Free some space and retry."),
    s.BackupInvalid: lambda exc: _(BACKUP_REASONS.get(exc.reason, BACKUP_DEFAULT)).format(
        path=exc.path, reason=exc.reason
    ),
    e.ChangedElsewhere: lambda exc: _(
        "Someone saved this record after you opened it, so your changes were not saved over "
        "theirs. The saved version is shown now with your changes on top: check them and save "
        "again."
    ),
    e.ConfirmationRequired: lambda exc: _(
        "This cannot be undone; it needs an explicit confirmation. Nothing was changed."
    ),
    e.PermissionDenied: lambda exc: _("Your role does not allow this ({permission}).").format(
        permission=exc.permission
    ),
    e.NotFound: lambda exc: _("No {kind} with id {id} was found.").format(
        kind=exc.kind, id=exc.object_id
    ),
    e.ValidationFailed: _validation,
    e.UsernameTaken: lambda exc: _("The username {username} is already taken.").format(
        username=exc.username
    ),
    e.WeakPassword: lambda exc: _(PASSWORD_REASONS.get(exc.reason, "The password is too weak.")),
    e.LastAdministrator: lambda exc: _("The last active administrator cannot be removed."),
    e.ConsentMissing: lambda exc: _(
        "There is no valid consent for {purpose} ({reason}) for this client."
    ).format(purpose=exc.purpose, reason=exc.reason),
    e.InvalidTransition: lambda exc: _(
        "A {kind} cannot go from {from_state} to {to_state}."
    ).format(kind=exc.kind, from_state=exc.from_state, to_state=exc.to_state),
    KeySlotsHealthy: lambda exc: _(
        "The key file {path} is not damaged, so nothing was repaired. Repairing is only for a "
        "missing or damaged key file."
    ).format(path=exc.path),
    TemporaryPasswordMustChange: lambda exc: _(
        "The password of {username} is temporary: change it first (safehaven change-password); "
        "nothing else was done."
    ).format(username=exc.username),
    ExchangeFailure: describe_exchange,
    SenderDetailsMissing: lambda exc: _(
        "Letters need the shelter's details, and these are not set: {missing}. An administrator "
        "sets them in Administration → Settings (or safehaven settings set); nothing was printed."
    ).format(missing=", ".join(_(SENDER_LABELS.get(key, key)) for key in exc.missing)),
    DuplicateOrganization: lambda exc: _("This organization is already in the directory."),
    ImportRejected: lambda exc: _(
        "The file was refused and nothing was imported ({count} problems)."
    ).format(count=len(exc.errors)),
    BankError: lambda exc: _(
        "The intake question bank is damaged at {question} ({problem}). Reinstall SafeHaven."
    ).format(question=exc.question_key or "-", problem=exc.problem),
    x.InvalidPeriod: lambda exc: _(
        "{text} is not a fixed period. Use a quarter (2026-Q1), a half-year (2026-H1) or a year "
        "(2026)."
    ).format(text=exc.text),
    x.TooFewClients: lambda exc: _(
        "Too few clients for {period}: fewer than {minimum} were served, so no statistics can be "
        "published safely. Choose a longer period."
    ).format(period=exc.period, minimum=exc.minimum),
    x.AuditFailed: lambda exc: _(
        "The privacy check failed for {period}, so nothing was written: some hidden numbers could "
        "still be worked out ({reasons}). Try a longer period."
    ).format(period=exc.period, reasons=", ".join(exc.reasons)),
    x.EarlierExportConflict: lambda exc: _(
        "The data for {earlier} changed after it was exported; comparing that export with one "
        "for {period} could reveal the changed clients, so nothing was written."
    ).format(earlier=exc.earlier_period, period=exc.period),
    x.ExportCancelled: lambda exc: _("The export was cancelled; nothing was written."),
    Interrupted: lambda exc: _("Cancelled; nothing was written."),
    x.PolicyInvalid: lambda exc: _("The export policy {policy} cannot be used ({problem}).").format(
        policy=exc.policy, problem=exc.problem
    ),
    x.OutputProblem: lambda exc: _(
        "The export cannot be written to this folder ({reason}). Choose an empty folder."
    ).format(reason=exc.reason),
    **SCREENING_MESSAGES,
    **office_messages.MESSAGES,
}


def describe(exc: BaseException) -> str:
    """One human sentence for an expected failure (most specific registered type wins)."""
    for klass in type(exc).__mro__:
        if klass in MESSAGES:
            return MESSAGES[klass](exc)
    return _("Something went wrong ({kind}).").format(kind=type(exc).__name__)


def is_expected(exc: BaseException) -> bool:
    return isinstance(exc, e.DomainError | s.VaultError) or type(exc) in office_messages.MESSAGES
