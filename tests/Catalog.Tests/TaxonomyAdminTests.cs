using System.Net;
using System.Text.Json;
using Marketplace.Catalog.Data;
using Marketplace.Catalog.Partners;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Catalog.Tests;

public sealed class TaxonomyAdminTests : IAsyncLifetime
{
    private static readonly string Admin = TestTokens.For(Guid.NewGuid(), "Admin");
    private ServiceUnderTest<CatalogDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<CatalogDbContext>.StartAsync("catalog");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_operator_adds_and_renames_a_skill_and_typeahead_sees_it_at_once()
    {
        var added = await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin,
            new { name = "Microsoft Fabric", categoryId = "databases", aliases = new[] { "Fabric", "OneLake" } }, HttpStatusCode.Created);
        added.GetProperty("id").GetString().ShouldBe("microsoft-fabric");
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills?q=onelake", null, null, HttpStatusCode.OK))
            .GetProperty("items")[0].GetProperty("id").GetString().ShouldBe("microsoft-fabric");

        await Client.CallAsync(HttpMethod.Put, "/api/catalog/skills/microsoft-fabric", Admin,
            new { name = "Microsoft Fabric Analytics", categoryId = "databases", aliases = new[] { "Fabric" } }, HttpStatusCode.OK);

        var renamed = await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/microsoft-fabric", null, null, HttpStatusCode.OK);
        renamed.GetProperty("name").GetString().ShouldBe("Microsoft Fabric Analytics");
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills?q=onelake", null, null, HttpStatusCode.OK)).GetProperty("items").GetArrayLength().ShouldBe(0);
        await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin, new { name = "Microsoft Fabric", categoryId = "databases" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Adding_a_skill_that_exists_is_refused_with_the_stable_type_and_the_sentence_in_detail()
    {
        await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin, new { name = "Cilium Networking", categoryId = "databases" }, HttpStatusCode.Created);

        var problem = await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin, new { name = "Cilium Networking", categoryId = "databases" }, HttpStatusCode.Conflict);

        problem.GetProperty("type").GetString().ShouldBe("https://marketplace.local/problems/already-exists");
        problem.GetProperty("title").GetString().ShouldBe("Already exists");
        problem.GetProperty("detail").GetString().ShouldBe("A skill with the id 'cilium-networking' exists (or existed and was merged).");
    }

    [Fact]
    public async Task A_second_replica_on_the_same_database_sees_an_operators_add_rename_and_merge_within_its_check_interval()
    {
        // Replica B: another Catalog process on A's database (its own broker virtual host; only the database is shared).
        await using var vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For("catalog", _service.Db, vhost.ConnectionString);
        settings["Catalog:IndexCheckInterval"] = "00:00:00.200";
        await using var replica = new ServiceFactory<CatalogDbContext>(settings);
        using var b = replica.CreateClient();
        async Task<string> SearchOnB(string q) => (await b.CallAsync(HttpMethod.Get, $"/api/catalog/skills?q={q}", null, null, HttpStatusCode.OK)).ToString();
        (await SearchOnB("onelake")).ShouldNotContain("microsoft-fabric"); // B has built its index

        await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin,
            new { name = "Microsoft Fabric", categoryId = "databases", aliases = new[] { "OneLake" } }, HttpStatusCode.Created);
        (await Eventually.TrueAsync(async () => (await SearchOnB("onelake")).Contains("microsoft-fabric"), TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("replica B never saw the skill replica A added");

        await Client.CallAsync(HttpMethod.Put, "/api/catalog/skills/microsoft-fabric", Admin,
            new { name = "Microsoft Fabric", categoryId = "databases", aliases = new[] { "Lakehouse" } }, HttpStatusCode.OK);
        (await Eventually.TrueAsync(async () => (await SearchOnB("lakehouse")).Contains("microsoft-fabric"), TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("replica B never saw the rename");

        await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills/microsoft-fabric/merge", Admin, new { into = "postgresql" }, HttpStatusCode.OK);
        (await Eventually.TrueAsync(async () => !(await SearchOnB("lakehouse")).Contains("microsoft-fabric"), TimeSpan.FromSeconds(10)))
            .ShouldBeTrue("replica B still offers the merged skill");
    }

    [Theory]
    [InlineData("!!!")] // once a skill with the id "" that nothing could rename or merge
    [InlineData("日本語")]
    public async Task A_name_that_gives_no_id_or_too_long_an_id_is_a_400(string name)
    {
        var problem = await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin, new { name, categoryId = "databases" }, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
        (await _service.Db.ScalarAsync<long>("""SELECT count(*) FROM "Skills" WHERE "Id" = '' OR length("Id") > 100""")).ShouldBe(0);
    }

    [Fact]
    public async Task A_merge_racing_partners_saving_the_merged_skill_answers_each_of_them_without_a_5xx()
    {
        // Once a deadlock (the merge locked claims before profiles) or a foreign-key 500 (a save holding a taxonomy read
        // from before the merge) for one side or the other.
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        for (var run = 0; run < 4; run++)
        {
            var (from, into) = ($"race-from-{run}", $"race-into-{run}");
            foreach (var name in new[] { from, into })
            {
                await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin, new { name, categoryId = "databases" }, HttpStatusCode.Created);
            }
            var partners = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
            var saves = partners.SelectMany(firm => Enumerable.Range(0, 4).Select(async _ => statuses.Add(await Client.StatusAsync(HttpMethod.Put,
                $"/api/catalog/partners/{firm}/skills", TestTokens.For(firm, "Owner"),
                new { claims = new[] { new { skillId = from, level = 3, years = 2 } }, certifications = Array.Empty<object>() }))));
            var merge = Task.Run(async () => statuses.Add(await Client.StatusAsync(HttpMethod.Post, $"/api/catalog/skills/{from}/merge", Admin, new { into })), TestContext.Current.CancellationToken);
            await Task.WhenAll(saves.Append(merge));
        }
        statuses.ShouldAllBe(s => (int)s < 500);
        statuses.ShouldContain(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_two_hundred_letter_name_is_a_400_not_a_500()
    {
        var problem = await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills", Admin, new { name = new string('Y', 200), categoryId = "databases" }, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Only_operators_curate_the_taxonomy()
    {
        var firm = Guid.NewGuid();
        foreach (var (method, url, body) in new (HttpMethod, string, object)[]
        {
            (HttpMethod.Post, "/api/catalog/skills", new { name = "Sneaky", categoryId = "databases" }),
            (HttpMethod.Put, "/api/catalog/skills/postgresql", new { name = "Hacked", categoryId = "databases" }),
            (HttpMethod.Post, "/api/catalog/skills/postgresql/merge", new { into = "mongodb" }),
        })
        {
            (await Client.StatusAsync(method, url, TestTokens.For(firm, "Owner"), body)).ShouldBe(HttpStatusCode.Forbidden);
            (await Client.StatusAsync(method, url, null, body)).ShouldBe(HttpStatusCode.Unauthorized);
        }
        (await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/postgresql", null, null, HttpStatusCode.OK)).GetProperty("name").GetString().ShouldBe("PostgreSQL");
    }

    [Fact]
    public async Task Merging_moves_every_claim_keeps_the_stronger_one_and_the_old_id_keeps_resolving()
    {
        var moved = Guid.NewGuid();
        var both = Guid.NewGuid();
        await PutClaimsAsync(moved, ("sage-50-and-sage-200", 4));
        await PutClaimsAsync(both, ("sage-50-and-sage-200", 2), ("sage-intacct", 3));

        var result = await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills/sage-50-and-sage-200/merge", Admin, new { into = "sage-intacct" }, HttpStatusCode.OK);
        result.GetProperty("partnersMoved").GetInt32().ShouldBe(2);

        var old = await Client.CallAsync(HttpMethod.Get, "/api/catalog/skills/sage-50-and-sage-200", null, null, HttpStatusCode.OK);
        old.GetProperty("id").GetString().ShouldBe("sage-intacct");
        old.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()).ShouldContain("Sage 50 and Sage 200");
        (await ClaimsAsync(moved)).ShouldBe([("sage-intacct", 4)]);
        (await ClaimsAsync(both)).ShouldBe([("sage-intacct", 3)]);

        // Claims made with the old id land on the survivor.
        await PutClaimsAsync(moved, ("sage-50-and-sage-200", 5));
        (await ClaimsAsync(moved)).ShouldBe([("sage-intacct", 5)]);
        var snapshots = await _service.Db.ScalarAsync<long>($"""SELECT count(*) FROM "OutboxMessages" WHERE "AggregateKey" IN ('{moved}', '{both}')""");
        snapshots.ShouldBe(5); // 2 saves + 2 merge snapshots + 1 save
        await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills/sage-intacct/merge", Admin, new { into = "sage-intacct" }, HttpStatusCode.BadRequest);
        await Client.CallAsync(HttpMethod.Post, "/api/catalog/skills/no-such-skill/merge", Admin, new { into = "sage-intacct" }, HttpStatusCode.NotFound);
    }

    [Fact]
    public void A_merge_moves_a_claim_or_keeps_the_stronger_of_two()
    {
        var firm = Guid.NewGuid();
        var profile = PartnerProfile.Create(firm);
        profile.Replace([new SkillClaim { FirmId = firm, SkillId = "a", Level = 2, Years = 9 }, new SkillClaim { FirmId = firm, SkillId = "b", Level = 4, Years = 1 }],
            [], _ => [], TimeProvider.System);

        profile.MergeClaims("a", "b");

        profile.Claims.Select(c => (c.SkillId, c.Level, c.Years)).ShouldBe([("b", 4, 1)]);
        profile.MergeClaims("b", "c");
        profile.Claims.Select(c => (c.SkillId, c.Level)).ShouldBe([("c", 4)]);
    }

    private async Task PutClaimsAsync(Guid firm, params (string Skill, int Level)[] claims) =>
        await Client.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{firm}/skills", TestTokens.For(firm, "Owner"),
            new { claims = claims.Select(c => new { skillId = c.Skill, level = c.Level, years = 3 }), certifications = Array.Empty<object>() }, HttpStatusCode.OK);

    private async Task<List<(string, int)>> ClaimsAsync(Guid firm)
    {
        var profile = await Client.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{firm}/skills", TestTokens.For(firm, "Owner"), null, HttpStatusCode.OK);
        return [.. profile.GetProperty("claims").EnumerateArray().Select(c => (c.GetProperty("skillId").GetString()!, c.GetProperty("level").GetInt32()))];
    }
}
