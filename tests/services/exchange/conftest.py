"""Close every vault the exchange helpers opened, whatever the test's outcome."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.services.exchange.helpers import close_all


@pytest.fixture(autouse=True)
def _close_vaults() -> Iterator[None]:
    yield
    close_all()
