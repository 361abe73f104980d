"""Signing in to the office server from the desktop: a saved connection profile, the person's
own database login and password, TLS verify-full. Nothing is written to this laptop.

The result looks like a vault sign-in to the windows: `vault` is the store sessions come from
(the office store offers `session()` and `close()` as an open vault does).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safehaven.services.actor import Actor
from safehaven.services.office.accounts import change_own_office_password, signed_in_account
from safehaven.storage.postgres.errors import OfficeSetupFailed
from safehaven.storage.postgres.profile import PROFILE_NAME, ConnectionProfile, load_profile
from safehaven.storage.stores.office_store import OfficeStore, open_office

PROFILE_FOLDER = "profiles"  # more saved profiles beside the default office.json


@dataclass(frozen=True)
class OfficeSignedIn:
    vault: OfficeStore
    actor: Actor
    must_change_password: bool = False
    via_recovery: bool = False


@dataclass(frozen=True)
class ProfileChoice:
    path: Path
    label: str  # "host:port/database": where, never who


def saved_profiles(folder: Path) -> list[ProfileChoice]:
    """The connection profiles saved in the data folder (office.json, then profiles/*.json)."""
    found = [folder / PROFILE_NAME] if (folder / PROFILE_NAME).is_file() else []
    extra = folder / PROFILE_FOLDER
    found += sorted(extra.glob("*.json")) if extra.is_dir() else []
    choices = []
    for path in found:
        try:
            profile = read_profile(path)
        except OfficeSetupFailed:
            continue
        choices.append(ProfileChoice(path, f"{profile.host}:{profile.port}/{profile.dbname}"))
    return choices


def choice_for(path: Path) -> ProfileChoice:
    """A profile named on the command line (`safehaven gui --profile FILE`)."""
    profile = read_profile(path)
    return ProfileChoice(Path(path), f"{profile.host}:{profile.port}/{profile.dbname}")


def read_profile(path: Path) -> ConnectionProfile:
    try:
        return load_profile(Path(path))
    except (OSError, ValueError):
        raise OfficeSetupFailed("bad_profile") from None


def sign_in_office(profile_path: Path, username: str, password: str) -> OfficeSignedIn:
    """Connect as `username`; the server says who that is (a disabled account is refused) and
    whether a temporary password must be replaced first."""
    store = open_office(read_profile(profile_path), username, password)
    try:
        with store.session() as session:
            actor, must_change = signed_in_account(session)
    except BaseException:
        store.close()
        raise
    return OfficeSignedIn(store, actor, must_change_password=must_change)


def change_office_password(
    store: OfficeStore, *, actor: Actor, current_password: str, new_password: str
) -> None:
    """The signed-in person's own new password. The current one is proved first by a separate
    sign-in (an unlocked window alone is not enough); the store then connects with the new one.
    A wrong current password raises OfficeLoginRefused and changes nothing."""
    open_office(store.profile, store.username, current_password).close()
    with store.session() as session:
        change_own_office_password(session, actor=actor, new_password=new_password)
    store.use_password(new_password)
