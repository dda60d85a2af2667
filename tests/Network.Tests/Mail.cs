using System.Net;
using System.Text.Json;
using System.Web;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>
/// What Network asked to be mailed and announced, read where it is written: the outbox of the service's database
/// ("OutboxMessages", in sequence). The links in account mails carry the one-time tokens a person would click.
/// </summary>
internal static class Mail
{
    /// <summary>Every event of <paramref name="type"/> (e.g. "MemberChanged") in outbox order, optionally of one aggregate.</summary>
    public static async Task<IReadOnlyList<JsonElement>> EventsAsync(this TestDatabase db, string type, string? aggregateKey = null)
    {
        var json = await db.ScalarAsync<string>($"""
            SELECT coalesce(json_agg("Body"::jsonb ORDER BY "Sequence"), '[]')::text FROM "OutboxMessages"
            WHERE "MessageType" = 'Marketplace.Contracts.{type}' {(aggregateKey is null ? "" : $"AND \"AggregateKey\" = '{aggregateKey}'")}
            """);
        return [.. JsonDocument.Parse(json!).RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The account mails (AccountMailRequested) to one address, oldest first, optionally of one kind.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ToAsync(TestDatabase db, string email, string? kind = null) =>
        [.. (await db.EventsAsync("AccountMailRequested"))
            .Where(m => string.Equals(m.GetProperty("email").GetString(), email, StringComparison.OrdinalIgnoreCase) && (kind is null || m.GetProperty("kind").GetString() == kind))];

    /// <summary>The newest mail of <paramref name="kind"/> to the address (there must be one).</summary>
    public static async Task<JsonElement> LatestAsync(TestDatabase db, string email, string kind)
    {
        var mails = await ToAsync(db, email, kind);
        mails.ShouldNotBeEmpty($"no {kind} mail to {email}");
        return mails[^1];
    }

    /// <summary>The one-time token in a mail's link (its "token" query parameter).</summary>
    public static string TokenOf(JsonElement mail) =>
        HttpUtility.ParseQueryString(new Uri(mail.GetProperty("link").GetString()!).Query)["token"] ?? throw new InvalidOperationException("A link without a token.");

    /// <summary>Follows the newest verification link mailed to the address, as its owner would.</summary>
    public static async Task VerifyAsync(HttpClient client, TestDatabase db, string email)
    {
        var token = TokenOf(await LatestAsync(db, email, "verify-email"));
        (await client.StatusAsync(HttpMethod.Post, "/api/network/account/verify", null, new { token })).ShouldBe(HttpStatusCode.NoContent);
    }
}
