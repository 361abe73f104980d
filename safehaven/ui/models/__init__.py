"""Item models of the case list and the case page."""
