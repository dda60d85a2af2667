using Marketplace.Catalog.Partners;
using Marketplace.Catalog.Skills;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Data;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Skill> Skills => Set<Skill>();
    public DbSet<Certification> Certifications => Set<Certification>();
    public DbSet<SkillRedirect> SkillRedirects => Set<SkillRedirect>();
    public DbSet<PartnerProfile> PartnerProfiles => Set<PartnerProfile>();
    public DbSet<HeldCertification> HeldCertifications => Set<HeldCertification>();
    public DbSet<Demand.SkillDemand> SkillDemands => Set<Demand.SkillDemand>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Category>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(100);
            e.Property(c => c.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Skill>(e =>
        {
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasMaxLength(100);
            e.Property(s => s.Name).HasMaxLength(200);
            e.HasOne<Category>().WithMany().HasForeignKey(s => s.CategoryId);
        });
        modelBuilder.Entity<SkillRedirect>(e =>
        {
            e.HasKey(r => r.FromSkillId);
            e.Property(r => r.FromSkillId).HasMaxLength(100);
            e.Property(r => r.ToSkillId).HasMaxLength(100);
            e.HasIndex(r => r.ToSkillId);
        });
        modelBuilder.Entity<Certification>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(100);
            e.Property(c => c.Name).HasMaxLength(300);
            e.Property(c => c.Vendor).HasMaxLength(100);
        });
        modelBuilder.Entity<PartnerProfile>(e =>
        {
            e.HasKey(p => p.FirmId);
            e.HasMany(p => p.Claims).WithOne().HasForeignKey(c => c.FirmId);
            e.HasMany(p => p.Certifications).WithOne().HasForeignKey(c => c.FirmId);
            e.Navigation(p => p.Claims).AutoInclude();
            e.Navigation(p => p.Certifications).AutoInclude();
        });
        modelBuilder.Entity<SkillClaim>(e =>
        {
            e.ToTable("SkillClaims");
            e.HasKey(c => new { c.FirmId, c.SkillId });
            e.Property(c => c.SkillId).HasMaxLength(100);
            e.Property(c => c.EvidenceDescription).HasMaxLength(SkillClaim.MaxDescription);
            e.HasOne<Skill>().WithMany().HasForeignKey(c => c.SkillId);
            e.HasIndex(c => new { c.SkillId, c.Level });
        });
        modelBuilder.Entity<HeldCertification>(e =>
        {
            e.ToTable("HeldCertifications");
            e.HasKey(c => c.Id);
            // Ids are made in code: a new certification found through the profile's collection is an insert, not an update.
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.CertificationId).HasMaxLength(100);
            e.Property(c => c.Engineer).HasMaxLength(HeldCertification.MaxEngineer);
            e.Property(c => c.CredentialId).HasMaxLength(HeldCertification.MaxCredentialId);
            e.Property(c => c.VerificationLink).HasMaxLength(HeldCertification.MaxVerificationLink);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.ReviewedBy).HasMaxLength(HeldCertification.MaxReviewer);
            e.Property(c => c.RejectionReason).HasMaxLength(HeldCertification.MaxRejectionReason);
            // The operator's queue: oldest submission first.
            e.HasIndex(c => new { c.Status, c.SubmittedAt, c.Id });
            e.HasOne<Certification>().WithMany().HasForeignKey(c => c.CertificationId);
            // The expiry job's query: lapsed and not yet announced.
            e.HasIndex(c => c.ExpiresOn).HasFilter("NOT \"ExpiryAnnounced\"");
        });
        modelBuilder.Entity<Demand.SkillDemand>(e =>
        {
            e.HasKey(d => new { d.SkillId, d.WeekStart });
            e.Property(d => d.SkillId).HasMaxLength(100);
        });
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.AddIndexChanges();
    }
}
