extern alias portal;
using Marketplace.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

/// <summary>Two portal replicas with one key database: a cookie one of them wrote, the other reads (a person's next request may land on either).</summary>
public sealed class PortalKeyRingTests
{
    [Fact]
    public async Task Replicas_sharing_the_key_database_read_each_others_cookies_and_a_replica_without_it_cannot()
    {
        await using var keys = await TestDatabase.CreateAsync("portal");
        await using var first = Replica(keys.ConnectionString);
        await using var second = Replica(keys.ConnectionString);
        await using var alone = Replica(null);
        first.StartOnLoopback();
        second.StartOnLoopback();
        alone.StartOnLoopback();

        // What the cookie middleware does with a ticket, by the same purpose strings.
        const string purpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";
        var cookie = Protector(first, purpose).Protect("a signed-in person");

        Protector(second, purpose).Unprotect(cookie).ShouldBe("a signed-in person");
        Should.Throw<System.Security.Cryptography.CryptographicException>(() => Protector(alone, purpose).Unprotect(cookie));
        (await keys.ScalarAsync<long>("""SELECT count(*) FROM "DataProtectionKeys" """)).ShouldBe(1L);
    }

    private static ServiceFactory<portal::Program> Replica(string? keyDatabase) => new(new Dictionary<string, string?>
    {
        ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
        ["Gateway:Url"] = "http://127.0.0.1:9/",
        ["ConnectionStrings:portal"] = keyDatabase,
    });

    private static IDataProtector Protector(ServiceFactory<portal::Program> replica, string purpose) =>
        replica.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(purpose);
}
