"""The referrals tab, the referral and letter dialogs and referral wording."""
