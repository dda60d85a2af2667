using System.Globalization;
using Marketplace.Calendar;
using NodaTime;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// How a partner has answered the offers made to it lately, from its own offers: answered (accepted or declined before
/// the deadline, an accept whose hold failed included) or let expire; offers withdrawn before it answered say nothing.
/// Each outcome weighs half as much every <see cref="HalfLife"/>, so a partner that changes its ways is seen to within
/// weeks and one that has gone quiet drifts back to neutral. Beside the weights: the business hours its answers took,
/// and how many offers in a row it has let expire since it last answered (what demotion counts). Immutable; outcomes
/// are added in the order they happened.
/// </summary>
public sealed record ResponseHistory(double Offers, double Answers, double AnswerHours, int Unanswered, Instant AsOf)
{
    public static readonly Duration HalfLife = Duration.FromDays(30);

    /// <summary>Outcomes older than this weigh under a sixteenth: the loader leaves them out.</summary>
    public static readonly Duration Horizon = Duration.FromDays(120);

    /// <summary>The most outcomes loaded per partner, its latest: enough for the estimate, and a busy partner costs no more.</summary>
    public const int MaxOutcomes = 50;

    /// <summary>Offers let expire in a row before a partner is offered after those that answer.</summary>
    public const int DemoteAfter = 2;

    /// <summary>A demoted partner is still offered work after this long without an offer, doubling per further expiry, so it can answer again.</summary>
    public static readonly Duration FirstProbe = Duration.FromHours(84);

    public static readonly Duration LongestProbe = Duration.FromDays(28);

    /// <summary>The deadline a typical answer time is measured against: the platform's terms (4 business hours).</summary>
    private const double ReferenceHours = 4;

    public static ResponseHistory None { get; } = new(0, 0, 0, 0, Instant.FromUnixTimeTicks(0));

    /// <summary>The partner answered an offer at <paramref name="at"/>, <paramref name="took"/> business time after it was made.</summary>
    public ResponseHistory Answered(Instant at, Duration took)
    {
        var kept = Decayed(at);
        return kept with { Offers = kept.Offers + 1, Answers = kept.Answers + 1, AnswerHours = kept.AnswerHours + Math.Max(0, took.TotalHours), Unanswered = 0 };
    }

    /// <summary>An offer to the partner expired unanswered at <paramref name="at"/>.</summary>
    public ResponseHistory Expired(Instant at)
    {
        var kept = Decayed(at);
        return kept with { Offers = kept.Offers + 1, Unanswered = kept.Unanswered + 1 };
    }

    /// <summary>The weights as seen at <paramref name="now"/> (never made heavier by a <paramref name="now"/> before the last outcome).</summary>
    public ResponseHistory Decayed(Instant now)
    {
        if (now <= AsOf)
        {
            return this;
        }
        var keep = Math.Pow(0.5, (now - AsOf).TotalDays / HalfLife.TotalDays);
        return this with { Offers = Offers * keep, Answers = Answers * keep, AnswerHours = AnswerHours * keep, AsOf = now };
    }

    /// <summary>
    /// The share of offers answered, pulled towards 80 % (the share that earns full marks) while there are few to go by:
    /// two offers imagined, 1.6 of them answered. A partner is taken to answer until its own offers say otherwise, so one
    /// with little history (a newcomer, or one that had few offers lately) is not pushed further back for having little.
    /// </summary>
    public double AnswerRate(Instant now)
    {
        var seen = Decayed(now);
        return (seen.Answers + 1.6) / (seen.Offers + 2);
    }

    /// <summary>The weighted mean business hours an answer took; null before any answer.</summary>
    public double? TypicalHours => Answers > 1e-6 ? AnswerHours / Answers : null;

    /// <summary>
    /// 0–1: answering counts four times as much as answering fast. Each has a plateau, so that among partners who answer
    /// well the small differences chance makes in their histories do not outweigh fairness: answering 80 % or more of
    /// offers is full marks for the share (25 % or less none), a typical answer within 1 business hour full marks for
    /// speed (the whole 4 hours none). Without history: 0.9 (full marks for answering, half for speed).
    /// </summary>
    public double Responsiveness(Instant now)
    {
        var share = Math.Clamp((AnswerRate(now) - 0.25) / 0.55, 0, 1);
        var speed = TypicalHours is { } hours ? Math.Clamp((ReferenceHours - hours) / (ReferenceHours - 1), 0, 1) : 0.5;
        return 0.8 * share + 0.2 * speed;
    }

    /// <summary>
    /// Whether the partner is offered after every partner that answers: it has let <see cref="DemoteAfter"/> or more offers
    /// in a row expire, and was offered work more recently than its probe interval (<see cref="ProbeAfter"/>). Once the
    /// interval has passed it competes as anyone does, so it gets an offer now and then, and one answer ends the demotion.
    /// </summary>
    public bool Demoted(Instant? lastOffered, Instant now) =>
        Unanswered >= DemoteAfter && lastOffered is { } last && now - last < ProbeAfter;

    /// <summary>3.5 days after two expiries in a row, doubling with each further one, at most four weeks.</summary>
    public Duration ProbeAfter
    {
        get
        {
            var doublings = Math.Clamp(Unanswered - DemoteAfter, 0, 8);
            var probe = FirstProbe * Math.Pow(2, doublings);
            return probe < LongestProbe ? probe : LongestProbe;
        }
    }

    /// <summary>In words, for the ranking's explanation: "answers 9 of 10 offers, usually within 1 business hour".</summary>
    public string Describe(Instant now)
    {
        var seen = Decayed(now);
        var offers = (int)Math.Round(seen.Offers);
        if (offers == 0)
        {
            return "no recent offers to go by (taken to answer)";
        }
        var share = offers >= 10
            ? $"answers {Math.Round(10 * seen.Answers / seen.Offers).ToString(CultureInfo.InvariantCulture)} of 10 offers"
            : $"answered {(int)Math.Round(seen.Answers)} of {offers} recent offer{(offers == 1 ? "" : "s")}";
        return TypicalHours is { } hours ? $"{share}, usually within {Hours(hours)}" : share;
    }

    private static string Hours(double hours)
    {
        var whole = Math.Max(1, (int)Math.Ceiling(hours - 1e-9));
        return whole == 1 ? "1 business hour" : $"{whole} business hours";
    }

    /// <summary>A history from outcomes in any order: when each was settled, and for an answer the business time it took (null: expired).</summary>
    public static ResponseHistory From(IEnumerable<(Instant At, Duration? Took)> outcomes) =>
        outcomes.OrderBy(o => o.At).Aggregate(None, (history, o) => o.Took is { } took ? history.Answered(o.At, took) : history.Expired(o.At));
}

/// <summary>Business time between two instants in a firm's week (days off skipped), as the deadlines count it.</summary>
public static class BusinessTime
{
    public static Duration Between(WorkingWeek week, Instant from, Instant to, ISet<LocalDate>? daysOff = null)
    {
        var total = Duration.Zero;
        if (to <= from)
        {
            return total;
        }
        var last = to.InZone(week.Zone).Date;
        for (var date = from.InZone(week.Zone).Date; date <= last; date = date.PlusDays(1))
        {
            if (week.WindowOn(date, daysOff) is { } window)
            {
                var start = window.Start > from ? window.Start : from;
                var end = window.End < to ? window.End : to;
                total += end > start ? end - start : Duration.Zero;
            }
        }
        return total;
    }
}
