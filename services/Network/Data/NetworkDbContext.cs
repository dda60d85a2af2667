using Marketplace.Messaging;
using Marketplace.Network.Firms;
using Marketplace.Network.Members;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Data;

public sealed class NetworkDbContext(DbContextOptions<NetworkDbContext> options) : DbContext(options)
{
    public DbSet<Firm> Firms => Set<Firm>();
    public DbSet<Member> Members => Set<Member>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Firm>(e =>
        {
            e.HasKey(f => f.Id);
            e.Property(f => f.Name).HasMaxLength(Firm.MaxName);
            e.Property(f => f.TimeZone).HasMaxLength(64);
        });
        modelBuilder.Entity<Member>(e =>
        {
            e.HasKey(m => m.Id);
            e.Property(m => m.Name).HasMaxLength(Member.MaxName);
            e.Property(m => m.Email).HasMaxLength(Member.MaxEmail);
            e.HasIndex(m => m.Email).IsUnique();
            e.Property(m => m.Role).HasMaxLength(20);
            e.Property(m => m.PasswordHash).HasMaxLength(200);
            e.HasOne<Firm>().WithMany().HasForeignKey(m => m.FirmId);
            e.HasIndex(m => m.FirmId);
        });
        modelBuilder.UseOpenIddict();
        modelBuilder.AddOutboxAndInbox();
    }
}
