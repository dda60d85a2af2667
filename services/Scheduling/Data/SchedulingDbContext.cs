using Marketplace.Messaging;
using Marketplace.Scheduling.Firms;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Data;

public sealed class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options) : DbContext(options)
{
    /// <summary>Firms as Scheduling needs them: whose local week and working time to count in.</summary>
    public DbSet<FirmCalendar> FirmCalendars => Set<FirmCalendar>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FirmCalendar>(e =>
        {
            e.HasKey(f => f.FirmId);
            e.Property(f => f.Name).HasMaxLength(200);
            e.Property(f => f.TimeZone).HasMaxLength(64);
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
