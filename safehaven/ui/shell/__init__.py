"""The application shell: first run, sign-in, the main window and locking."""
