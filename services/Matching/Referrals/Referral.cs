using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Referrals;

public enum ReferralStatus { Posted, Offering, Accepted, Confirmed, InProgress, Completed, Unmatched, Cancelled }

/// <summary>
/// A job a referrer hands on, and its whole process as a state machine: every change goes through a method here
/// that checks it is allowed from the current state and writes the audit trail (who, when, why).
/// </summary>
public sealed class Referral
{
    public const int DefaultWaveSize = 3;

    public Guid Id { get; init; }
    public Guid ReferrerFirmId { get; init; }
    /// <summary>The client's Idempotency-Key: posting again with it returns this referral instead of a second one.</summary>
    public string? IdempotencyKey { get; init; }
    public string Summary { get; init; } = "";
    public List<ReferralSkill> Skills { get; init; } = [];
    public int EffortHours { get; init; }
    public int HoursPerWeek { get; init; }
    public LocalDate EarliestStart { get; init; }
    public LocalDate LatestStart { get; init; }
    public string ClientTimeZone { get; init; } = "UTC";
    public string? ClientName { get; init; }
    public decimal? BudgetMin { get; init; }
    public decimal? BudgetMax { get; init; }
    public string? Currency { get; init; }
    public EngagementModes Mode { get; init; }
    public Urgency Urgency { get; init; }
    public bool Confidential { get; init; }
    public bool PartnersOnly { get; init; }
    public int WaveSize { get; init; } = DefaultWaveSize;
    public ReferralStatus Status { get; private set; }
    public int Wave { get; private set; }
    public Guid? PartnerFirmId { get; private set; }
    public Guid? PartnershipId { get; private set; }
    public int? AgreementVersion { get; private set; }
    public List<Guid> HoldIds { get; private set; } = [];
    public LocalDate? PlannedStart { get; private set; }
    public LocalDate? PlannedFinish { get; private set; }
    public decimal? JobValue { get; private set; }
    public Instant PostedAt { get; init; }
    public List<Candidacy> Candidates { get; init; } = [];
    public List<Offer> Offers { get; init; } = [];
    public List<ReferralTransition> Timeline { get; init; } = [];
    /// <summary>When unmatched: what would change that, each with how many partners and how soon.</summary>
    public List<string> UnmatchedHelp { get; set; } = [];
    /// <summary>Partners that nearly qualified when the referral was posted, and why not.</summary>
    public List<ReferralNearMiss> NearMisses { get; set; } = [];

    public Need Need => new(ReferrerFirmId, [.. Skills.Select(s => new RequiredSkill(s.SkillId, s.Name, s.MinLevel, s.Weight))], HoursPerWeek, EffortHours,
        EarliestStart, LatestStart, Mode, Urgency, PartnersOnly);

    public Offer? AcceptedOffer => Offers.FirstOrDefault(o => o.Status == OfferStatus.Accepted);

    /// <summary>Writes a step of the audit trail; <paramref name="about"/> is the partner a step concerns, which other partners never see.</summary>
    public void Record(ReferralStatus from, ReferralStatus to, Instant at, string by, string why, Guid? about = null) =>
        Timeline.Add(new ReferralTransition { Id = Guid.CreateVersion7(), ReferralId = Id, From = from, To = to, At = at, By = by, Why = why, AboutFirmId = about });

    private void MoveTo(ReferralStatus to, Instant at, string by, string why, Guid? about = null)
    {
        Record(Status, to, at, by, why, about);
        Status = to;
    }

    /// <summary>Keeps the ranked candidates; the waves take them in this order.</summary>
    public void Shortlist(IEnumerable<Candidacy> candidates) => Candidates.AddRange(candidates);

    /// <summary>
    /// Offers the next wave to the best candidates not yet offered; returns them (empty when the list is used up,
    /// and then the referral is unmatched).
    /// </summary>
    public IReadOnlyList<Offer> OfferNextWave(Func<Candidacy, OfferTerms> termsFor, Instant now, string by, string why)
    {
        Require(Status is ReferralStatus.Posted or ReferralStatus.Offering, "offer a wave");
        var next = Candidates.Where(c => !c.Offered).OrderBy(c => c.Rank).Take(WaveSize).ToList();
        if (next.Count == 0)
        {
            MoveTo(ReferralStatus.Unmatched, now, by, Wave == 0 ? "nobody qualifies" : $"all {Wave} waves declined or expired");
            return [];
        }
        Wave++;
        var offers = next.Select(c =>
        {
            c.Offered = true;
            var terms = termsFor(c);
            return new Offer
            {
                Id = Guid.CreateVersion7(), ReferralId = Id, PartnerFirmId = c.FirmId, Wave = Wave, Rank = c.Rank,
                MadeAt = now, DueAt = terms.DueAt, Status = OfferStatus.Open, PartnershipId = terms.PartnershipId, AgreementVersion = terms.AgreementVersion,
            };
        }).ToList();
        Offers.AddRange(offers);
        if (Status == ReferralStatus.Posted)
        {
            MoveTo(ReferralStatus.Offering, now, by, why);
        }
        else
        {
            Record(Status, Status, now, by, why);
        }
        return offers;
    }

    /// <summary>
    /// First accept wins: the referral leaves Offering here, so a second accept finds it gone; the other open offers are
    /// withdrawn. The terms are the ones shown on the offer, whatever the partnership agreed since.
    /// </summary>
    public void Accept(Guid offerId, Instant now, string by)
    {
        var offer = OpenOffer(offerId, now, "accept");
        offer.Status = OfferStatus.Accepted;
        offer.RespondedAt = now;
        foreach (var other in Offers.Where(o => o.Status == OfferStatus.Open))
        {
            (other.Status, other.RespondedAt) = (OfferStatus.Withdrawn, now);
        }
        (PartnerFirmId, PartnershipId, AgreementVersion) = (offer.PartnerFirmId, offer.PartnershipId, offer.AgreementVersion);
        MoveTo(ReferralStatus.Accepted, now, by, $"offer accepted in wave {offer.Wave}", offer.PartnerFirmId);
    }

    /// <summary>Returns true when that was the wave's last open offer (the caller then offers the next wave).</summary>
    public bool Decline(Guid offerId, string reason, Instant now, string by)
    {
        var offer = OpenOffer(offerId, now, "decline");
        (offer.Status, offer.RespondedAt, offer.DeclineReason) = (OfferStatus.Declined, now, reason);
        Record(Status, Status, now, by, $"offer declined: {reason}", offer.PartnerFirmId);
        return !Offers.Any(o => o.Status == OfferStatus.Open);
    }

    /// <summary>An overdue offer expires; returns true when no offer is left open.</summary>
    public bool Expire(Offer offer, Instant now)
    {
        if (offer.Status != OfferStatus.Open || offer.DueAt > now)
        {
            return false;
        }
        (offer.Status, offer.RespondedAt) = (OfferStatus.Expired, now);
        Record(Status, Status, now, "system", $"offer to a wave-{offer.Wave} partner expired unanswered", offer.PartnerFirmId);
        return Status == ReferralStatus.Offering && !Offers.Any(o => o.Status == OfferStatus.Open);
    }

    public void Held(IEnumerable<Guid> holdIds, LocalDate start, LocalDate finish)
    {
        HoldIds = [.. holdIds];
        (PlannedStart, PlannedFinish) = (start, finish);
    }

    public void Confirm(Instant now, string by)
    {
        Require(Status == ReferralStatus.Accepted, "confirm");
        MoveTo(ReferralStatus.Confirmed, now, by, "referrer confirmed the partner; the hold is now a booking");
    }

    public void Start(Instant now, string by)
    {
        Require(Status == ReferralStatus.Confirmed, "start");
        MoveTo(ReferralStatus.InProgress, now, by, "work started", PartnerFirmId);
    }

    public void Complete(decimal jobValue, Instant now, string by)
    {
        Require(Status is ReferralStatus.Confirmed or ReferralStatus.InProgress, "complete");
        JobValue = jobValue;
        MoveTo(ReferralStatus.Completed, now, by, "work completed");
    }

    public void Cancel(string reason, Instant now, string by)
    {
        Require(Status is ReferralStatus.Posted or ReferralStatus.Offering or ReferralStatus.Accepted or ReferralStatus.Confirmed or ReferralStatus.Unmatched, "cancel");
        foreach (var open in Offers.Where(o => o.Status == OfferStatus.Open))
        {
            (open.Status, open.RespondedAt) = (OfferStatus.Withdrawn, now);
        }
        MoveTo(ReferralStatus.Cancelled, now, by, reason);
    }

    private Offer OpenOffer(Guid offerId, Instant now, string action)
    {
        var offer = Offers.FirstOrDefault(o => o.Id == offerId) ?? throw new ReferralRuleException($"No such offer on this referral.");
        if (Status != ReferralStatus.Offering || offer.Status != OfferStatus.Open)
        {
            throw new ReferralRuleException($"Cannot {action}: the offer is {offer.Status.ToString().ToLowerInvariant()} and the referral {Status.ToString().ToLowerInvariant()}.");
        }
        if (offer.DueAt <= now)
        {
            throw new ReferralRuleException($"Cannot {action}: the offer's deadline passed at {offer.DueAt}.");
        }
        return offer;
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw new ReferralRuleException($"Cannot {action} a referral that is {Status.ToString().ToLowerInvariant()}.");
        }
    }
}

/// <summary>A move the referral's state machine does not allow from where it is: a 409 for the caller.</summary>
public sealed class ReferralRuleException(string message) : Exception(message);

public sealed class ReferralSkill
{
    public string SkillId { get; set; } = "";
    public string Name { get; set; } = "";
    public int MinLevel { get; set; }
    public double Weight { get; set; } = 1;
}

/// <summary>One ranked candidate of a referral with its explanation, kept as ranked when the referral was posted.</summary>
public sealed class Candidacy
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
}

public sealed class ReferralNearMiss
{
    public Guid FirmId { get; set; }
    public string Name { get; set; } = "";
    public List<string> Reasons { get; set; } = [];
}

public sealed class ReferralTransition
{
    public Guid Id { get; init; }
    public Guid ReferralId { get; init; }
    public ReferralStatus From { get; init; }
    public ReferralStatus To { get; init; }
    public Instant At { get; init; }
    public string By { get; init; } = "";
    public string Why { get; init; } = "";
    /// <summary>The partner firm this step is about (its offer, its answer); null for the referral's own steps.</summary>
    public Guid? AboutFirmId { get; init; }

    /// <summary>
    /// Whether a viewer may see the step: the referrer sees everything; a partner sees its own steps and the referral's
    /// changes of state, never another partner's answer or reason, nor how the waves went (the referrer's people are "referrer").
    /// </summary>
    public bool VisibleTo(Guid viewer, Guid referrer) => viewer == referrer || AboutFirmId == viewer || (AboutFirmId is null && From != To);

    public string ByAsSeenBy(Guid viewer, Guid referrer) => viewer == referrer || AboutFirmId == viewer || By == "system" ? By : "referrer";

    /// <summary>
    /// Why, as the viewer may read it: a partner reads its own steps in full, and the referral's changes of state in
    /// plain words, never how many were ranked or asked, nor the referrer's own notes.
    /// </summary>
    public string WhyAsSeenBy(Guid viewer, Guid referrer) => viewer == referrer || AboutFirmId == viewer ? Why : To switch
    {
        ReferralStatus.Offering => "offers made",
        ReferralStatus.Confirmed => "referrer confirmed the partner; the hold is now a booking",
        ReferralStatus.InProgress => "work started",
        ReferralStatus.Completed => "work completed",
        ReferralStatus.Cancelled => "cancelled by the referrer",
        _ => To.ToString().ToLowerInvariant(),
    };
}

/// <summary>What an offer carries from the moment it is made: its deadline and the agreement version it binds to.</summary>
public sealed record OfferTerms(Instant DueAt, Guid? PartnershipId, int AgreementVersion);
