"""Consent: what the survivor agreed to share, with whom, and its withdrawal."""
