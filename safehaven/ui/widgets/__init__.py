"""Small widgets shared by several windows (banner, password field)."""
