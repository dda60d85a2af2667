using Marketplace.Matching.Offers;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using NodaTime;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// One market under one routing policy, on a fake clock: each referral is ranked by the real <see cref="Ranker"/>, goes
/// through the real <see cref="Referral"/> state machine with waves from the real <see cref="WavePlan"/>, and an unmatched
/// one gets the real <see cref="Matchmaker.HelpOptions"/>. Every answer to an offer, and every expiry, is an event at its
/// own instant; an accepted referral takes its hours from the partner's weeks, so later referrals compete for what is
/// left. The market itself is not changed: a run keeps its own copy of what moves (free hours, offers, histories).
/// </summary>
public sealed class MarketRun
{
    private enum Answer { Accept, Decline, Silent }

    /// <summary>What a run changes of a firm.</summary>
    private sealed class FirmState(SimulatedFirm firm)
    {
        public SimulatedFirm Firm { get; } = firm;
        public short[] Free { get; } = [.. firm.Free];
        public Instant? LastOfferedAt { get; set; }
        public int Offers { get; set; }
        public ResponseHistory? History { get; set; }

        public PartnerProfile Profile(LocalDate firstMonday) => new()
        {
            FirmId = Firm.Id, Name = Firm.Name, Calendar = Firm.Calendar, Skills = Firm.Skills, Levels = Firm.Levels, Verified = Firm.Verified,
            CapacityFrom = firstMonday, FreeHours = Free, LastOfferedAt = LastOfferedAt, Responses = History,
        };
    }

    /// <summary>A referral in flight, with the seeded stream its partners' answers are drawn from.</summary>
    private sealed record Live(Referral Referral, PlannedReferral Planned, Random Answers);

    private readonly SimulatedMarket _market;
    private readonly RoutingPolicy _policy;
    private readonly List<FirmState> _firms;
    private readonly Dictionary<Guid, FirmState> _byId;
    private readonly PriorityQueue<Action<Instant>, (Instant At, long Order)> _events = new();
    private long _order;

    public MarketReport Report { get; } = new();

    public MarketRun(SimulatedMarket market, RoutingPolicy policy)
    {
        (_market, _policy) = (market, policy);
        _firms = [.. market.Firms.Select(f => new FirmState(f))];
        _byId = _firms.ToDictionary(f => f.Firm.Id);
    }

    public MarketReport Run()
    {
        foreach (var planned in _market.Planned)
        {
            At(planned.Arrival, now => Post(now, planned));
        }
        while (_events.TryDequeue(out var next, out var key))
        {
            next(key.At);
        }
        Report.Finish(_firms.Select(f => (f.Firm, f.Offers)));
        return Report;
    }

    private void At(Instant at, Action<Instant> action) => _events.Enqueue(action, (at, _order++));

    private RankingIndex Index() => new([.. _firms.Select(f => f.Profile(_market.FirstMonday))], _market.SkillNumbers, _market.Terms);

    private void Post(Instant now, PlannedReferral planned)
    {
        var need = planned.Need;
        var index = Index();
        var ranking = Ranker.Rank(index, need, now, limit: Matchmaker.ShortlistSize, policy: _policy);
        var referral = new Referral
        {
            Id = Guid.NewGuid(), ReferrerFirmId = need.ReferrerFirmId, EffortHours = need.EffortHours, HoursPerWeek = need.HoursPerWeek,
            Skills = [.. need.Skills.Select(s => new ReferralSkill { SkillId = s.SkillId, Name = s.Name, MinLevel = s.MinLevel, Weight = s.Weight })],
            EarliestStart = need.EarliestStart, LatestStart = need.LatestStart, Mode = need.Mode, Urgency = need.Urgency, PostedAt = now,
        };
        if (ranking.Qualified == 0)
        {
            referral.OfferNextWave(_ => throw new InvalidOperationException("nobody to offer"), now, "system", "wave 1");
            Report.Infeasible(planned, HelpIsRight(index, referral, now));
            return;
        }
        // The most any routing could do: each shortlisted partner asked once, taking it at its own chance (in the hard market
        // only partners that answer, and one hold in five failing), with nobody else taking their hours meanwhile.
        var nobodyTakes = ranking.Candidates.Aggregate(1.0, (p, c) => p * (1 - TakeChance(_byId[c.FirmId].Firm)));
        Report.Feasible(planned, 1 - nobodyTakes, ranking.Candidates.All(c => TakeChance(_byId[c.FirmId].Firm) == 0));
        referral.Shortlist(ranking.Candidates.Select((c, i) => new Candidacy { ReferralId = referral.Id, FirmId = c.FirmId, Name = c.Name, Rank = i + 1 }));
        Wave(now, new Live(referral, planned, new Random(planned.Seed)));
    }

    private void Wave(Instant now, Live live)
    {
        var plan = WavePlan.For(null, live.Referral.LatestStart, now, _policy.WavesFromSlack);
        Sent(now, live, live.Referral.OfferNextWave(c => TermsFor(live, c, now, plan), now, "system", $"wave {live.Referral.Wave + 1}", plan));
    }

    /// <summary>The deadline as the matchmaker sets it: the plan's share of the terms' response hours, in the partner's business time.</summary>
    private OfferTerms TermsFor(Live live, Candidacy candidate, Instant now, WavePlan plan)
    {
        var firm = _byId[candidate.FirmId].Firm;
        var terms = (_market.Terms.TryGetValue(live.Referral.ReferrerFirmId, out var partners) ? partners.GetValueOrDefault(candidate.FirmId) : null) ?? Ranker.DirectoryTerms;
        return new OfferTerms(firm.Calendar.AddWorkingTime(now, plan.Deadline(terms.ResponseSlaHours), firm.Holidays),
            terms.PartnershipId == Guid.Empty ? null : terms.PartnershipId, terms.Version);
    }

    private void Sent(Instant now, Live live, IReadOnlyList<Offer> offers)
    {
        if (live.Referral.Status == ReferralStatus.Unmatched)
        {
            Report.Unmatched(live.Planned, HelpIsRight(Index(), live.Referral, now), live.Referral.Timeline[^1].Why.StartsWith("the latest start", StringComparison.Ordinal));
            return;
        }
        foreach (var offer in offers)
        {
            var state = _byId[offer.PartnerFirmId];
            state.Offers++;
            state.LastOfferedAt = now;
            Report.Offered();
            var (at, answer) = AnswerOf(state.Firm, offer, live.Answers);
            At(at, answer switch
            {
                Answer.Accept => t => Accepted(t, live, offer),
                Answer.Decline => t => Declined(t, live, offer),
                _ => t => Expired(t, live, offer),
            });
        }
    }

    /// <summary>
    /// Standard market (as it always was): a tenth of offers left to expire, the rest answered at a uniformly random
    /// instant before the deadline. Hard market: by the firm's behaviour, at its own pace through the business time the
    /// deadline gives it (a partner at the last minute answers in its last minutes, whatever the deadline).
    /// </summary>
    private (Instant At, Answer Answer) AnswerOf(SimulatedFirm firm, Offer offer, Random random)
    {
        if (_market.Kind == MarketKind.Standard)
        {
            var silent = random.NextDouble() < 0.1;
            var at = silent ? offer.DueAt : offer.MadeAt + (offer.DueAt - offer.MadeAt) * random.NextDouble();
            return (at, silent ? Answer.Silent : random.NextDouble() < firm.AcceptChance ? Answer.Accept : Answer.Decline);
        }
        if (firm.Behaviour == Behaviour.NeverAnswers)
        {
            return (offer.DueAt, Answer.Silent);
        }
        var given = BusinessTime.Between(firm.Calendar, offer.MadeAt, offer.DueAt, firm.Holidays);
        var share = Math.Clamp(firm.Pace + (random.NextDouble() - 0.5) * 0.3, 0.01, 0.99);
        var answerAt = firm.Calendar.AddWorkingTime(offer.MadeAt, given * share, firm.Holidays);
        var accepts = firm.Behaviour == Behaviour.Answers && random.NextDouble() < firm.AcceptChance;
        return (answerAt < offer.DueAt ? answerAt : offer.DueAt - Duration.FromSeconds(1), accepts ? Answer.Accept : Answer.Decline);
    }

    private double TakeChance(SimulatedFirm firm) => _market.Kind == MarketKind.Standard
        ? 0.9 * firm.AcceptChance
        : firm.Behaviour == Behaviour.Answers ? firm.AcceptChance * (1 - SimulatedMarket.GoneElsewhere) : 0;

    private void Declined(Instant at, Live live, Offer offer)
    {
        if (offer.Status != OfferStatus.Open || live.Referral.Status != ReferralStatus.Offering)
        {
            return; // withdrawn: another partner won, or the referral moved on
        }
        Answered(offer, at);
        if (live.Referral.Decline(offer.Id, "not for us", at, "partner"))
        {
            Wave(at, live);
        }
    }

    private void Expired(Instant at, Live live, Offer offer)
    {
        if (offer.Status != OfferStatus.Open || live.Referral.Status != ReferralStatus.Offering)
        {
            return;
        }
        var state = _byId[offer.PartnerFirmId];
        state.History = (state.History ?? ResponseHistory.None).Expired(at);
        Report.Expired();
        if (live.Referral.Expire(offer, at))
        {
            Wave(at, live);
        }
    }

    /// <summary>
    /// The partner accepts: its hours are checked as Scheduling would hold them. They may be gone (other referrals took
    /// them; in the hard market, one accept in five finds them taken by work found elsewhere, which the projection then
    /// learns). Then the hold fails: with move-on the offer is closed and the next candidate asked at once; before it,
    /// the offer opened again and its partner, having no time, declined it.
    /// </summary>
    private void Accepted(Instant at, Live live, Offer offer)
    {
        var referral = live.Referral;
        if (offer.Status != OfferStatus.Open || referral.Status != ReferralStatus.Offering)
        {
            return;
        }
        var state = _byId[offer.PartnerFirmId];
        var need = live.Planned.Need;
        Answered(offer, at);
        var today = at.InUtc().Date;
        var begin = Ranker.EarliestStart(state.Profile(_market.FirstMonday), need, need.EarliestStart > today ? need.EarliestStart : today, need.LatestStart);
        var goneElsewhere = _market.Kind == MarketKind.Hard && live.Answers.NextDouble() < SimulatedMarket.GoneElsewhere;
        if (begin is { } start)
        {
            Book(state, start, need);
            if (!goneElsewhere)
            {
                referral.Accept(offer.Id, at, "partner");
                var referrer = _byId[referral.ReferrerFirmId].Firm;
                Report.Matched(live.Planned, referral.Wave, BusinessTime.Between(referrer.Calendar, referral.PostedAt, at, referrer.Holidays), at.InUtc().Date <= need.LatestStart);
                return;
            }
        }
        Report.HoldFailed();
        if (_policy.MoveOnAfterFailedHold)
        {
            referral.CloseFailedAccept(referral.BeginAccept(offer.Id, at, "partner"), "no hours left.", at);
            var plan = WavePlan.For(null, referral.LatestStart, at, _policy.WavesFromSlack);
            Sent(at, live, referral.OfferReplacement(c => TermsFor(live, c, at, plan), at, "system", "replacement", plan));
        }
        else if (referral.Decline(offer.Id, "no time after all", at, "partner"))
        {
            Wave(at, live);
        }
    }

    private void Answered(Offer offer, Instant at)
    {
        var state = _byId[offer.PartnerFirmId];
        state.History = (state.History ?? ResponseHistory.None).Answered(at, BusinessTime.Between(state.Firm.Calendar, offer.MadeAt, at, state.Firm.Holidays));
    }

    private void Book(FirmState state, LocalDate begin, Need need)
    {
        var week = (Calendar.WorkingWeek.WeekStart(begin).ToDateOnly().DayNumber - _market.FirstMonday.ToDateOnly().DayNumber) / 7;
        for (var w = 0; w < need.Weeks; w++)
        {
            var slot = Math.Min(week + w, state.Free.Length - 1);
            state.Free[slot] = (short)Math.Max(0, state.Free[slot] - need.HoursPerWeek);
        }
    }

    /// <summary>
    /// Whether the help given is right: every change it names brings a partner not yet offered that really answers
    /// offers (never-answering or decline-everything partners do not help); when it names none, no single change would.
    /// </summary>
    private bool HelpIsRight(RankingIndex index, Referral referral, Instant now)
    {
        var offered = referral.Offers.Select(o => o.PartnerFirmId).ToHashSet();
        bool Works(Need relaxed) => Ranker.Rank(index, relaxed, now, limit: SimulatedMarket.FirmCount, exclude: offered, policy: _policy).Candidates
            .Any(c => _byId[c.FirmId].Firm.Behaviour == Behaviour.Answers);
        var given = Matchmaker.HelpOptions(index, referral, now, _policy);
        return given.Count > 0 ? given.All(o => Works(o.Relaxed)) : !Matchmaker.HelpOptions(index, referral, now, RoutingPolicy.Fixed).Any(o => Works(o.Relaxed));
    }
}
