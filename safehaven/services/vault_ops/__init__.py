"""Looking after the vault: backups, key rotation, erasure, health checks and the recovery kit."""
