using Marketplace.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Scheduling.Feeds;

/// <summary>
/// A private iCalendar subscription of a firm's bookings and holds: the whole firm's, or one engineer's. Its address
/// carries 256 random bits that only the firm's calendar app knows; only their SHA-256 is kept, so the database alone
/// opens no feed and the address cannot be shown again. A feed does not expire (calendar apps poll it for years);
/// it is revoked, and a new one made, when the address may have spread too far.
/// </summary>
public sealed class CalendarFeed
{
    public const int MaxLabel = 100;

    public Guid Id { get; init; }
    public Guid FirmId { get; init; }
    /// <summary>The engineer whose weeks the feed shows; null for the whole firm.</summary>
    public Guid? EngineerId { get; init; }
    /// <summary>What the firm calls it ("Dispatch wall screen"), so the right one is revoked.</summary>
    public string Label { get; init; } = "";
    public byte[] TokenHash { get; init; } = [];
    /// <summary>The member who made it, by name as their token said, for the list.</summary>
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>When a calendar app last fetched it (to the hour), so a firm can tell a feed in use from a forgotten one.</summary>
    public DateTimeOffset? LastFetchedAt { get; set; }

    public bool IsLive => RevokedAt is null;

    /// <summary>A new feed and its secret, which the caller shows once and never stores.</summary>
    public static (CalendarFeed Feed, string Token) Create(Guid firmId, Guid? engineerId, string label, string createdBy, DateTimeOffset now)
    {
        var token = NewToken();
        return (new CalendarFeed
        {
            Id = Guid.CreateVersion7(), FirmId = firmId, EngineerId = engineerId, Label = label, TokenHash = Hash(token), CreatedBy = createdBy, CreatedAt = now,
        }, token);
    }

    /// <summary>256 random bits, base64url (43 characters): safe in a path, and in the .ics address calendar apps want.</summary>
    public static string NewToken() => SecretToken.New();

    public static byte[] Hash(string token) => SecretToken.Hash(token);

    /// <summary>The subscription address, relative to the gateway's public origin.</summary>
    public static string PathOf(string token) => $"/feeds/{token}.ics";
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Label).HasMaxLength(CalendarFeed.MaxLabel);
        builder.Property(f => f.CreatedBy).HasMaxLength(200);
        builder.Property(f => f.TokenHash).HasMaxLength(32);
        builder.HasIndex(f => f.TokenHash).IsUnique();
        builder.HasIndex(f => new { f.FirmId, f.CreatedAt });
        builder.HasOne<Engineers.Engineer>().WithMany().HasForeignKey(f => f.EngineerId);
    }
}
