"""Demo data for a new vault: one step per area, each writing through the models."""
