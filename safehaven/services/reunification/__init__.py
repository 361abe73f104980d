"""Family reunification: family contacts, safety assessments and follow-up visits."""
