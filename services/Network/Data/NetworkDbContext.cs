using Marketplace.Messaging;
using Marketplace.Network.Firms;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Data;

public sealed class NetworkDbContext(DbContextOptions<NetworkDbContext> options) : DbContext(options)
{
    public DbSet<Firm> Firms => Set<Firm>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Firm>(e =>
        {
            e.HasKey(f => f.Id);
            e.Property(f => f.Name).HasMaxLength(Firm.MaxName);
            e.Property(f => f.TimeZone).HasMaxLength(64);
            e.Property(f => f.OwnerName).HasMaxLength(Firm.MaxName);
            e.Property(f => f.OwnerEmail).HasMaxLength(Firm.MaxEmail);
            e.HasIndex(f => f.OwnerEmail).IsUnique();
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
