"""Windows for key-slot decisions (deactivation with key rotation)."""
