"""The consent tab of a case."""
