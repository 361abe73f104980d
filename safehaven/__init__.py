"""SafeHaven: offline, encrypted case management for anti-trafficking shelters."""

__version__ = "0.1.0"
