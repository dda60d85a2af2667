using System.Security.Cryptography;
using System.Text.Json;
using Marketplace.Matching.Data;
using Marketplace.Messaging;
using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Marketplace.Matching.Idempotency;

/// <summary>
/// A firm's Idempotency-Key for one kind of create (IETF Idempotency-Key draft): the request's fingerprint, and the
/// resource it made once it is done. Reserved (committed) before the work starts, so a second request with the key
/// finds it while the first is still running.
/// </summary>
public sealed class IdempotencyKey
{
    public Guid FirmId { get; init; }
    public string Scope { get; init; } = "";
    public string Key { get; init; } = "";
    public string Fingerprint { get; set; } = "";
    public Guid? ResourceId { get; set; }
    public Instant ReservedAt { get; set; }
}

/// <summary>What a key says about a request: go ahead (the key is now reserved), replay what the key made, or refuse.</summary>
public abstract record KeyClaim
{
    public sealed record Reserved : KeyClaim;
    public sealed record Done(Guid ResourceId) : KeyClaim;
    public sealed record Refused(Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem) : KeyClaim;
}

public static class IdempotencyKeys
{
    public const int MaxLength = 100;

    /// <summary>A reservation this old belongs to a request that died half-way (a crash): the key may be used again.</summary>
    private static readonly Duration Abandoned = Duration.FromMinutes(2);

    public static string Fingerprint<T>(T request) => Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request)));

    /// <summary>
    /// Claims the key for this request: the same key with another body is a 422, one still in progress a 409, one
    /// already done replays its resource. Commits the reservation at once (no transaction is left open).
    /// </summary>
    public static async Task<KeyClaim> ClaimAsync(MatchingDbContext db, Guid firm, string scope, string key, string fingerprint, Instant now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var existing = await db.IdempotencyKeys.FirstOrDefaultAsync(k => k.FirmId == firm && k.Scope == scope && k.Key == key, ct);
            if (existing is null)
            {
                db.IdempotencyKeys.Add(new IdempotencyKey { FirmId = firm, Scope = scope, Key = key, Fingerprint = fingerprint, ReservedAt = now });
                try
                {
                    await db.SaveChangesAsync(ct);
                    return new KeyClaim.Reserved();
                }
                catch (DbUpdateException ex) when (ex.IsUniqueViolation() && attempt == 0)
                {
                    db.ChangeTracker.Clear(); // another request reserved it a moment ago: read what it says
                    continue;
                }
            }
            else if (existing.Fingerprint != fingerprint)
            {
                return new KeyClaim.Refused(Problems.IdempotencyKeyReused(key));
            }
            else if (existing.ResourceId is { } done)
            {
                return new KeyClaim.Done(done);
            }
            else if (existing.ReservedAt + Abandoned > now)
            {
                return new KeyClaim.Refused(Problems.IdempotencyKeyInProgress(key));
            }
            else
            {
                // Taken over only if nobody else took it over first: the reservation's old time is the condition.
                var reclaimed = await db.IdempotencyKeys
                    .Where(k => k.FirmId == firm && k.Scope == scope && k.Key == key && k.ResourceId == null && k.ReservedAt == existing.ReservedAt)
                    .ExecuteUpdateAsync(u => u.SetProperty(k => k.ReservedAt, now), ct);
                return reclaimed == 1 ? new KeyClaim.Reserved() : new KeyClaim.Refused(Problems.IdempotencyKeyInProgress(key));
            }
        }
    }

    /// <summary>Marks the key done with what it made; call before the SaveChanges that stores the resource, so both commit together.</summary>
    public static async Task CompleteAsync(MatchingDbContext db, Guid firm, string scope, string key, Guid resourceId, CancellationToken ct) =>
        (await db.IdempotencyKeys.FirstAsync(k => k.FirmId == firm && k.Scope == scope && k.Key == key, ct)).ResourceId = resourceId;

    /// <summary>The request was refused (bad input): the key is free for a corrected request.</summary>
    public static Task ReleaseAsync(MatchingDbContext db, Guid firm, string scope, string key, CancellationToken ct) =>
        db.IdempotencyKeys.Where(k => k.FirmId == firm && k.Scope == scope && k.Key == key && k.ResourceId == null).ExecuteDeleteAsync(ct);
}
