"""The reunification tab: family contacts, assessments, follow-ups, and their wording."""
