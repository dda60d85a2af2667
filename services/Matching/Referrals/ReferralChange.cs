// What became of a change to a referral: one row change like any other (see ReferralStore).
global using ReferralChange = Marketplace.Messaging.RowChange<Marketplace.Matching.Referrals.Referral>;
