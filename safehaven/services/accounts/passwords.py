"""Password strength: zxcvbn's estimate plus a length floor, with a reason code when refused."""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

MIN_LENGTH = 10
MIN_SCORE = 3  # zxcvbn 0–4: 3 = "safely unguessable: moderate protection from offline attack"


@dataclass(frozen=True)
class Strength:
    score: int  # 0–4
    acceptable: bool
    reason: str | None  # too_short | same_as_username | too_guessable | None


def assess_password(password: str, *, username: str = "", extra: tuple[str, ...] = ()) -> Strength:
    if len(password) < MIN_LENGTH:
        score = zxcvbn(password[:100])["score"] if password else 0
        return Strength(min(int(score), 1), False, "too_short")
    if username and password.casefold() == username.casefold():
        return Strength(0, False, "same_as_username")
    result = zxcvbn(password[:100], user_inputs=[u for u in (username, *extra) if u])
    score = int(result["score"])
    if score < MIN_SCORE:
        return Strength(score, False, "too_guessable")
    return Strength(score, True, None)
