"""The administration page: users, settings, backups, retention and erasure."""
