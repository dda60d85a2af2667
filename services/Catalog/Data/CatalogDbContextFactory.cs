using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Marketplace.Catalog.Data;

/// <summary>
/// For <c>dotnet ef migrations add</c>: the context as the service configures it (Npgsql with NodaTime), without starting
/// the host (no signing key, no broker). Adding a migration does not connect; the connection string only names the provider.
/// </summary>
public sealed class CatalogDbContextFactory : IDesignTimeDbContextFactory<CatalogDbContext>
{
    public CatalogDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CatalogDbContext>()
        .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__catalog")
            ?? "Host=127.0.0.1;Port=5433;Database=marketplace_catalog;Username=postgres", npgsql => npgsql.UseNodaTime())
        .Options);
}
