"""The PySide6 user interface. Presents and calls services; builds no queries."""
