using System.Security.Cryptography;
using System.Text;

namespace Marketplace.DemoSeed;

/// <summary>Ids that come out the same on every run, so seeding again updates instead of adding.</summary>
public static class DemoIds
{
    public static Guid Of(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
