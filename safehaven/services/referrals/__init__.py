"""Referrals: the referral itself, its consent gate and flags, letters, labels and the overview.

Importing the package registers the consent-withdrawal hook that flags open referrals, so
consent never imports referrals (the link runs one way: referrals -> consent).
"""

from safehaven.services.consent.consent import on_withdrawal
from safehaven.services.referrals.flags import flag_open_referrals

on_withdrawal(flag_open_referrals)
