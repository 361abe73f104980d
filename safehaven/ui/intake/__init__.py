"""Widgets of the intake, consent and notes case tabs."""
