using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// One partner as the ranking sees it, kept small (a few hundred bytes): interned skill numbers in order with
/// their levels, free hours per week from Scheduling's last CapacityChanged, reputation, fairness and responsiveness inputs.
/// </summary>
public sealed class PartnerProfile
{
    public required Guid FirmId { get; init; }
    public required string Name { get; init; }
    public bool TakesReferrals { get; init; } = true;
    public required WorkingWeek Calendar { get; init; }
    /// <summary>Skill numbers (see <see cref="RankingIndex.SkillNumber"/>), ascending; levels and verification beside them.</summary>
    public required int[] Skills { get; init; }
    public required byte[] Levels { get; init; }
    public required bool[] Verified { get; init; }
    public double? ReputationMean { get; init; }
    public int RatingCount { get; init; }
    /// <summary>Monday of the first week in <see cref="FreeHours"/>; null before Scheduling has said anything.</summary>
    public LocalDate? CapacityFrom { get; init; }
    public short[] FreeHours { get; init; } = [];
    /// <summary>When this partner was last offered work (from the offers table; a stale read only shifts a tie).</summary>
    public Instant? LastOfferedAt { get; init; }
    /// <summary>Referrals this partner has accepted and not finished, per referrer (for the agreement's max concurrent).</summary>
    public IReadOnlyDictionary<Guid, int> OpenReferralsBy { get; init; } = new Dictionary<Guid, int>();
    /// <summary>How it has answered offers lately (from the offers table); null when it has had none in <see cref="ResponseHistory.Horizon"/>.</summary>
    public ResponseHistory? Responses { get; init; }

    public int LevelOf(int skill)
    {
        var i = Array.BinarySearch(Skills, skill);
        return i < 0 ? 0 : Levels[i];
    }

    public bool IsVerified(int skill)
    {
        var i = Array.BinarySearch(Skills, skill);
        return i >= 0 && Verified[i];
    }

}

/// <summary>The terms between a referrer and one of its partners, from the agreement's current version.</summary>
public sealed record PartnerTerms(Guid PartnershipId, int Version, EngagementModes Modes, int ResponseSlaHours, int MaxConcurrent);

[Flags]
public enum EngagementModes { None = 0, HandOff = 1, WhiteLabel = 2 }
