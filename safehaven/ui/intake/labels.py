"""Words for the intake codes, marked for translation (shown with `ui.messages.label`)."""

from __future__ import annotations

from safehaven.i18n import N_

SECTION_STATES = {
    "not_started": N_("not started"),
    "in_progress": N_("in progress"),
    "done": N_("done"),
    "skipped": N_("skipped"),
    "to_revisit": N_("to revisit"),
}
ANSWER_STATES = {
    "answered": N_("Saved"),
    "doesnt_know": N_("Saved: doesn't know"),
    "prefers_not": N_("Saved: prefers not to answer"),
    "not_asked": N_("Not asked"),
}
SESSION_STATUSES = {
    "draft": N_("In progress"),
    "paused": N_("Paused"),
    "complete": N_("Complete"),
}
LANGUAGE_NAMES = {"en": N_("English"), "es": N_("Spanish")}
