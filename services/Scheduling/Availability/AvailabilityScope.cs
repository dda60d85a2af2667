using Marketplace.Scheduling.Data;
using Marketplace.Scheduling.Partnerships;
using Marketplace.ServiceDefaults;

namespace Marketplace.Scheduling.Availability;

/// <summary>
/// Whose availability a caller may ask about, and of whom it sees the whole plan. A firm's members (any role) ask about
/// their own firm and its active partners, and see engineers and their hours for their own firm only: of a partner,
/// only what the ranking needs (earliest start, projected finish, whether the plan fits). A machine client with the
/// platform scope (Matching's: Network grants it only to clients the operators configure with it) asks about any firm and
/// sees every plan, engineers' ids and hours included, because it holds those hours; one without it is its firm's member.
/// </summary>
public sealed record AvailabilityScope(Guid OwnFirm, bool Platform, IReadOnlySet<Guid> Partners)
{
    /// <summary>Any firm, every plan: the platform's view, and the client's marketplace-wide answer for a skill.</summary>
    public static AvailabilityScope Everyone { get; } = new(Guid.Empty, true, new HashSet<Guid>());

    public bool Reaches(Guid firmId) => Platform || firmId == OwnFirm || Partners.Contains(firmId);

    /// <summary>Engineers' ids and hours per week: a firm's own business, and what the machine client holds.</summary>
    public bool SeesPlanOf(Guid firmId) => Platform || firmId == OwnFirm;

    public static async Task<AvailabilityScope> OfAsync(Caller caller, SchedulingDbContext db, CancellationToken ct) =>
        caller.HasScope(PlatformScopes.SchedulingAnyFirm) ? Everyone with { OwnFirm = caller.FirmId }
        : new(caller.FirmId, false, await PartnerLinks.ActivePartnersOfAsync(db, caller.FirmId, ct));
}
