using Refit;

namespace Marketplace.Http;

/// <summary>Scheduling as other services call it (Matching, for fresh decisions: earliest starts and holds).</summary>
public interface ISchedulingApi
{
    [Get("/api/scheduling/firms/{firmId}")]
    Task<IApiResponse<SchedulingFirm>> GetFirm(Guid firmId, CancellationToken ct = default);

    /// <summary>Earliest starts for the named firms; <paramref name="notBefore"/> as yyyy-MM-dd.</summary>
    [Get("/api/scheduling/availability")]
    Task<IApiResponse<SchedulingAvailability>> GetAvailability([Query(CollectionFormat.Multi)] Guid[] firmIds, int hoursPerWeek, int effortHours,
        string? notBefore, int? limit, CancellationToken ct = default);

    /// <summary>The plain-language answer for a client, in the client's zone, among the named firms only.</summary>
    [Get("/api/scheduling/availability/answer")]
    Task<IApiResponse<SchedulingAnswer>> GetAnswer([Query(CollectionFormat.Multi)] Guid[] firmIds, string skill, int hoursPerWeek, int effortHours, string tz,
        CancellationToken ct = default);

    [Post("/api/scheduling/holds")]
    Task<IApiResponse<SchedulingHold>> PlaceHold([Body] SchedulingHoldRequest request, CancellationToken ct = default);

    [Post("/api/scheduling/holds/{id}/confirm")]
    Task<IApiResponse<SchedulingHold>> ConfirmHold(Guid id, CancellationToken ct = default);

    [Delete("/api/scheduling/holds/{id}")]
    Task<IApiResponse> ReleaseHold(Guid id, CancellationToken ct = default);
}

public sealed record SchedulingFirm(Guid Id, string Name, string TimeZone);
public sealed record SchedulingAvailability(int SearchedWeeks, IReadOnlyList<SchedulingFirmStart> Firms, IReadOnlyList<Guid> NotAvailable);
public sealed record SchedulingFirmStart(Guid FirmId, DateOnly EarliestStart, DateOnly ProjectedFinish, IReadOnlyList<SchedulingEngineerShare> Engineers);
public sealed record SchedulingEngineerShare(Guid EngineerId, int HoursPerWeek);
public sealed record SchedulingHoldRequest(Guid EngineerId, Guid ReferralId, int HoursPerWeek, DateOnly FirstWeek, int Weeks);
public sealed record SchedulingHold(Guid Id, string Status);
public sealed record SchedulingAnswer(string Answer, DateOnly? EarliestStart, DateOnly? ProjectedFinish, string TimeZone);
