"""The de-identified export engine (docs/director-guide.md): policy, tabulation,
generalization, suppression, the MILP reconstruction audit, and the files it writes."""
