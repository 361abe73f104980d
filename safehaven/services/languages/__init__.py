"""The survivor's language: per-language text files for any survivor-facing bank, their review
status, the person's languages as ISO 639 codes, and PDF text in any script."""
