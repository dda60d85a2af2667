using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Matching.Data;

public static class JsonColumns
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A list kept as one jsonb value rather than as tracked owned entities: a referral's thirty ranked candidates with
    /// five explained factors each would otherwise be ~180 entities for the change tracker on every save. The change
    /// tracker compares and snapshots it item by item (<paramref name="copy"/> must copy whatever a caller may change):
    /// serialising both sides to compare cost a tracked referral several serialisations per save (docs/benchmarks.md).
    /// </summary>
    public static PropertyBuilder<List<T>> HasJsonConversion<T>(this PropertyBuilder<List<T>> property, Func<T, T> copy)
        where T : IEquatable<T> =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, Options),
            s => JsonSerializer.Deserialize<List<T>>(s, Options) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                v => HashCode.Combine(v.Count, v.Count == 0 ? 0 : v[0].GetHashCode()),
                v => v.ConvertAll(item => copy(item))));
}
