"""The reports page and its table and chart widgets."""
