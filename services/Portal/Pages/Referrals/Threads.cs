using System.Globalization;
using Marketplace.Portal.Gateway;

namespace Marketplace.Portal.Pages.Referrals;

// An offer's questions as Matching answers them (through the gateway): seen by the offer's two firms only.
public sealed record QuestionItem(Guid Id, int Number, string Question, DateTimeOffset AskedAt, string? Answer, DateTimeOffset? AnsweredAt);

public sealed record OfferThreadItem(Guid OfferId, Guid ReferralId, Guid PartnerFirmId, string? PartnerName, string Status, int Wave, DateTimeOffset DueAt,
    DateTimeOffset? ExtendedAt, int? ExtensionHours, DateTimeOffset? OriginalDueAt, bool Open, bool CanExtend, int QuestionsLeft, List<QuestionItem> Questions);

/// <summary>
/// A refused submission of one of a page's many small forms (a question, an answer, an extension): which form, what was
/// typed (shown again), and the reasons, shown beside that form's field rather than far away at the top.
/// </summary>
public sealed record FormRefusal(string Form, string? Value, IReadOnlyList<string> Errors)
{
    /// <summary>The API's reasons about <paramref name="field"/>, else all its field reasons, else its sentence.</summary>
    public static FormRefusal Of(string form, string? value, Problem problem, string field) => new(form, value,
        problem.Errors.TryGetValue(field, out var mine) && mine.Length > 0 ? mine
        : problem.Errors.Count > 0 ? [.. problem.Errors.SelectMany(e => e.Value)]
        : [problem.Message]);
}

public static class Deadlines
{
    /// <summary>"Mon 1 Dec, 13:00 UTC", as the portal's timeline says instants.</summary>
    public static string At(DateTimeOffset at) => at.ToUniversalTime().ToString("ddd d MMM, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
