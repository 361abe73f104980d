"""Victim identification without labels: indicator screening, response protocols, staff training.

Modules: `bank` (the versioned question banks), `sessions` (a screening from setting checks to the
outcome the staff member chooses), `protocol_files` and `protocols` (response step lists and their
runs on a case), `jurisdictions` (hotline and report contacts), `training` (staff training
records), `report` (the units the reports and de-identified export count).
"""
