using Refit;

namespace Marketplace.Http;

/// <summary>Scheduling as other services call it (Matching, for fresh decisions).</summary>
public interface ISchedulingApi
{
    [Get("/api/scheduling/firms/{firmId}")]
    Task<IApiResponse<SchedulingFirm>> GetFirm(Guid firmId, CancellationToken ct = default);
}

public sealed record SchedulingFirm(Guid Id, string Name, string TimeZone);
