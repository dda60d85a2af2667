using Marketplace.Messaging;
using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using NodaTime;

namespace Marketplace.Matching.Referrals;

public enum ReferralStatus { Posted, Offering, Accepted, Confirmed, InProgress, Completed, Unmatched, Cancelled }

/// <summary>
/// A step that needs Scheduling's answer: begun and committed in one short transaction, Scheduling asked with no
/// transaction open, finished (or given up) in another. While one is pending, the referral says so, with when it began.
/// </summary>
public enum PendingStep { Accept, Confirm }

/// <summary>
/// A job a referrer hands on, and its whole process as a state machine: every change goes through a method here
/// that checks it is allowed from the current state and writes the audit trail (who, when, why).
/// </summary>
public sealed partial class Referral
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
    /// <summary>The wave size the referrer chose; null: each wave is sized from the slack (see <see cref="WavePlan"/>).</summary>
    public int? WaveSize { get; init; }
    public ReferralStatus Status { get; private set; }
    public int Wave { get; private set; }
    public Guid? PartnerFirmId { get; private set; }
    public Guid? PartnershipId { get; private set; }
    public int? AgreementVersion { get; private set; }
    public List<Guid> HoldIds { get; private set; } = [];
    public LocalDate? PlannedStart { get; private set; }
    public LocalDate? PlannedFinish { get; private set; }
    public decimal? JobValue { get; private set; }
    /// <summary>
    /// The step waiting on Scheduling, if any: an accept (its offer is Accepting; the referral stays Offering) or a
    /// confirmation (the referral stays Accepted). Nobody holds a lock or a transaction meanwhile.
    /// </summary>
    public PendingStep? Pending { get; private set; }
    /// <summary>When the pending step began: older than <see cref="PendingTimeout"/>, the job finishes or gives it up.</summary>
    public Instant? PendingSince { get; private set; }
    /// <summary>The attempt that owns the pending step: only it finishes the step, so a late or second finisher cannot.</summary>
    public Guid? PendingAttempt { get; private set; }
    /// <summary>Who began the pending step, for the audit trail when the job finishes it.</summary>
    public string? PendingBy { get; private set; }
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

    /// <summary>
    /// How long a step may wait on Scheduling before the job takes it over. Well above what a healthy Scheduling needs,
    /// even with the resilience handler's retries and a few re-plans, so the job meets only steps whose request died.
    /// </summary>
    public static readonly Duration PendingTimeout = Duration.FromMinutes(1);

    public bool PendingStalled(Instant now) => Pending is not null && PendingSince <= now - PendingTimeout;

    /// <summary>Whether the wave has run out: no offer open and none being accepted (a pending accept may still win it).</summary>
    private bool WaveOver => !Offers.Any(o => o.Status is OfferStatus.Open or OfferStatus.Accepting);

    /// <summary>Writes a step of the audit trail; <paramref name="about"/> is the partner a step concerns, which other partners never see.</summary>
    /// <param name="byReferrer">A step the referrer's people took about a partner's offer (an answer, an extension): that partner reads "referrer".</param>
    public void Record(ReferralStatus from, ReferralStatus to, Instant at, string by, string why, Guid? about = null, bool byReferrer = false) =>
        Timeline.Add(new ReferralTransition
        {
            Id = NextStepId(), ReferralId = Id, From = from, To = to, At = at, By = by, Why = why, AboutFirmId = about, ByReferrer = byReferrer,
        });

    /// <summary>
    /// The trail reads in (At, Id) order, and the steps of one change share their instant. A version-7 id is random below
    /// the millisecond, so a step's id is made to follow the step written before it: an expiry and the unmatch it causes
    /// always read in that order.
    /// </summary>
    private Guid NextStepId()
    {
        var id = Guid.CreateVersion7();
        if (Timeline.Count == 0 || Timeline[^1].Id.CompareTo(id) < 0)
        {
            return id;
        }
        var bytes = Timeline[^1].Id.ToByteArray(bigEndian: true);
        for (var i = bytes.Length - 1; i >= 0 && ++bytes[i] == 0; i--)
        {
        }
        return new Guid(bytes, bigEndian: true);
    }

    private void MoveTo(ReferralStatus to, Instant at, string by, string why, Guid? about = null)
    {
        Record(Status, to, at, by, why, about);
        Status = to;
    }

    /// <summary>Keeps the ranked candidates; the waves take them in this order.</summary>
    public void Shortlist(IEnumerable<Candidacy> candidates) => Candidates.AddRange(candidates);

    /// <summary>Keeps the ranked candidates and the partners that nearly qualified, with why not.</summary>
    public void Shortlist(IEnumerable<Candidacy> candidates, IEnumerable<NearMiss> nearMisses)
    {
        Shortlist(candidates);
        NearMisses = [.. nearMisses.Select(ReferralNearMiss.From)];
    }

    /// <summary>
    /// Offers the next wave to the best candidates not yet offered, as many as <paramref name="plan"/> says (without one:
    /// the chosen size or three); returns them. Empty when the list is used up or the latest start has passed since the
    /// last wave, and then the referral is unmatched. With a plan sized from the slack, the timeline says why it was sized so.
    /// </summary>
    public IReadOnlyList<Offer> OfferNextWave(Func<Candidacy, OfferTerms> termsFor, Instant now, string by, string why, WavePlan? plan = null)
    {
        Require(Status is ReferralStatus.Posted or ReferralStatus.Offering, "offer a wave");
        plan ??= WavePlan.For(WaveSize, LatestStart, now, fromSlack: false);
        if (OutOfTime(now, by))
        {
            return [];
        }
        var next = Candidates.Where(c => !c.Offered).OrderBy(c => c.Rank).Take(plan.Size).ToList();
        if (next.Count == 0)
        {
            MoveTo(ReferralStatus.Unmatched, now, by, Wave == 0 ? "nobody qualifies" : $"all {Wave} waves declined or expired");
            return [];
        }
        Wave++;
        var offers = Make(next, termsFor, now);
        var line = plan.FromSlack ? $"{why}: {plan.Describe(offers.Count, LatestStart)}" : why;
        if (Status == ReferralStatus.Posted)
        {
            MoveTo(ReferralStatus.Offering, now, by, line);
        }
        else
        {
            Record(Status, Status, now, by, line);
        }
        return offers;
    }

    /// <summary>
    /// After an accept whose hold failed (<see cref="CloseFailedAccept"/>): the next candidate not yet offered joins the
    /// current wave at once instead of the wave waiting for its other offers to time out. Returns it; empty when nobody
    /// is left (unmatched, if no offer is open either) or the latest start has passed.
    /// </summary>
    public IReadOnlyList<Offer> OfferReplacement(Func<Candidacy, OfferTerms> termsFor, Instant now, string by, string why, WavePlan? plan = null)
    {
        Require(Status == ReferralStatus.Offering, "offer a replacement");
        plan ??= WavePlan.For(WaveSize, LatestStart, now, fromSlack: false);
        if (now.InUtc().Date > LatestStart)
        {
            if (WaveOver)
            {
                OutOfTime(now, by);
            }
            return [];
        }
        var next = Candidates.Where(c => !c.Offered).OrderBy(c => c.Rank).Take(1).ToList();
        if (next.Count == 0)
        {
            if (WaveOver)
            {
                MoveTo(ReferralStatus.Unmatched, now, by, $"all {Wave} waves declined or expired");
            }
            return [];
        }
        var offers = Make(next, termsFor, now);
        Record(Status, Status, now, by, plan.FromSlack ? $"{why}: {plan.Describe(offers.Count, LatestStart, replacement: true)}" : why);
        return offers;
    }

    /// <summary>
    /// No wave goes out once the latest start (a UTC date, as the ranking counts it) has passed: nobody could start in
    /// time, so the referral is unmatched rather than left offering. Not at posting: the ranking has already said who can.
    /// </summary>
    private bool OutOfTime(Instant now, string by)
    {
        if (Wave == 0 || now.InUtc().Date <= LatestStart)
        {
            return false;
        }
        MoveTo(ReferralStatus.Unmatched, now, by, $"the latest start, {Ranker.Day(LatestStart)}, passed before a partner accepted ({Wave} wave{(Wave == 1 ? "" : "s")} offered)");
        return true;
    }

    private List<Offer> Make(List<Candidacy> next, Func<Candidacy, OfferTerms> termsFor, Instant now)
    {
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
        return offers;
    }

    /// <summary>
    /// First accept wins, in two steps around the call to Scheduling: here the offer becomes Accepting, and any other
    /// accept is refused until this one is finished or given up. Returns the attempt that owns the pending step.
    /// </summary>
    public Guid BeginAccept(Guid offerId, Instant now, string by)
    {
        if (Pending == PendingStep.Accept)
        {
            throw new ReferralRuleException(Offers.Any(o => o.Id == offerId && o.Status == OfferStatus.Accepting)
                ? "Your accept of this offer is already being processed; it finishes in a moment."
                : "Another partner is accepting this referral right now; if that accept does not go through, your offer stays open until its deadline.");
        }
        OpenOffer(offerId, now, "accept").Status = OfferStatus.Accepting;
        return Begin(PendingStep.Accept, now, by);
    }

    /// <summary>
    /// The accept wins: the referral leaves Offering, the other open offers are withdrawn. The terms are the ones shown on
    /// the offer, whatever the partnership agreed since. Returns false when the job already finished this very accept
    /// (it had stalled): nothing left to do. Throws when the attempt lost the step (the referrer cancelled meanwhile).
    /// </summary>
    public bool FinishAccept(Guid offerId, Guid attempt, Instant now, string by)
    {
        if (Pending is null && AcceptedOffer?.Id == offerId)
        {
            return false;
        }
        RequireOwner(PendingStep.Accept, attempt, "your accept was being processed");
        var offer = Offers.Single(o => o.Status == OfferStatus.Accepting);
        (offer.Status, offer.RespondedAt) = (OfferStatus.Accepted, now);
        foreach (var other in Offers.Where(o => o.Status == OfferStatus.Open))
        {
            (other.Status, other.RespondedAt) = (OfferStatus.Withdrawn, now);
        }
        (PartnerFirmId, PartnershipId, AgreementVersion) = (offer.PartnerFirmId, offer.PartnershipId, offer.AgreementVersion);
        EndPending();
        MoveTo(ReferralStatus.Accepted, now, by, $"offer accepted in wave {offer.Wave}", offer.PartnerFirmId);
        return true;
    }

    /// <summary>
    /// Gives a pending accept up (Scheduling refused the partner's time): the offer is open again while its deadline has
    /// not passed, and expires otherwise. Returns true when that leaves the wave with nothing open (the next wave is due).
    /// </summary>
    public bool AbandonAccept(Guid attempt, string why, Instant now)
    {
        RequireOwner(PendingStep.Accept, attempt, "your accept was being processed");
        var offer = Offers.Single(o => o.Status == OfferStatus.Accepting);
        EndPending();
        if (offer.DueAt > now)
        {
            offer.Status = OfferStatus.Open;
            Record(Status, Status, now, "system", $"accept did not go through: {why} The offer is open again.", offer.PartnerFirmId);
            return false;
        }
        (offer.Status, offer.RespondedAt) = (OfferStatus.Expired, now);
        Record(Status, Status, now, "system", $"accept did not go through: {why} The offer's deadline has passed.", offer.PartnerFirmId);
        return WaveOver;
    }

    /// <summary>
    /// Gives a pending accept up for good (Scheduling refused the partner's time): the offer is closed as declined for want
    /// of time (the partner did answer; it cannot take the work) and the caller offers the next candidate at once
    /// (<see cref="OfferReplacement"/>), rather than leave the wave waiting on an offer its partner cannot take.
    /// </summary>
    public void CloseFailedAccept(Guid attempt, string why, Instant now)
    {
        RequireOwner(PendingStep.Accept, attempt, "your accept was being processed");
        var offer = Offers.Single(o => o.Status == OfferStatus.Accepting);
        EndPending();
        var reason = $"no time left: {why}";
        (offer.Status, offer.RespondedAt, offer.DeclineReason) = (OfferStatus.Declined, now, reason.Length > 500 ? reason[..500] : reason);
        Record(Status, Status, now, "system", $"accept did not go through: {why} The offer is closed and the referral goes on to the next partner.", offer.PartnerFirmId);
    }

    /// <summary>An accept in one step, for callers with nobody to ask in between (the market simulation, unit tests).</summary>
    public void Accept(Guid offerId, Instant now, string by) => FinishAccept(offerId, BeginAccept(offerId, now, by), now, by);

    /// <summary>Returns true when that was the wave's last open offer (the caller then offers the next wave).</summary>
    public bool Decline(Guid offerId, string reason, Instant now, string by) => Decline(offerId, DeclineAnswer.Typed(reason), now, by);

    /// <summary>A tapped reason (kept as its code and words) with the partner's note; returns true when that ends the wave.</summary>
    public bool Decline(Guid offerId, DeclineAnswer answer, Instant now, string by)
    {
        var offer = OpenOffer(offerId, now, "decline");
        (offer.Status, offer.RespondedAt, offer.DeclineReason, offer.DeclineCode, offer.DeclineNote) =
            (OfferStatus.Declined, now, answer.Reason, answer.Code, answer.Note);
        Record(Status, Status, now, by, $"offer declined: {answer.Sentence}", offer.PartnerFirmId);
        return WaveOver;
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
        return Status == ReferralStatus.Offering && WaveOver;
    }

    /// <summary>
    /// Keeps the holds placed for the accepted partner, unless the referral has moved on since they were asked for
    /// (cancelled, or holds placed meanwhile by a confirmation): false then, and the caller releases them.
    /// </summary>
    public bool KeepHolds(HeldTime held)
    {
        if (Status != ReferralStatus.Accepted || HoldIds.Count > 0)
        {
            return false;
        }
        (HoldIds, PlannedStart, PlannedFinish) = ([.. held.Holds], held.Start, held.Finish);
        return true;
    }

    /// <summary>The referrer confirms, in two steps around booking the partner's time in Scheduling; returns the attempt that owns the step.</summary>
    public Guid BeginConfirm(Instant now, string by)
    {
        if (Pending == PendingStep.Confirm)
        {
            throw new ReferralRuleException("This referral's confirmation is already being processed; it finishes in a moment.");
        }
        Require(Status == ReferralStatus.Accepted, "confirm");
        return Begin(PendingStep.Confirm, now, by);
    }

    /// <summary>
    /// The hold is now a booking (<paramref name="placed"/>: holds this confirmation had to place, none having been placed
    /// on accepting). A confirmation the job gave up (it stalled) that did go through is kept, unless another is under way.
    /// </summary>
    public void FinishConfirm(Guid attempt, Instant now, string by, HeldTime? placed = null)
    {
        if (Pending is not null || Status != ReferralStatus.Accepted)
        {
            RequireOwner(PendingStep.Confirm, attempt, "the confirmation was being processed");
        }
        if (placed is not null && !KeepHolds(placed))
        {
            throw new ReferralRuleException("The partner's time was held by another confirmation meanwhile; confirm again.");
        }
        EndPending();
        MoveTo(ReferralStatus.Confirmed, now, by, "referrer confirmed the partner; the hold is now a booking");
    }

    /// <summary>Gives a pending confirmation up (Scheduling could not book the time): the referral stays Accepted, to be confirmed again.</summary>
    public void AbandonConfirm(Guid attempt, string why, Instant now, string by)
    {
        RequireOwner(PendingStep.Confirm, attempt, "the confirmation was being processed");
        EndPending();
        Record(Status, Status, now, by, $"confirmation did not go through: {why}");
    }

    /// <summary>A confirmation in one step, for callers with nobody to ask in between (unit tests).</summary>
    public void Confirm(Instant now, string by) => FinishConfirm(BeginConfirm(now, by), now, by);

    public void Start(Instant now, string by)
    {
        Require(Status == ReferralStatus.Confirmed, "start");
        MoveTo(ReferralStatus.InProgress, now, by, "work started", PartnerFirmId);
    }

    /// <summary>
    /// Whether the work has started: the partner said so, or the planned start day has begun where the client is (a
    /// partner who forgets to say so does not hold the referrer up).
    /// </summary>
    public bool WorkStarted(Instant now) => Status == ReferralStatus.InProgress
        || Status == ReferralStatus.Confirmed && PlannedStart is { } start && now.InZone(ClientZone).Date >= start;

    public void Complete(decimal jobValue, Instant now, string by)
    {
        Require(Status is ReferralStatus.Confirmed or ReferralStatus.InProgress, "complete");
        if (!WorkStarted(now))
        {
            throw new ReferralRuleException(PlannedStart is { } start
                ? $"Cannot complete a referral before the work started: it is planned to start {start.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}. Complete it once the partner says work has started, or from that day."
                : "Cannot complete a referral before the work started: complete it once the partner says work has started.");
        }
        JobValue = jobValue;
        MoveTo(ReferralStatus.Completed, now, by, "work completed");
    }

    public void Cancel(string reason, Instant now, string by)
    {
        Require(Status is ReferralStatus.Posted or ReferralStatus.Offering or ReferralStatus.Accepted or ReferralStatus.Confirmed or ReferralStatus.Unmatched, "cancel");
        // A pending step is not waited for: the referrer is never held up by a partner's accept. Its finisher finds the
        // step gone and releases what it held.
        foreach (var open in Offers.Where(o => o.Status is OfferStatus.Open or OfferStatus.Accepting))
        {
            (open.Status, open.RespondedAt) = (OfferStatus.Withdrawn, now);
        }
        EndPending();
        MoveTo(ReferralStatus.Cancelled, now, by, reason);
    }

    private Offer OpenOffer(Guid offerId, Instant now, string action)
    {
        var offer = Offers.FirstOrDefault(o => o.Id == offerId) ?? throw new ReferralRuleException($"No such offer on this referral.");
        if (offer.Status == OfferStatus.Accepting)
        {
            throw new ReferralRuleException($"Cannot {action}: your accept of this offer is being processed; it finishes in a moment.");
        }
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

    private Guid Begin(PendingStep step, Instant now, string by)
    {
        (Pending, PendingSince, PendingAttempt, PendingBy) = (step, now, Guid.NewGuid(), by);
        return PendingAttempt.Value;
    }

    private void EndPending() => (Pending, PendingSince, PendingAttempt, PendingBy) = (null, null, null, null);

    private void RequireOwner(PendingStep step, Guid attempt, string doing)
    {
        if (Pending != step || PendingAttempt != attempt)
        {
            throw new ReferralRuleException(Status == ReferralStatus.Cancelled
                ? $"The referrer cancelled this referral while {doing}."
                : $"This referral changed while {doing} (it is {Status.ToString().ToLowerInvariant()} now); nothing was kept.");
        }
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
public sealed class ReferralRuleException(string message) : RuleException(message);

public sealed class ReferralSkill
{
    public string SkillId { get; set; } = "";
    public string Name { get; set; } = "";
    public int MinLevel { get; set; }
    public double Weight { get; set; } = 1;
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
    /// <summary>Whether the referrer's people took this step about a partner's offer (an answer, an extension).</summary>
    public bool ByReferrer { get; init; }

    /// <summary>
    /// Whether a viewer may see the step: the referrer sees everything; a partner sees its own steps and the referral's
    /// changes of state, never another partner's answer or reason, nor how the waves went (the referrer's people are "referrer").
    /// </summary>
    public bool VisibleTo(Guid viewer, Guid referrer) => viewer == referrer || AboutFirmId == viewer || (AboutFirmId is null && From != To);

    /// <summary>Who took the step: a partner sees its own people and "system"; the referrer's people are "referrer" to it.</summary>
    public string ByAsSeenBy(Guid viewer, Guid referrer) =>
        viewer == referrer || By == "system" || (AboutFirmId == viewer && !ByReferrer) ? By : "referrer";

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

/// <summary>The partner's engineers' time held in Scheduling for a referral: the holds, and the dates Scheduling planned.</summary>
public sealed record HeldTime(IReadOnlyList<Guid> Holds, LocalDate Start, LocalDate Finish);

/// <summary>What an offer carries from the moment it is made: its deadline and the agreement version it binds to.</summary>
public sealed record OfferTerms(Instant DueAt, Guid? PartnershipId, int AgreementVersion);
