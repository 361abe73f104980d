"""Referrals: the referral itself, its consent gate and flags, letters, labels and the overview."""
