"""Funder reports over a period (the de-identified export lives in services/disclosure)."""
