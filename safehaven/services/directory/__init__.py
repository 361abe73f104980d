"""The directory of partner organizations and its CSV import and export."""
