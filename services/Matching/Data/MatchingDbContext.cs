using Marketplace.Matching.Partners;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Matching.Data;

public sealed class MatchingDbContext(DbContextOptions<MatchingDbContext> options) : DbContext(options)
{
    /// <summary>Matching's projection of Network's firms: who could receive a referral.</summary>
    public DbSet<Partner> Partners => Set<Partner>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Partner>(e =>
        {
            e.HasKey(p => p.FirmId);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.TimeZone).HasMaxLength(64);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
