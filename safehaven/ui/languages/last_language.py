"""The interface language last used on this computer, so the sign-in screen opens in it.

The vault's language setting is encrypted and can only be read after sign-in; without this the
sign-in screen would always start in English. What is kept is a language code and nothing else
("es"), in `paths.state_dir()/interface.json` beside the remembered window sizes: it names no
person, no case and no account.
"""

from __future__ import annotations

import json
import logging

from safehaven import i18n
from safehaven.paths import state_dir
from safehaven.storage.files import write_atomic

log = logging.getLogger(__name__)
FILE_NAME = "interface.json"


def last_language() -> str | None:
    """The code kept by `remember`, if it is still a language this build offers."""
    try:
        data = json.loads((state_dir() / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    code = data.get("language") if isinstance(data, dict) else None
    return code if isinstance(code, str) and code in i18n.available_languages() else None


def remember(code: str) -> None:
    """Keep `code` (a language code only) for the next sign-in screen."""
    if code not in i18n.available_languages() or code == last_language():
        return
    try:
        state_dir().mkdir(parents=True, exist_ok=True)
        write_atomic(state_dir() / FILE_NAME, json.dumps({"language": code}).encode("utf-8"))
    except OSError as exc:  # a language not remembered is no reason to stop
        log.warning("interface language not remembered (%s)", type(exc).__name__)
