using Marketplace.Matching.Ranking;

namespace Marketplace.Matching.Referrals;

/// <summary>
/// One ranked candidate of a referral with its explanation, kept as ranked when the referral was posted. Compared and
/// copied by value: the referral keeps its candidates as one jsonb column, and the change tracker needs both.
/// </summary>
public sealed class Candidacy : IEquatable<Candidacy>
{
    public Guid ReferralId { get; init; }
    public Guid FirmId { get; init; }
    public string Name { get; init; } = "";
    public int Rank { get; init; }
    public double Score { get; init; }
    public DateOnly EarliestStart { get; set; }
    /// <summary>Whether Scheduling confirmed the start; false when it could not be asked and the projection was used.</summary>
    public bool StartConfirmed { get; set; }
    public bool ExistingPartner { get; init; }
    public List<Factor> Explanation { get; init; } = [];
    public bool Offered { get; set; }

    public Candidacy Copy() => new()
    {
        ReferralId = ReferralId, FirmId = FirmId, Name = Name, Rank = Rank, Score = Score, EarliestStart = EarliestStart,
        StartConfirmed = StartConfirmed, ExistingPartner = ExistingPartner, Explanation = [.. Explanation], Offered = Offered,
    };

    public bool Equals(Candidacy? other) => other is not null && ReferralId == other.ReferralId && FirmId == other.FirmId
        && Name == other.Name && Rank == other.Rank && Score.Equals(other.Score) && EarliestStart == other.EarliestStart
        && StartConfirmed == other.StartConfirmed && ExistingPartner == other.ExistingPartner && Offered == other.Offered
        && Explanation.SequenceEqual(other.Explanation);

    public override bool Equals(object? obj) => Equals(obj as Candidacy);

    public override int GetHashCode() => HashCode.Combine(ReferralId, FirmId, Rank);
}

/// <summary>A partner that nearly qualified when the referral was posted, and why not.</summary>
public sealed class ReferralNearMiss : IEquatable<ReferralNearMiss>
{
    public Guid FirmId { get; set; }
    public string Name { get; set; } = "";
    public List<string> Reasons { get; set; } = [];

    public static ReferralNearMiss From(NearMiss miss) => new() { FirmId = miss.FirmId, Name = miss.Name, Reasons = [.. miss.Reasons] };

    public ReferralNearMiss Copy() => new() { FirmId = FirmId, Name = Name, Reasons = [.. Reasons] };

    public bool Equals(ReferralNearMiss? other) =>
        other is not null && FirmId == other.FirmId && Name == other.Name && Reasons.SequenceEqual(other.Reasons);

    public override bool Equals(object? obj) => Equals(obj as ReferralNearMiss);

    public override int GetHashCode() => FirmId.GetHashCode();
}
