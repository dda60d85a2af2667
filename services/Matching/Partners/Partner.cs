namespace Marketplace.Matching.Partners;

/// <summary>A firm as Matching knows it from Network's events; the ranking index is built from these.</summary>
public sealed class Partner
{
    public Guid FirmId { get; init; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public bool TakesReferrals { get; set; }
    public DateTimeOffset RegisteredAt { get; init; }
}
