using System.Globalization;
using Marketplace.Portal.Forms;
using Marketplace.ServiceDefaults;

namespace Marketplace.Portal.Pages.Referrals;

/// <summary>
/// The new-referral form as typed: every value kept as text, so whatever was typed comes back with the page, and
/// checked all at once in the words a person uses (<see cref="Check"/>). The rules are Matching's (a referral the form
/// passes is one the API takes); the words are the portal's.
/// </summary>
public sealed class ReferralForm
{
    public const int MaxSkills = 10, MaxWeeks = 26, MaxSummary = 2000, MaxClientName = 200;

    public sealed class SkillField
    {
        public string? Skill { get; set; }
        public int MinLevel { get; set; } = 3;
        /// <summary>The catalogue's nearest skill to an unknown one, offered back ("did you mean …?").</summary>
        public string? Suggestion { get; set; }
    }

    public string? Summary { get; set; }
    public List<SkillField> Skills { get; set; } = [new(), new()];
    public string? EffortHours { get; set; } = "40";
    public string? HoursPerWeek { get; set; } = "10";
    public string? EarliestStart { get; set; }
    public string? LatestStart { get; set; }
    public string? ClientName { get; set; }
    public string? ClientTimeZone { get; set; }
    public bool Confidential { get; set; } = true;
    public string? EngagementMode { get; set; } = "HandOff";
    public string? Urgency { get; set; } = "Normal";
    public string? BudgetMin { get; set; }
    public string? BudgetMax { get; set; }
    public string? Currency { get; set; }
    public string? WaveSize { get; set; } = FirmDefaults.MarketplaceWaveSize.ToString(CultureInfo.InvariantCulture);
    public bool PartnersOnly { get; set; }

    public static readonly string[] Urgencies = ["Flexible", "Normal", "Urgent", "Critical"];

    /// <summary>A fresh form with the firm's defaults, and the start window beginning in three days.</summary>
    public static ReferralForm New(FirmDefaults defaults, DateOnly today) => new()
    {
        ClientTimeZone = defaults.TimeZone, Currency = defaults.Currency, WaveSize = defaults.WaveSize.ToString(CultureInfo.InvariantCulture),
        EarliestStart = Iso(today.AddDays(3)), LatestStart = Iso(today.AddDays(24)),
    };

    /// <summary>
    /// The same job again, to post with changes (an unmatched referral's "post again"): everything as it was, the start
    /// window moved to begin in three days if it has begun, as long as it was.
    /// </summary>
    public static ReferralForm CopyOf(ReferralItem r, FirmDefaults defaults, DateOnly today)
    {
        var (earliest, latest) = r.EarliestStart > today ? (r.EarliestStart, r.LatestStart)
            : (today.AddDays(3), today.AddDays(3 + Math.Max(0, r.LatestStart.DayNumber - r.EarliestStart.DayNumber)));
        var skills = r.Skills.Select(s => new SkillField { Skill = s.Name, MinLevel = s.MinLevel }).ToList();
        while (skills.Count < 2)
        {
            skills.Add(new SkillField());
        }
        return new()
        {
            Summary = r.Summary, Skills = skills, EffortHours = Text(r.EffortHours), HoursPerWeek = Text(r.HoursPerWeek),
            EarliestStart = Iso(earliest), LatestStart = Iso(latest), ClientName = r.ClientName, ClientTimeZone = r.ClientTimeZone,
            Confidential = r.Confidential ?? true, EngagementMode = r.EngagementMode, Urgency = r.Urgency,
            BudgetMin = r.BudgetMin?.ToString("0.##", CultureInfo.InvariantCulture), BudgetMax = r.BudgetMax?.ToString("0.##", CultureInfo.InvariantCulture),
            Currency = r.Currency ?? defaults.Currency, WaveSize = Text(r.WaveSize ?? defaults.WaveSize), PartnersOnly = r.PartnersOnly ?? false,
        };
    }

    /// <summary>What the API is sent once the form passes: <paramref name="skillIds"/> are the catalogue's ids of the named skills, in order.</summary>
    public object Body(IReadOnlyList<(string Id, int MinLevel)> skillIds) => new
    {
        summary = Summary!.Trim(), skills = skillIds.Select(s => new { skillId = s.Id, minLevel = s.MinLevel }).ToList(),
        effortHours = Whole(EffortHours), hoursPerWeek = Whole(HoursPerWeek), earliestStart = Day(EarliestStart), latestStart = Day(LatestStart),
        clientName = string.IsNullOrWhiteSpace(ClientName) ? null : ClientName.Trim(), clientTimeZone = ClientTimeZone, engagementMode = EngagementMode,
        urgency = Urgency, budgetMin = Amount(BudgetMin), budgetMax = Amount(BudgetMax),
        currency = string.IsNullOrWhiteSpace(Currency) ? null : Currency.Trim().ToUpperInvariant(),
        confidential = Confidential, partnersOnly = PartnersOnly, waveSize = Whole(WaveSize),
    };

    /// <summary>The skills named (non-empty rows), with their row: what the catalogue is asked about.</summary>
    public IEnumerable<(int Row, string Typed)> NamedSkills() =>
        Skills.Select((s, i) => (Row: i, Typed: s.Skill?.Trim() ?? "")).Where(s => s.Typed.Length > 0);

    /// <summary>
    /// Every problem at once, each beside its field (key relative to the form), in words a person uses. <paramref name="today"/>
    /// is the UTC date; as in Matching, yesterday still counts (a person west of UTC may be a day behind).
    /// </summary>
    public List<(string Field, string Message)> Check(DateOnly today)
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                problems.Add((field, message));
            }
        }

        var summary = Summary?.Trim() ?? "";
        Require(summary.Length >= 10, nameof(Summary), summary.Length == 0 ? "Say what the job is." : "Say a little more about the job: at least 10 characters.");
        Require(summary.Length <= MaxSummary, nameof(Summary), $"Keep the description to {MaxSummary:N0} characters; it has {summary.Length:N0}.");

        var named = NamedSkills().ToList();
        Require(named.Count > 0, "Skills[0].Skill", "Name at least one skill the job needs.");
        Require(named.Count <= MaxSkills, "Skills[0].Skill", $"Name at most {MaxSkills} skills.");
        foreach (var twice in named.GroupBy(s => s.Typed, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            problems.Add(($"Skills[{twice.Row}].Skill", $"{twice.Typed} is named twice; name each skill once."));
        }
        foreach (var (row, _) in named)
        {
            Require(Skills[row].MinLevel is >= 1 and <= 5, $"Skills[{row}].MinLevel", "Choose a level from 1 to 5.");
        }

        var effort = Whole(EffortHours);
        var perWeek = Whole(HoursPerWeek);
        Require(effort is >= 1 and <= 2000, nameof(EffortHours), "Give the effort in whole hours, from 1 to 2,000.");
        Require(perWeek is >= 1 and <= 80, nameof(HoursPerWeek), "Give the hours a week as a whole number, from 1 to 80.");
        if (effort is >= 1 and <= 2000 && perWeek is >= 1 and <= 80)
        {
            Require(effort >= perWeek, nameof(EffortHours), $"The effort ({effort} h) is less than one week's hours ({perWeek} h): lower the hours a week.");
            Require((effort + perWeek - 1) / perWeek <= MaxWeeks, nameof(EffortHours),
                $"At {perWeek} h a week, {effort} h would take more than {MaxWeeks} weeks: raise the hours a week or split the job.");
        }

        var earliest = Day(EarliestStart);
        var latest = Day(LatestStart);
        var horizon = today.AddYears(Validation.MaxYearsAhead);
        Require(earliest is not null, nameof(EarliestStart), string.IsNullOrWhiteSpace(EarliestStart) ? "Give the earliest start date." : "The earliest start is not a date.");
        Require(earliest is null || earliest >= today.AddDays(-1), nameof(EarliestStart), "The earliest start is in the past.");
        Require(earliest is null || earliest <= horizon, nameof(EarliestStart), $"The earliest start is more than {Validation.MaxYearsAhead} years away.");
        Require(latest is not null, nameof(LatestStart), string.IsNullOrWhiteSpace(LatestStart) ? "Give the date work must start by." : "The latest start is not a date.");
        Require(latest is null || earliest is null || latest >= earliest, nameof(LatestStart), "The latest start is before the earliest start.");
        Require(latest is null || earliest is null || latest < earliest || latest.Value.DayNumber - earliest.Value.DayNumber <= 7 * MaxWeeks, nameof(LatestStart),
            $"The latest start is more than {MaxWeeks} weeks after the earliest start.");

        Require(ClientTimeZone is not null && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(ClientTimeZone) is not null, nameof(ClientTimeZone),
            "Choose the client's time zone.");
        Require((ClientName?.Trim().Length ?? 0) <= MaxClientName, nameof(ClientName), $"Keep the client's name to {MaxClientName} characters.");
        Require(EngagementMode is "HandOff" or "WhiteLabel", nameof(EngagementMode), "Choose hand-off or white-label.");
        Require(Urgency is not null && Urgencies.Contains(Urgency), nameof(Urgency), "Choose how urgent the job is.");

        var min = Amount(BudgetMin);
        var max = Amount(BudgetMax);
        Require(string.IsNullOrWhiteSpace(BudgetMin) || min is >= 0 and <= Money.Max, nameof(BudgetMin), $"Give the budget as an amount from 0 to {Money.Max:N0}.");
        Require(string.IsNullOrWhiteSpace(BudgetMax) || max is >= 0 and <= Money.Max, nameof(BudgetMax), $"Give the budget as an amount from 0 to {Money.Max:N0}.");
        Require(min is null || max is null || min <= max, nameof(BudgetMax), "The top of the budget is below its bottom.");
        Require(string.IsNullOrWhiteSpace(Currency) || Currencies.IsKnown(Currency.Trim().ToUpperInvariant()), nameof(Currency),
            "Give the currency as its three-letter code, such as USD, EUR or GBP.");
        Require(Whole(WaveSize) is >= 1 and <= 10, nameof(WaveSize), "Ask 1 to 10 partners at a time.");
        return problems;
    }

    /// <summary>
    /// Matching's field names, for an answer the portal did not foresee, mapped to the field they concern and the words
    /// the form uses for it; a field missing here is said at the top in the API's own words.
    /// </summary>
    public static (string Field, string Message)? FieldOf(string apiField) => apiField switch
    {
        "summary" => (nameof(Summary), "Say what the job is, in 10 to 2,000 characters."),
        "effortHours" => (nameof(EffortHours), "Check the effort: whole hours, at least one week's hours, at most 26 weeks of them."),
        "hoursPerWeek" => (nameof(HoursPerWeek), "Give the hours a week as a whole number, from 1 to 80."),
        "earliestStart" => (nameof(EarliestStart), "Check the earliest start: from today, at most two years away."),
        "latestStart" => (nameof(LatestStart), "Check the latest start: on or after the earliest start, within 26 weeks of it."),
        "clientTimeZone" => (nameof(ClientTimeZone), "Choose the client's time zone."),
        "clientName" => (nameof(ClientName), $"Keep the client's name to {MaxClientName} characters."),
        "budgetMin" or "budgetMax" => (nameof(BudgetMax), $"Check the budget: amounts from 0 to {Money.Max:N0}, the top not below the bottom."),
        "currency" => (nameof(Currency), "Give the currency as its three-letter code, such as USD, EUR or GBP."),
        "engagementMode" => (nameof(EngagementMode), "Choose hand-off or white-label."),
        "urgency" => (nameof(Urgency), "Choose how urgent the job is."),
        "waveSize" => (nameof(WaveSize), "Ask 1 to 10 partners at a time."),
        "skills" => ("Skills[0].Skill", "Name each skill once, 1 to 10 of them."),
        _ when apiField.StartsWith("skills[", StringComparison.Ordinal) && apiField.IndexOf(']', StringComparison.Ordinal) is var end and > 7
            && int.TryParse(apiField.AsSpan(7, end - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var row) =>
            apiField.EndsWith(".minLevel", StringComparison.Ordinal) ? ($"Skills[{row}].MinLevel", "Choose a level from 1 to 5.")
                : ($"Skills[{row}].Skill", "No skill in the catalogue has this name: choose one of the suggestions."),
        _ => null,
    };

    public static int? Whole(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static decimal? Amount(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
