"""Office mode: the PostgreSQL store (roles, row-level security, TLS, search, backups)."""
