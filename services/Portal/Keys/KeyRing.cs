using Marketplace.Messaging;
using Microsoft.AspNetCore.DataProtection;

namespace Marketplace.Portal.Keys;

public static class KeyRing
{
    public const string ApplicationName = "marketplace-portal";

    /// <summary>
    /// With <c>ConnectionStrings:portal</c> (every deployment with more than one replica) the key ring is shared through
    /// PostgreSQL; without it (one local process) ASP.NET Core's default per-machine ring serves.
    /// </summary>
    public static IHostApplicationBuilder AddPortalKeyRing(this IHostApplicationBuilder builder)
    {
        var keys = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (builder.Configuration.GetConnectionString("portal") is { Length: > 0 })
        {
            builder.AddServiceDatabase<PortalKeysDbContext>("portal");
            keys.PersistKeysToDbContext<PortalKeysDbContext>();
        }
        return builder;
    }
}
