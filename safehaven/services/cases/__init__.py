"""Clients and their case: registration, profile, the case list, the case view and notes."""
