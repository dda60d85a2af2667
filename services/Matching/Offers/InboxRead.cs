using Marketplace.Matching.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace Marketplace.Matching.Offers;

/// <summary>
/// When one member last opened the firm's offer inbox: an offer made after that is "new" to them. Per member, not per firm,
/// so a dispatcher's look does not hide new offers from the owner; nothing else is tracked (not which offer was opened).
/// </summary>
public sealed class InboxRead
{
    public Guid FirmId { get; init; }
    /// <summary>The member (the token's subject).</summary>
    public string Subject { get; init; } = "";
    /// <summary>Offers made up to this instant have been seen.</summary>
    public Instant ReadUpTo { get; set; }

    /// <summary>Whether an offer made at <paramref name="madeAt"/> is new to a member who last looked up to <paramref name="readUpTo"/> (never: everything is new).</summary>
    public static bool IsNew(Instant madeAt, Instant? readUpTo) => readUpTo is not { } seen || madeAt > seen;

    /// <summary>
    /// Moves the member's mark forward to <paramref name="upTo"/> (never back: two tabs, or an older page posted late, cannot
    /// make seen offers new again), in one statement, so two requests at once cannot fail on the key.
    /// </summary>
    public static Task MarkAsync(MatchingDbContext db, Guid firm, string subject, Instant upTo, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "InboxReads" ("FirmId", "Subject", "ReadUpTo") VALUES ({firm}, {subject}, {upTo})
            ON CONFLICT ("FirmId", "Subject") DO UPDATE SET "ReadUpTo" = GREATEST("InboxReads"."ReadUpTo", EXCLUDED."ReadUpTo")
            """, ct);
}

public sealed class InboxReadConfiguration : IEntityTypeConfiguration<InboxRead>
{
    public void Configure(EntityTypeBuilder<InboxRead> builder)
    {
        builder.HasKey(r => new { r.FirmId, r.Subject });
        builder.Property(r => r.Subject).HasMaxLength(200);
    }
}
