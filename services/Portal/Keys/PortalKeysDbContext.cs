using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Portal.Keys;

/// <summary>
/// The portal's data-protection key ring (what encrypts its sign-in cookie and antiforgery tokens), in PostgreSQL so
/// that every replica reads what another wrote: a person's next request may land on any of them.
/// </summary>
public sealed class PortalKeysDbContext(DbContextOptions<PortalKeysDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
