"""The directory page and its organization dialog."""
