"""Every window test starts and ends in English, whatever language a test switched to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from safehaven import i18n


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")
