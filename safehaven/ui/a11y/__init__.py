"""What a screen reader and a keyboard-only user need: field names, announcements, focus."""
