"""The case list, the case page and its general tabs (profile, history, notes), tasks."""
