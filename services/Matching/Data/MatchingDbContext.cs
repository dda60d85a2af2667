using Marketplace.Matching.Partners;
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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Partner>(e =>
        {
            e.HasKey(p => p.FirmId);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.TimeZone).HasMaxLength(64);
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
        modelBuilder.AddOutboxAndInbox();
    }
}
