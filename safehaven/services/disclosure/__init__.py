"""The de-identified export engine (reference/deidentification.md): policy, tabulation,
generalization, suppression, the MILP reconstruction audit, and the files it writes."""
