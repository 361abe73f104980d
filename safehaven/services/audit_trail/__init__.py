"""The audit trail's defences beyond the hash chain: recorded heads and append-only triggers."""
