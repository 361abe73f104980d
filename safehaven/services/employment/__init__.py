"""Employment: baseline, training, employers, placements and their retention checks."""
