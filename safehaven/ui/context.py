"""What every page and tab receives: the open vault, the signed-in actor, the task runner."""

from __future__ import annotations

from dataclasses import dataclass

from safehaven.services.actor import Actor
from safehaven.storage.vault import OpenVault
from safehaven.ui.tasks import TaskRunner


@dataclass
class UiContext:
    vault: OpenVault
    actor: Actor
    runner: TaskRunner

    def session(self):  # type: ignore[no-untyped-def]
        """A fresh session for one user action (use as a context manager)."""
        return self.vault.session()
