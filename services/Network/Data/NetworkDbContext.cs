using Marketplace.Messaging;
using Marketplace.Network.Account;
using Marketplace.Network.Directory;
using Marketplace.Network.Firms;
using Marketplace.Network.Members;
using Marketplace.Network.Partnerships;
using Marketplace.Network.Ratings;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Network.Data;

public sealed class NetworkDbContext(DbContextOptions<NetworkDbContext> options) : DbContext(options)
{
    public DbSet<Firm> Firms => Set<Firm>();
    public DbSet<SignIn.SignInThrottle> SignInThrottles => Set<SignIn.SignInThrottle>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Partnership> Partnerships => Set<Partnership>();
    public DbSet<DirectorySkill> DirectorySkills => Set<DirectorySkill>();
    public DbSet<CompletedReferral> CompletedReferrals => Set<CompletedReferral>();
    public DbSet<Rating> Ratings => Set<Rating>();
    public DbSet<DirectorySkillsVersion> DirectorySkillsVersions => Set<DirectorySkillsVersion>();
    public DbSet<AccountToken> AccountTokens => Set<AccountToken>();
    public DbSet<AccountMailThrottle> AccountMailThrottles => Set<AccountMailThrottle>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Firm>(e =>
        {
            e.HasKey(f => f.Id);
            e.Property(f => f.Name).HasMaxLength(Firm.MaxName);
            e.Property(f => f.TimeZone).HasMaxLength(64);
            e.Property(f => f.Description).HasMaxLength(Firm.MaxDescription);
            e.Property(f => f.HolidayCountry).HasMaxLength(2);
            e.Property(f => f.HolidayRegion).HasMaxLength(3);
            e.Property(f => f.ClosingDays).HasDefaultValueSql("'{}'::text[]"); // firms from before closing days have none
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
        modelBuilder.Entity<AccountToken>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasOne<Member>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade); // a removed member's links die with them
            e.HasIndex(t => t.MemberId);
        });
        modelBuilder.Entity<AccountMailThrottle>(e =>
        {
            e.HasKey(t => t.Email);
            e.Property(t => t.Email).HasMaxLength(Member.MaxEmail);
        });
        modelBuilder.Entity<Invitation>(e =>
        {
            e.HasKey(i => i.Id);
            e.Property(i => i.Email).HasMaxLength(Member.MaxEmail);
            e.Property(i => i.Role).HasMaxLength(20);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.Property(i => i.InvitedBy).HasMaxLength(100);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.FirmId);
        });
        modelBuilder.Entity<Partnership>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.PairKey).HasMaxLength(64);
            e.Property(p => p.Message).HasMaxLength(Partnership.MaxText);
            e.Property(p => p.Reason).HasMaxLength(Partnership.MaxText);
            e.Property(p => p.InvitedBy).HasMaxLength(100);
            e.Property(p => p.AnsweredBy).HasMaxLength(100);
            e.Property(p => p.EndedBy).HasMaxLength(100);
            // At most one open invitation or active partnership per pair, whoever invited.
            e.HasIndex(p => p.PairKey).IsUnique().HasFilter("\"Status\" IN ('Invited', 'Active')");
            e.HasIndex(p => p.InviterFirmId);
            e.HasIndex(p => p.InviteeFirmId);
            e.HasMany(p => p.Agreements).WithOne().HasForeignKey(a => a.PartnershipId);
            e.Navigation(p => p.Agreements).AutoInclude();
        });
        modelBuilder.Entity<Agreement>(e =>
        {
            e.HasKey(a => new { a.PartnershipId, a.Version });
            e.Property(a => a.Modes).HasConversion<int>();
            e.Property(a => a.FeeKind).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.FeePercent).HasPrecision(5, 2);
            e.Property(a => a.FeeAmount).HasPrecision(12, 2);
            e.Property(a => a.FeeCurrency).HasMaxLength(3);
            e.Property(a => a.ChangedBy).HasMaxLength(100);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.AnsweredBy).HasMaxLength(100);
            e.Property(a => a.AnswerReason).HasMaxLength(Agreement.MaxReason);
            // One open proposal per partnership: a second one replaces the first in the domain, and racing writers meet here.
            e.HasIndex(a => a.PartnershipId).IsUnique().HasFilter("\"Status\" = 'Proposed'").HasDatabaseName("IX_Agreement_OpenProposal");
            e.Ignore(a => a.ModeNames);
        });
        modelBuilder.Entity<DirectorySkill>(e =>
        {
            e.HasKey(s => new { s.FirmId, s.SkillId });
            e.Property(s => s.SkillId).HasMaxLength(100);
            e.HasIndex(s => new { s.SkillId, s.Level });
        });
        modelBuilder.Entity<DirectorySkillsVersion>().HasKey(v => v.FirmId);
        modelBuilder.Entity<CompletedReferral>().HasKey(r => r.ReferralId);
        modelBuilder.Entity<Rating>(e =>
        {
            e.HasKey(r => new { r.ReferralId, r.RaterFirmId }); // once per firm and referral
            e.Property(r => r.Comment).HasMaxLength(Rating.MaxComment);
            e.Property(r => r.RatedBy).HasMaxLength(100);
            e.HasIndex(r => new { r.RatedFirmId, r.RatedAt });
        });
        modelBuilder.Entity<SignIn.SignInThrottle>(e =>
        {
            e.HasKey(t => t.Email);
            e.Property(t => t.Email).HasMaxLength(Member.MaxEmail);
        });
        modelBuilder.UseOpenIddict();
        modelBuilder.AddOutboxAndInbox();
    }
}
