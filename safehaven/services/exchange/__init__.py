"""Exchange between organizations: identity and key cards, partners, signed and age-encrypted
FHIR R4 referral packages and status files, and directories in Open Referral HSDS 3.0.

The file formats are specified in docs/exchange-format.md.
"""
