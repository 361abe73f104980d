"""Windows of the exchange between organizations: sending a referral securely, the Exchange page
(key card, partners, received referrals, Open received file…)."""
