"""Consent explanations read to the survivor, one per consent purpose, in every bank language.

Kept in `resources/consent/explanations-v<N>.json` (English and Spanish inline) with the other
languages as files in `resources/consent/languages/`, like the intake bank.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from safehaven.models.consent import PURPOSES
from safehaven.paths import resource
from safehaven.services.languages.translations import merge_translations

EXPLANATIONS_FILE = "consent/explanations-v1.json"


@dataclass(frozen=True)
class ConsentExplanations:
    languages: tuple[str, ...]
    texts: Mapping[str, Mapping[str, str]]  # purpose -> {language: explanation}

    def text(self, purpose: str, language: str) -> str:
        """The explanation in `language`, in English when that language has none."""
        by_language = self.texts.get(purpose, {})
        return by_language.get(language) or by_language.get("en", "")


@cache
def load_explanations() -> ConsentExplanations:
    path = resource(EXPLANATIONS_FILE)
    data = merge_translations(json.loads(path.read_text("utf-8")), path)
    texts = {str(item["key"]): dict(item["explanation"]) for item in data["purposes"]}
    missing = [p for p in PURPOSES if p not in texts]
    if missing:
        raise ValueError(f"consent explanations missing for {missing}")
    return ConsentExplanations(tuple(data["languages"]), texts)
