"""Accounts, roles and the permission matrix, enforced in the services."""

from __future__ import annotations

import pytest

from safehaven.models.permissions import Permission, Role, parse_roles, permissions_for
from safehaven.services.accounts import accounts
from safehaven.services.cases.clients import ClientDraft, get_client, register_client, update_client
from safehaven.services.errors import (
    LastAdministrator,
    PermissionDenied,
    UsernameTaken,
    WeakPassword,
)
from safehaven.storage.errors import WrongCredentials
from tests.conftest import ADMIN_PASSWORD, STAFF_PASSWORD


def _client(vault, actor, **kw):
    with vault.session() as s:
        return register_client(s, actor=actor, draft=ClientDraft(chosen_name="Rosa", **kw))


def test_director_cannot_read_a_client_record(vault, staff) -> None:
    row = _client(vault, staff.caseworker)
    with vault.session() as s, pytest.raises(PermissionDenied):
        get_client(s, actor=staff.director, client_id=row.id)


def test_intake_worker_cannot_create_users(vault, staff) -> None:
    with pytest.raises(PermissionDenied):
        accounts.create_user(
            vault,
            actor=staff.intake,
            username="mallory",
            display_name="M",
            roles=(Role.ADMIN,),
            password=STAFF_PASSWORD,
        )


def test_caseworker_sees_only_own_or_unassigned_cases(vault, staff) -> None:
    mine = _client(vault, staff.caseworker, assigned_caseworker_id=staff.caseworker.user_id)
    theirs = _client(vault, staff.caseworker, assigned_caseworker_id=staff.caseworker2.user_id)
    with vault.session() as s:
        assert get_client(s, actor=staff.caseworker, client_id=mine.id).id == mine.id
        with pytest.raises(PermissionDenied):
            get_client(s, actor=staff.caseworker, client_id=theirs.id)
        assert get_client(s, actor=staff.supervisor, client_id=theirs.id).id == theirs.id


def test_legal_name_is_withheld_from_intake_staff(vault, staff) -> None:
    row = _client(vault, staff.caseworker, legal_name="Rosa Legalname")
    with vault.session() as s:
        seen_by_caseworker = get_client(s, actor=staff.caseworker, client_id=row.id)
    assert seen_by_caseworker.legal_name == "Rosa Legalname"
    own = _client(vault, staff.intake)
    with vault.session() as s:
        seen = get_client(s, actor=staff.intake, client_id=own.id)
        assert seen.legal_name is None
        assert not seen.legal_visible
        # saving the profile without legal-name access leaves the legal name untouched
        update_client(s, actor=staff.intake, client_id=own.id, draft=ClientDraft(chosen_name="R"))


def test_create_user_adds_slot_and_row_together(vault, staff, vault_dir) -> None:
    with pytest.raises(UsernameTaken):
        accounts.create_user(
            vault,
            actor=staff.admin,
            username="CASEWORKER",
            display_name="dup",
            roles=(Role.CASEWORKER,),
            password=STAFF_PASSWORD,
        )
    before = vault.load_keyslots().slots
    with pytest.raises(WeakPassword):
        accounts.create_user(
            vault,
            actor=staff.admin,
            username="newbie",
            display_name="N",
            roles=(Role.INTAKE,),
            password="password1",
        )
    assert vault.load_keyslots().slots == before
    with vault.session() as s:
        names = [u.username for u in accounts.list_users(s, actor=staff.admin)]
    assert "newbie" not in names


def test_reset_password_forces_change_and_deactivation_removes_slot(vault, staff, vault_dir):
    temporary = accounts.reset_password(vault, actor=staff.admin, user_id=staff.caseworker.user_id)
    vault.close()
    signed = accounts.sign_in(vault_dir, "caseworker", temporary)
    assert signed.must_change_password
    accounts.change_own_password(
        signed.vault,
        actor=signed.actor,
        current_password=temporary,
        new_password="a brand new passphrase 7",
    )
    signed.vault.close()
    admin = accounts.sign_in(vault_dir, "admin", ADMIN_PASSWORD)
    accounts.deactivate_user(admin.vault, actor=admin.actor, user_id=staff.caseworker.user_id)
    admin.vault.close()
    with pytest.raises(WrongCredentials):
        accounts.sign_in(vault_dir, "caseworker", "a brand new passphrase 7")


def test_last_active_administrator_cannot_be_deactivated(vault, staff) -> None:
    with pytest.raises(LastAdministrator):
        accounts.deactivate_user(vault, actor=staff.admin, user_id=staff.admin.user_id)
    with vault.session() as s, pytest.raises(LastAdministrator):
        accounts.set_roles(
            s, actor=staff.admin, user_id=staff.admin.user_id, roles=(Role.DIRECTOR,)
        )


def test_permission_matrix_is_data() -> None:
    assert Permission.READ_CLIENT not in permissions_for([Role.DIRECTOR])
    assert Permission.EXPORT_DEIDENTIFIED in permissions_for([Role.DIRECTOR])
    assert Permission.MANAGE_USERS not in permissions_for([Role.INTAKE])
    assert Permission.APPROVE_REUNIFICATION in permissions_for([Role.SUPERVISOR])
    assert Permission.MANAGE_NOTES not in permissions_for([Role.INTAKE, Role.DIRECTOR])
    assert parse_roles("Caseworker, supervisor,caseworker") == (Role.CASEWORKER, Role.SUPERVISOR)
    with pytest.raises(ValueError, match="wizard"):
        parse_roles("caseworker,wizard")
