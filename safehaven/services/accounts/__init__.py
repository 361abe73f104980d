"""Staff accounts: sign-in, roles, passwords and the quick-unlock PIN."""
