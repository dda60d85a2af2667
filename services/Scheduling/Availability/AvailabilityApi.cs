using System.Security.Claims;
using System.Text.Json.Serialization;
using Marketplace.Http;
using Marketplace.Scheduling.Data;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Marketplace.Scheduling.Availability;

public static class AvailabilityApi
{
    public const int MaxFirms = 1000;

    public static RouteGroupBuilder MapAvailabilityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scheduling/availability").RequireAuthorization().WithTags("Availability");
        group.MapGet("/", Earliest);
        group.MapGet("/answer", Answer);
        return group;
    }

    /// <summary>
    /// Each firm's earliest start and projected finish for the need, soonest first (the first <c>limit</c>, default 50),
    /// and which of the named firms cannot start within the weeks searched.
    /// </summary>
    /// <remarks>
    /// A member (Owner, Dispatcher, Engineer) is answered about its own firm and the firms in an active partnership
    /// with it, and nothing else: without <c>firmIds</c> those of them with the skill; a firm in <c>firmIds</c> that is
    /// neither is left out as if Scheduling did not know it — not counted, not listed, not in <c>notAvailable</c>, no
    /// refusal — so the answer says nothing about whether such a firm exists or has capacity. Engineers (ids, names,
    /// hours per week) come only for the caller's own firm; of a partner only the dates. The platform's machine client
    /// (role Machine, as Matching calls) may name any firm and gets every firm's engineers' ids and hours, the plan it holds.
    /// </remarks>
    public static async Task<Results<Ok<AvailabilityView>, ValidationProblem>> Earliest(
        [AsParameters] AvailabilityQuery query, ClaimsPrincipal user, AvailabilityIndex index, SchedulingDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (query.Validate(clock) is { } invalid)
        {
            return invalid;
        }
        var (need, now) = (query.Need, Instant.FromDateTimeOffset(clock.GetUtcNow()));
        var caller = Caller.Of(user);
        var scope = await AvailabilityScope.OfAsync(caller, db, ct);
        var firms = Select(await index.FirmsAsync(ct), query, scope).ToList();
        var plans = firms.Select(f => (f.FirmId, Plan: EarliestStart.Find(f, need, now))).ToList();
        var found = plans.Where(p => p.Plan is not null).Select(p => p.Plan!).ToList();
        var soonest = found.OrderBy(p => p.StartsAt).ThenBy(p => p.FirmName, StringComparer.Ordinal).Take(query.Limit ?? AvailabilityQuery.DefaultLimit)
            .Select(p => FirmStartView.From(p, showEngineers: scope.SeesPlanOf(p.FirmId), showNames: p.FirmId == caller.FirmId)).ToList();
        // Named firms are the caller's own list, so which of them cannot start is worth saying; for a skill it would be noise.
        List<Guid> notAvailable = query.FirmIds is { Length: > 0 } ? [.. plans.Where(p => p.Plan is null).Select(p => p.FirmId)] : [];
        return TypedResults.Ok(new AvailabilityView(EarliestStart.SearchWeeks, plans.Count, found.Count, soonest, notAvailable));
    }

    /// <summary>The client's answer in plain language, in the client's zone: the soonest any of the firms can start.</summary>
    /// <remarks>
    /// Names no firm and no engineer, and no hours but those asked about. For a skill it looks across the marketplace;
    /// narrowed by <c>firmIds</c>, a member's list counts only its own firm and active partners (the others are left
    /// out as unknown, as in the earliest-start answer), while the machine client (Matching, for a referrer's
    /// availability link) may name any firm.
    /// </remarks>
    public static async Task<Results<Ok<AnswerView>, ValidationProblem>> Answer(
        [AsParameters] AvailabilityQuery query, ClaimsPrincipal user, AvailabilityIndex index, SchedulingDbContext db, ICatalogApi catalog, TimeProvider clock,
        ILogger<AvailabilityIndex> log, CancellationToken ct)
    {
        if (query.Validate(clock, requireZone: true) is { } invalid)
        {
            return invalid;
        }
        var (need, now, zone) = (query.Need, Instant.FromDateTimeOffset(clock.GetUtcNow()), query.ClientZone!);
        // One firm named is one firm's start (and, asked again with other hours, its free hours): only for firms the caller may ask about.
        var scope = query.FirmIds is { Length: > 0 } ? await AvailabilityScope.OfAsync(Caller.Of(user), db, ct) : AvailabilityScope.Everyone;
        var best = Select(await index.FirmsAsync(ct), query, scope).Select(f => EarliestStart.Find(f, need, now)).OfType<StartPlan>()
            .MinBy(p => p.StartsAt);
        var skillName = query.Skill is null ? null : await SkillNameAsync(catalog, query.Skill, log, ct);
        var searchedUntil = now.InZone(zone).Date.PlusWeeks(EarliestStart.SearchWeeks);
        return TypedResults.Ok(new AnswerView(PlainLanguage.Answer(skillName, need, best, zone, searchedUntil),
            best?.StartsAt.InZone(zone).Date.ToDateOnly(), best?.FinishesAt.InZone(zone).Date.ToDateOnly(), zone.Id));
    }

    /// <summary>The named firms, or those with the skill, that the caller may ask about.</summary>
    private static IEnumerable<FirmAvailability> Select(IEnumerable<FirmAvailability> firms, AvailabilityQuery query, AvailabilityScope scope)
    {
        var reachable = firms.Where(f => scope.Reaches(f.FirmId));
        return query.FirmIds is { Length: > 0 } ids ? reachable.Where(f => ids.Contains(f.FirmId)) : reachable.Where(f => f.SkillLevels.ContainsKey(query.Skill!));
    }

    /// <summary>The skill's name from Catalog; a client still gets an answer, less specific, while Catalog is away.</summary>
    private static async Task<string?> SkillNameAsync(ICatalogApi catalog, string skill, ILogger log, CancellationToken ct)
    {
        try
        {
            var response = await catalog.GetSkill(skill, ct);
            return response.IsSuccessStatusCode ? response.Content?.Name : null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Catalog did not answer for skill {Skill}; answering without its name", skill);
            return null;
        }
    }
}

public sealed record AvailabilityQuery(string? Skill, int? MinLevel, Guid[]? FirmIds, int? HoursPerWeek, int? EffortHours, DateOnly? NotBefore, string? Tz, int? Limit)
{
    public const int DefaultLimit = 50;

    public AvailabilityNeed Need => new(HoursPerWeek!.Value, EffortHours!.Value, LocalDate.FromDateOnly(NotBefore ?? DateOnly.MinValue), Skill, MinLevel ?? 1);

    public DateTimeZone? ClientZone => Tz is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(Tz);

    public ValidationProblem? Validate(TimeProvider clock, bool requireZone = false)
    {
        var latest = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(7 * EarliestStart.SearchWeeks);
        var validation = new Validation()
            .Require(Skill is not null || FirmIds is { Length: > 0 }, "skill", "Give a skill, or firmIds, to look among.")
            .Require(Skill is null || Skill.Length <= 100, "skill", "skill must be at most 100 characters.")
            .Require(FirmIds is null || FirmIds.Length <= AvailabilityApi.MaxFirms, "firmIds", $"At most {AvailabilityApi.MaxFirms} firms at once.")
            .Require(Limit is null or (>= 1 and <= AvailabilityApi.MaxFirms), "limit", $"limit must be 1 to {AvailabilityApi.MaxFirms}.")
            .Require(MinLevel is null or (>= 1 and <= 5), "minLevel", "minLevel must be 1 to 5.")
            .Require(HoursPerWeek is >= 1 and <= Engineers.Engineer.MaxWeeklyHours, "hoursPerWeek", $"hoursPerWeek must be 1 to {Engineers.Engineer.MaxWeeklyHours}.")
            .Require(EffortHours is >= 1 && (HoursPerWeek is not > 0 || EffortHours <= HoursPerWeek * Holds.Allocation.MaxWeeks), "effortHours",
                $"effortHours must be at least 1 and fit in {Holds.Allocation.MaxWeeks} weeks at hoursPerWeek.")
            .Require(NotBefore is null || NotBefore <= latest, "notBefore", $"notBefore must be within {EarliestStart.SearchWeeks} weeks (by {latest:yyyy-MM-dd}).")
            .Require(Tz is null ? !requireZone : ClientZone is not null, "tz", "tz must be an IANA time zone such as Europe/London.");
        return validation.IsValid ? null : TypedResults.ValidationProblem(validation.Errors);
    }
}

/// <summary>Of the firms considered, how many can start, the soonest <c>limit</c> of them, and which named firms cannot.</summary>
public sealed record AvailabilityView(int SearchedWeeks, int Considered, int CanStart, IReadOnlyList<FirmStartView> Firms, IReadOnlyList<Guid> NotAvailable);

/// <summary>A firm's earliest start for the need; <see cref="Engineers"/> only where the caller may see the plan (left out of the JSON otherwise).</summary>
public sealed record FirmStartView(Guid FirmId, string FirmName, DateOnly EarliestStart, DateOnly ProjectedFinish, int Weeks,
    DateTimeOffset StartsAt, DateTimeOffset FinishesAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EngineerShareView>? Engineers)
{
    /// <summary>
    /// Engineers' shares to the firm itself and to the machine client, which needs the ids and hours to place holds;
    /// their names to their own firm only. Anyone else gets the dates and no engineer or hour figure.
    /// </summary>
    public static FirmStartView From(StartPlan p, bool showEngineers, bool showNames) => new(p.FirmId, p.FirmName, p.Start.ToDateOnly(), p.Finish.ToDateOnly(),
        p.Weeks, p.StartsAt.ToDateTimeOffset(), p.FinishesAt.ToDateTimeOffset(),
        showEngineers ? [.. p.Engineers.Select(e => new EngineerShareView(e.EngineerId, showNames ? e.Name : null, e.HoursPerWeek))] : null);
}

public sealed record EngineerShareView(Guid EngineerId, string? Name, int HoursPerWeek);
public sealed record AnswerView(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone);
