"""The encrypted vault: key slots, SQLCipher engine, migrations, backups, lock file."""
