using Marketplace.Matching.Capacity;
using Marketplace.Matching.Fees;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Partners;
using Marketplace.Matching.Referrals;
using Marketplace.Matching.ShareLinks;
using Marketplace.Matching.Webhooks;
using Marketplace.Matching.Partnerships;
using Marketplace.Matching.Skills;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Data;

public sealed class MatchingDbContext(DbContextOptions<MatchingDbContext> options) : DbContext(options)
{
    /// <summary>Matching's projection of Network's firms: who could receive a referral.</summary>
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerLink> PartnerLinks => Set<PartnerLink>();
    public DbSet<AgreementVersion> AgreementVersions => Set<AgreementVersion>();
    public DbSet<PartnerSkillRow> PartnerSkills => Set<PartnerSkillRow>();
    public DbSet<PartnerReputation> PartnerReputations => Set<PartnerReputation>();
    public DbSet<PartnerSkillsVersion> PartnerSkillsVersions => Set<PartnerSkillsVersion>();
    public DbSet<PartnerCapacity> PartnerCapacities => Set<PartnerCapacity>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<ReferralTransition> ReferralTransitions => Set<ReferralTransition>();
    public DbSet<Questions.OfferQuestion> OfferQuestions => Set<Questions.OfferQuestion>();
    public DbSet<InboxRead> InboxReads => Set<InboxRead>();
    public DbSet<FeeEntry> Fees => Set<FeeEntry>();
    public DbSet<Idempotency.IdempotencyKey> IdempotencyKeys => Set<Idempotency.IdempotencyKey>();
    public DbSet<ShareLink> ShareLinks => Set<ShareLink>();
    public DbSet<AvailabilityLinks.AvailabilityLink> AvailabilityLinks => Set<AvailabilityLinks.AvailabilityLink>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Partner>(e =>
        {
            e.HasKey(p => p.FirmId);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.TimeZone).HasMaxLength(64);
            e.Property(p => p.HolidayCountry).HasMaxLength(2);
            e.Property(p => p.HolidayRegion).HasMaxLength(3);
            e.Property(p => p.ClosingDays).HasDefaultValueSql("'{}'::text[]"); // partners projected before closing days have none
            e.Property(p => p.Regions).HasDefaultValueSql("'{}'::text[]"); // nor regions: the next FirmUpdated brings them
        });
        modelBuilder.Entity<PartnerLink>(e =>
        {
            e.HasKey(l => l.PartnershipId);
            e.HasIndex(l => l.InviterFirmId);
            e.HasIndex(l => l.InviteeFirmId);
        });
        modelBuilder.Entity<AgreementVersion>(e =>
        {
            e.HasKey(a => new { a.PartnershipId, a.Version });
            e.Property(a => a.FeeKind).HasMaxLength(20);
            e.Property(a => a.FeeCurrency).HasMaxLength(3);
            e.Property(a => a.FeePercent).HasPrecision(5, 2);
            e.Property(a => a.FeeAmount).HasPrecision(12, 2);
        });
        modelBuilder.Entity<PartnerSkillRow>(e =>
        {
            e.HasKey(r => new { r.FirmId, r.SkillId });
            e.Property(r => r.SkillId).HasMaxLength(100);
            e.HasIndex(r => new { r.SkillId, r.Level });
        });
        modelBuilder.Entity<PartnerSkillsVersion>().HasKey(v => v.FirmId);
        modelBuilder.Entity<PartnerReputation>(e =>
        {
            e.HasKey(r => r.FirmId);
            e.Ignore(r => r.Mean);
        });
        modelBuilder.Entity<PartnerCapacity>().HasKey(c => c.FirmId);
        modelBuilder.Entity<Referral>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            e.Property(r => r.Summary).HasMaxLength(2000);
            e.Property(r => r.ClientTimeZone).HasMaxLength(64);
            e.Property(r => r.ClientName).HasMaxLength(200);
            e.Property(r => r.Currency).HasMaxLength(3);
            e.Property(r => r.BudgetMin).HasPrecision(12, 2);
            e.Property(r => r.BudgetMax).HasPrecision(12, 2);
            e.Property(r => r.JobValue).HasPrecision(12, 2);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Mode).HasConversion<string>().HasMaxLength(30);
            e.Property(r => r.Urgency).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Pending).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.PendingBy).HasMaxLength(200);
            // The pending-step job looks only at referrals with a step waiting on Scheduling: a handful at any time.
            e.HasIndex(r => r.PendingSince).HasFilter("\"PendingSince\" IS NOT NULL");
            e.OwnsMany(r => r.Skills, s => s.ToJson());
            e.Property(r => r.NearMisses).HasJsonConversion(n => n.Copy());
            e.Property(r => r.UnmatchedHelp).HasJsonConversion(help => help);
            // Ranked once and read together: one JSON document on the referral rather than thirty rows.
            e.Property(r => r.Candidates).HasJsonConversion(c => c.Copy());
            e.HasMany(r => r.Offers).WithOne().HasForeignKey(o => o.ReferralId);
            e.HasMany(r => r.Timeline).WithOne().HasForeignKey(t => t.ReferralId);
            e.Ignore(r => r.Need);
            e.Ignore(r => r.AcceptedOffer);
            e.Ignore(r => r.Decliners);
            e.Ignore(r => r.ClientZone);
            e.Ignore(r => r.EarlyWaveWhy);
            e.HasIndex(r => new { r.ReferrerFirmId, r.PostedAt });
            e.HasIndex(r => r.PartnerFirmId);
            e.Property(r => r.IdempotencyKey).HasMaxLength(100);
            e.HasIndex(r => new { r.ReferrerFirmId, r.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        });
        modelBuilder.Entity<Offer>(e =>
        {
            e.HasKey(o => o.Id);
            e.Property(o => o.Id).ValueGeneratedNever();
            e.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.DeclineReason).HasMaxLength(500);
            e.Property(o => o.DeclineCode).HasConversion<string>().HasMaxLength(20);
            e.Property(o => o.DeclineNote).HasMaxLength(DeclineAnswer.MaxText);
            e.HasIndex(o => new { o.PartnerFirmId, o.Status });
            e.HasIndex(o => o.DueAt).HasFilter("\"Status\" = 'Open'");
        });
        modelBuilder.Entity<ReferralTransition>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever(); // ids are made here, so a new step reached through a loaded referral is an insert
            e.Property(t => t.From).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.To).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.By).HasMaxLength(200);
            e.Property(t => t.Why).HasMaxLength(1000);
            e.HasIndex(t => new { t.ReferralId, t.At });
        });
        modelBuilder.Entity<Idempotency.IdempotencyKey>(e =>
        {
            e.HasKey(k => new { k.FirmId, k.Scope, k.Key });
            e.Property(k => k.Scope).HasMaxLength(30);
            e.Property(k => k.Key).HasMaxLength(Idempotency.IdempotencyKeys.MaxLength);
            e.Property(k => k.Fingerprint).HasMaxLength(64);
        });
        modelBuilder.Entity<FeeEntry>(e =>
        {
            e.HasKey(f => f.Id);
            e.Property(f => f.Id).ValueGeneratedNever();
            e.Property(f => f.Amount).HasPrecision(12, 2);
            e.Property(f => f.Currency).HasMaxLength(3);
            e.Property(f => f.Kind).HasMaxLength(20);
            e.Property(f => f.JobValue).HasPrecision(12, 2);
            e.Property(f => f.JobCurrency).HasMaxLength(3);
            e.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(f => f.StatedBy).HasMaxLength(200);
            e.Property(f => f.AnsweredBy).HasMaxLength(200);
            e.Property(f => f.SettledBy).HasMaxLength(200);
            e.Property(f => f.DisputeReason).HasMaxLength(FeeEntry.MaxText);
            e.Property(f => f.SettlementNote).HasMaxLength(FeeEntry.MaxText);
            e.HasIndex(f => f.ReferralId).IsUnique();
            e.HasIndex(f => f.AnsweredAt).HasFilter("\"Status\" = 'Disputed'");
            e.HasIndex(f => new { f.PayerFirmId, f.PayeeFirmId });
        });
        modelBuilder.Entity<ShareLink>(e =>
        {
            e.HasKey(l => l.Id);
            e.Property(l => l.Id).ValueGeneratedNever();
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => l.ReferralId);
            e.Property(l => l.Title).HasMaxLength(ClientContact.MaxTitle);
            e.Property(l => l.ContactName).HasMaxLength(ClientContact.MaxName);
            e.Property(l => l.ContactEmail).HasMaxLength(ClientContact.MaxEmail);
        });
        modelBuilder.Entity<AvailabilityLinks.AvailabilityLink>(e =>
        {
            e.HasKey(l => l.Id);
            e.Property(l => l.Id).ValueGeneratedNever();
            e.Property(l => l.SkillId).HasMaxLength(100);
            e.Property(l => l.SkillName).HasMaxLength(200);
            e.Property(l => l.ContactName).HasMaxLength(ClientContact.MaxName);
            e.Property(l => l.ContactEmail).HasMaxLength(ClientContact.MaxEmail);
            e.HasIndex(l => l.TokenHash).IsUnique();
            e.HasIndex(l => new { l.ReferrerFirmId, l.CreatedAt });
        });
        modelBuilder.Entity<WebhookSubscription>(e =>
        {
            e.HasKey(w => w.Id);
            e.Property(w => w.Id).ValueGeneratedNever();
            e.Property(w => w.Url).HasMaxLength(500);
            e.Property(w => w.Secret).HasMaxLength(100);
            e.HasIndex(w => w.FirmId);
        });
        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).ValueGeneratedNever();
            e.Property(d => d.EventType).HasMaxLength(50);
            e.Property(d => d.Payload).HasColumnType("jsonb");
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.LastError).HasMaxLength(500);
            e.HasIndex(d => d.NextAttemptAt).HasFilter("\"Status\" = 'Pending'");
            e.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        });
        modelBuilder.ApplyConfiguration(new Questions.OfferQuestionConfiguration());
        modelBuilder.ApplyConfiguration(new InboxReadConfiguration());
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIndexChanges();
    }
}
