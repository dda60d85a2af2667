namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// One whole system shared by the end-to-end classes that only add firms of their own: one set of hosts, pools and
/// consumers instead of one per class (the suite runs beside every other test project on two cores).
/// </summary>
[CollectionDefinition(Name)]
public sealed class MarketplaceCollection : ICollectionFixture<MarketplaceFixture>
{
    public const string Name = "Marketplace";
}
