using Refit;

namespace Marketplace.Http;

/// <summary>Catalog as other services call it: skill names for what they tell people.</summary>
public interface ICatalogApi
{
    [Get("/api/catalog/skills/{id}")]
    Task<IApiResponse<CatalogSkill>> GetSkill(string id, CancellationToken ct = default);
}

public sealed record CatalogSkill(string Id, string Name, string CategoryId);
