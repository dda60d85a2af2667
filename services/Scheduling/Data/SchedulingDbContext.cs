using Marketplace.Messaging;
using Marketplace.Scheduling.Capacity;
using Marketplace.Scheduling.Engineers;
using Marketplace.Scheduling.Feeds;
using Marketplace.Scheduling.Firms;
using Marketplace.Scheduling.Holds;
using Marketplace.Scheduling.Partnerships;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Scheduling.Data;

public sealed class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options) : DbContext(options)
{
    /// <summary>Firms as Scheduling needs them: whose local week and working time to count in.</summary>
    public DbSet<FirmCalendar> FirmCalendars => Set<FirmCalendar>();
    public DbSet<Engineer> Engineers => Set<Engineer>();
    public DbSet<CapacityWeek> CapacityWeeks => Set<CapacityWeek>();
    public DbSet<Allocation> Allocations => Set<Allocation>();
    public DbSet<TimeOff> TimeOff => Set<TimeOff>();
    public DbSet<FirmCapacityChange> FirmCapacityChanges => Set<FirmCapacityChange>();
    /// <summary>Partnerships from Network: whose availability a member may ask about.</summary>
    public DbSet<PartnerLink> PartnerLinks => Set<PartnerLink>();
    /// <summary>Private iCalendar subscriptions of a firm's or an engineer's bookings and holds.</summary>
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FirmCalendar>(e =>
        {
            e.HasKey(f => f.FirmId);
            e.Property(f => f.Name).HasMaxLength(200);
            e.Property(f => f.TimeZone).HasMaxLength(64);
            e.Property(f => f.HolidayCountry).HasMaxLength(2);
            e.Property(f => f.HolidayRegion).HasMaxLength(3);
            e.Property(f => f.ClosingDays).HasDefaultValueSql("'{}'::text[]"); // firms projected before closing days have none
            e.OwnsMany(f => f.Skills, s => s.ToJson());
        });
        modelBuilder.Entity<Engineer>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.FirmId);
        });
        modelBuilder.Entity<TimeOff>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedNever();
            e.Property(t => t.Reason).HasMaxLength(200);
            e.HasIndex(t => new { t.EngineerId, t.Last });
            e.HasOne<Engineer>().WithMany().HasForeignKey(t => t.EngineerId);
        });
        modelBuilder.HasSequence<long>(CapacityChanges.Sequence);
        modelBuilder.Entity<FirmCapacityChange>(e =>
        {
            e.HasKey(c => c.FirmId);
            e.HasIndex(c => c.FirmId).HasFilter("\"Version\" > \"PublishedVersion\"").HasDatabaseName("IX_FirmCapacityChanges_Unpublished");
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
        modelBuilder.Entity<PartnerLink>(e =>
        {
            e.HasKey(l => l.PartnershipId);
            e.Property(l => l.PartnershipId).ValueGeneratedNever();
            e.HasIndex(l => l.InviterFirmId);
            e.HasIndex(l => l.InviteeFirmId);
        });
        modelBuilder.ApplyConfiguration(new CalendarFeedConfiguration());
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIndexChanges();
    }
}
