using Marketplace.Catalog.Skills;
using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Data;

public sealed class CatalogDbContext(DbContextOptions<CatalogDbContext> options) : DbContext(options)
{
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Skill> Skills => Set<Skill>();

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
        modelBuilder.AddOutboxAndInbox();
    }
}
