"""Office mode use-cases: staff logins on the server, signing in, count-only figures."""
