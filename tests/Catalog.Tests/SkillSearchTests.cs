using Marketplace.Catalog.Skills;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class SkillSearchTests
{
    private static readonly (List<Category> Categories, List<Skill> Skills) Taxonomy = TaxonomySeed.Load();
    private static readonly SkillSearch Search = new(Taxonomy.Skills, Taxonomy.Categories);

    [Fact]
    public void The_seeded_taxonomy_covers_real_IT_work()
    {
        Taxonomy.Skills.Count.ShouldBeGreaterThanOrEqualTo(150);
        Taxonomy.Categories.Count.ShouldBeGreaterThanOrEqualTo(15);
        Taxonomy.Skills.Select(s => s.Id).ShouldBeUnique();
        Taxonomy.Categories.Select(c => c.Id).ShouldBeUnique();
        Taxonomy.Categories.ShouldAllBe(c => Taxonomy.Skills.Count(s => s.CategoryId == c.Id) >= 5);
        var ids = Taxonomy.Categories.Select(c => c.Id).ToList();
        foreach (var required in new[] { "networking", "microsoft-365", "azure", "aws", "security-compliance", "erp-accounting", "e-commerce", "databases", "backup-dr", "voip", "endpoint-management" })
        {
            ids.ShouldContain(required);
        }
    }

    [Theory]
    [InlineData("m365")]
    [InlineData("O365")]
    [InlineData("office 365")]
    public void Microsoft_365_shorthands_find_Microsoft_365_skills(string q)
    {
        var hits = Search.Search(q, 10);

        hits.Count.ShouldBe(10);
        hits.ShouldAllBe(h => h.CategoryId == "microsoft-365" || h.MatchedAlias != null);
        hits.Count(h => h.CategoryId == "microsoft-365").ShouldBeGreaterThanOrEqualTo(8);
    }

    [Theory]
    [InlineData("Dynamics NAV", "microsoft-dynamics-365-business-central")]
    [InlineData("navision", "microsoft-dynamics-365-business-central")]
    [InlineData("sharepont", "sharepoint-online")]
    [InlineData("quickbook", "quickbooks-online")]
    [InlineData("fortigate", "fortinet-fortigate")]
    [InlineData("pentest", "penetration-testing")]
    [InlineData("azure ad", "microsoft-entra-id")]
    [InlineData("postgress", "postgresql")]
    [InlineData("intnue", "microsoft-intune")]
    [InlineData("sql server", "microsoft-sql-server")]
    public void Aliases_and_typos_find_the_skill_first(string q, string expected)
    {
        var hits = Search.Search(q, 5);

        hits.ShouldNotBeEmpty();
        hits[0].Id.ShouldBe(expected);
    }

    [Fact]
    public void A_skill_found_by_its_own_name_ranks_above_one_found_through_an_alias()
    {
        var hits = Search.Search("sharepoint", 5).Select(h => h.Id).ToList();

        hits[0].ShouldBe("sharepoint-online");
        hits.ShouldContain("file-server-migration"); // alias "SharePoint migration"
        hits.IndexOf("file-server-migration").ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("zzzzqqqq")]
    [InlineData("!!!")]
    public void Nonsense_finds_nothing(string q) => Search.Search(q, 10).ShouldBeEmpty();

    [Fact]
    public void Slugs_are_readable() =>
        TaxonomySeed.Slug("Magento / Adobe Commerce").ShouldBe("magento-adobe-commerce");
}
