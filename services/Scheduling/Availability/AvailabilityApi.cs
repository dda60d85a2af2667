using System.Security.Claims;
using Marketplace.Http;
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

    /// <summary>Each firm's earliest start, projected finish and engineers for the need, soonest first (the first <c>limit</c>, default 50).</summary>
    public static async Task<Results<Ok<AvailabilityView>, ValidationProblem>> Earliest(
        [AsParameters] AvailabilityQuery query, ClaimsPrincipal user, AvailabilityIndex index, TimeProvider clock, CancellationToken ct)
    {
        if (query.Validate(clock) is { } invalid)
        {
            return invalid;
        }
        var (need, now) = (query.Need, Instant.FromDateTimeOffset(clock.GetUtcNow()));
        var firms = Select(await index.FirmsAsync(ct), query).ToList();
        var plans = firms.Select(f => (f.FirmId, Plan: EarliestStart.Find(f, need, now))).ToList();
        var caller = Caller.Of(user);
        var found = plans.Where(p => p.Plan is not null).Select(p => p.Plan!).ToList();
        var soonest = found.OrderBy(p => p.StartsAt).ThenBy(p => p.FirmName, StringComparer.Ordinal).Take(query.Limit ?? AvailabilityQuery.DefaultLimit)
            .Select(p => FirmStartView.From(p, showNames: p.FirmId == caller.FirmId)).ToList();
        // Named firms are the caller's own list, so which of them cannot start is worth saying; for a skill it would be noise.
        List<Guid> notAvailable = query.FirmIds is { Length: > 0 } ? [.. plans.Where(p => p.Plan is null).Select(p => p.FirmId)] : [];
        return TypedResults.Ok(new AvailabilityView(EarliestStart.SearchWeeks, plans.Count, found.Count, soonest, notAvailable));
    }

    /// <summary>The client's answer in plain language, in the client's zone: the soonest any of the firms can start.</summary>
    public static async Task<Results<Ok<AnswerView>, ValidationProblem>> Answer(
        [AsParameters] AvailabilityQuery query, AvailabilityIndex index, ICatalogApi catalog, TimeProvider clock, ILogger<AvailabilityIndex> log, CancellationToken ct)
    {
        if (query.Validate(clock, requireZone: true) is { } invalid)
        {
            return invalid;
        }
        var (need, now, zone) = (query.Need, Instant.FromDateTimeOffset(clock.GetUtcNow()), query.ClientZone!);
        var best = Select(await index.FirmsAsync(ct), query).Select(f => EarliestStart.Find(f, need, now)).OfType<StartPlan>()
            .MinBy(p => p.StartsAt);
        var skillName = query.Skill is null ? null : await SkillNameAsync(catalog, query.Skill, log, ct);
        var searchedUntil = now.InZone(zone).Date.PlusWeeks(EarliestStart.SearchWeeks);
        return TypedResults.Ok(new AnswerView(PlainLanguage.Answer(skillName, need, best, zone, searchedUntil),
            best?.StartsAt.InZone(zone).Date.ToDateOnly(), best?.FinishesAt.InZone(zone).Date.ToDateOnly(), zone.Id));
    }

    private static IEnumerable<FirmAvailability> Select(IEnumerable<FirmAvailability> firms, AvailabilityQuery query) =>
        query.FirmIds is { Length: > 0 } ids ? firms.Where(f => ids.Contains(f.FirmId))
        : firms.Where(f => f.SkillLevels.ContainsKey(query.Skill!));

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

public sealed record FirmStartView(Guid FirmId, string FirmName, DateOnly EarliestStart, DateOnly ProjectedFinish, int Weeks,
    DateTimeOffset StartsAt, DateTimeOffset FinishesAt, IReadOnlyList<EngineerShareView> Engineers)
{
    /// <summary>Engineers' names only to their own firm; everyone else sees ids, enough to place a hold.</summary>
    public static FirmStartView From(StartPlan p, bool showNames) => new(p.FirmId, p.FirmName, p.Start.ToDateOnly(), p.Finish.ToDateOnly(), p.Weeks,
        p.StartsAt.ToDateTimeOffset(), p.FinishesAt.ToDateTimeOffset(), [.. p.Engineers.Select(e => new EngineerShareView(e.EngineerId, showNames ? e.Name : null, e.HoursPerWeek))]);
}

public sealed record EngineerShareView(Guid EngineerId, string? Name, int HoursPerWeek);
public sealed record AnswerView(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone);
