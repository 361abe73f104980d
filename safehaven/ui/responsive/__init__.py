"""Keeping the window responsive: page loads off the GUI thread."""
