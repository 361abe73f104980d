"""The lock screen shows the last user's name unless the shared-computer setting hides it."""

from __future__ import annotations

import pytest

from safehaven.services import settings as settings_service
from tests.conftest import STAFF_PASSWORD
from tests.ui.shell_support import sign_in, start_app, wait_unlocked


@pytest.mark.parametrize("hidden", [False, True])
def test_lock_screen_names_the_user_only_when_allowed(qtbot, vault, staff, hidden) -> None:
    with vault.session() as session:
        changes = {"lock_hides_username": hidden}
        settings_service.update_settings(session, actor=staff.admin, changes=changes)
    vault.close()
    app = start_app(qtbot, vault.folder)
    try:
        sign_in(qtbot, app, "caseworker", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
        app.lock()
        assert app.panel is not None
        assert app.panel.form.username.text() == ("" if hidden else "caseworker")
        sign_in(qtbot, app, "caseworker", STAFF_PASSWORD)
        wait_unlocked(qtbot, app)
    finally:
        app.shutdown()
