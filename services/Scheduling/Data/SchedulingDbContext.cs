using Marketplace.Messaging;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Firms;
using Marketplace.Scheduling.Holds;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Data;

public sealed class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options) : DbContext(options)
{
    /// <summary>Firms as Scheduling needs them: whose local week and working time to count in.</summary>
    public DbSet<FirmCalendar> FirmCalendars => Set<FirmCalendar>();
    public DbSet<Engineer> Engineers => Set<Engineer>();
    public DbSet<CapacityWeek> CapacityWeeks => Set<CapacityWeek>();
    public DbSet<Allocation> Allocations => Set<Allocation>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FirmCalendar>(e =>
        {
            e.HasKey(f => f.FirmId);
            e.Property(f => f.Name).HasMaxLength(200);
            e.Property(f => f.TimeZone).HasMaxLength(64);
        });
        modelBuilder.Entity<Engineer>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.FirmId);
        });
        modelBuilder.Entity<CapacityWeek>(e =>
        {
            e.HasKey(w => new { w.EngineerId, w.WeekStart });
            // The guarantee against overbooking lives here, not in any process's memory.
            e.ToTable(t => t.HasCheckConstraint("CK_CapacityWeeks_NotOverbooked", "\"AllocatedHours\" >= 0 AND \"AllocatedHours\" <= \"CapacityHours\""));
            e.HasOne<Engineer>().WithMany().HasForeignKey(w => w.EngineerId);
        });
        modelBuilder.Entity<Allocation>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.Id).ValueGeneratedNever();
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            e.Ignore(a => a.WeekStarts);
            e.HasIndex(a => new { a.FirmId, a.ReferralId });
            e.HasIndex(a => a.ExpiresAt).HasFilter("\"Status\" = 'Hold'");
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
