using Marketplace.Messaging;
using Marketplace.Notifications.Firms;
using Marketplace.Notifications.Members;
using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Offers;
using Marketplace.Notifications.Preferences;
using Marketplace.Notifications.Referrals;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Notifications.Data;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    /// <summary>Firms from Network: names, zones and business hours.</summary>
    public DbSet<Firm> Firms => Set<Firm>();
    /// <summary>Members from Network: who is reached at which address, in which role.</summary>
    public DbSet<Member> Members => Set<Member>();
    /// <summary>Referrals from Matching: the words an offer describes the job with.</summary>
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<OfferReminder> OfferReminders => Set<OfferReminder>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<DeadAddress> DeadAddresses => Set<DeadAddress>();
    public DbSet<Preference> Preferences => Set<Preference>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Firm>(e =>
        {
            e.HasKey(f => f.FirmId);
            e.Property(f => f.Name).HasMaxLength(200);
            e.Property(f => f.TimeZone).HasMaxLength(64);
            e.Property(f => f.HolidayCountry).HasMaxLength(2);
            e.Property(f => f.HolidayRegion).HasMaxLength(3);
            e.Property(f => f.ClosingDays).HasDefaultValueSql("'{}'::text[]"); // firms projected before closing days have none
            e.Ignore(f => f.Zone);
            e.Ignore(f => f.Week);
        });
        modelBuilder.Entity<Member>(e =>
        {
            e.HasKey(m => m.MemberId);
            e.Property(m => m.MemberId).ValueGeneratedNever();
            e.Property(m => m.Email).HasMaxLength(320);
            e.Property(m => m.Name).HasMaxLength(200);
            e.Property(m => m.Role).HasMaxLength(20);
            e.HasIndex(m => m.FirmId);
        });
        modelBuilder.Entity<Referral>(e =>
        {
            e.HasKey(r => r.ReferralId);
            e.Property(r => r.ReferralId).ValueGeneratedNever();
        });
        modelBuilder.Entity<OfferReminder>(e =>
        {
            e.HasKey(r => r.OfferId);
            e.Property(r => r.OfferId).ValueGeneratedNever();
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            e.Ignore(r => r.SourceId);
            // The reminder job's query: waiting reminders by when they are due.
            e.HasIndex(r => r.RemindAt).HasFilter("\"State\" = 'Waiting'");
        });
        modelBuilder.Entity<Message>(e =>
        {
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedNever();
            e.Property(m => m.Kind).HasMaxLength(64);
            e.Property(m => m.Email).HasMaxLength(320);
            e.Property(m => m.Name).HasMaxLength(200);
            e.Property(m => m.Subject).HasMaxLength(500);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.LastError).HasMaxLength(2000);
            // Once per (event, recipient), however often the event is delivered or the job runs.
            e.HasIndex(m => new { m.SourceId, m.Email }).IsUnique();
            e.HasIndex(m => m.NextAttemptAt).HasFilter("\"Status\" = 'Pending'").HasDatabaseName("IX_Messages_Due");
            e.HasIndex(m => new { m.MemberId, m.CreatedAt }).HasFilter("\"Status\" = 'Held'").HasDatabaseName("IX_Messages_Held");
            e.HasIndex(m => m.MemberId);
        });
        modelBuilder.Entity<DeadAddress>(e =>
        {
            e.HasKey(d => d.Email);
            e.Property(d => d.Email).HasMaxLength(320);
            e.Property(d => d.Reason).HasMaxLength(2000);
        });
        modelBuilder.Entity<Preference>(e =>
        {
            e.HasKey(p => new { p.MemberId, p.Kind });
            e.Property(p => p.Kind).HasMaxLength(64);
            e.Property(p => p.Delivery).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(p => new { p.FirmId, p.Kind });
        });
        modelBuilder.AddOutboxAndInbox();
    }
}
