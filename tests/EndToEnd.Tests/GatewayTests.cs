using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.EndToEnd.Tests;

[Collection(MarketplaceCollection.Name)]
public sealed class GatewayTests(MarketplaceFixture system)
{
    private HttpClient Gateway => system.Gateway;

    [Fact]
    public async Task Catalog_answers_m365_through_the_gateway()
    {
        var page = await Gateway.GetFromJsonAsync<JsonElement>("/api/catalog/skills?q=m365", TestContext.Current.CancellationToken);

        var names = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("categoryName").GetString()).ToList();
        names.ShouldNotBeEmpty();
        names.Count(n => n == "Microsoft 365").ShouldBeGreaterThan(names.Count / 2);
    }

    [Fact]
    public async Task A_firm_registered_through_the_gateway_shows_up_in_Matching_and_Scheduling()
    {
        var ct = TestContext.Current.CancellationToken;
        var (firmId, token) = await system.NewFirmAsync("Cloudbridge", "Australia/Sydney");

        (await Eventually.TrueAsync(async () => (await system.GetAsync($"/api/matching/partners/{firmId}", token)).IsSuccessStatusCode, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("Matching never learned of the firm");
        (await Eventually.TrueAsync(async () => (await system.GetAsync($"/api/scheduling/firms/{firmId}", token)).IsSuccessStatusCode, TimeSpan.FromSeconds(30)))
            .ShouldBeTrue("Scheduling never learned of the firm");

        using var partner = await system.GetAsync($"/api/matching/partners/{firmId}", token);
        (await partner.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("timeZone").GetString().ShouldBe("Australia/Sydney");
    }

    [Fact]
    public async Task A_partnership_accepted_through_the_gateway_reaches_Matching_with_its_terms()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, referrerToken) = await system.NewFirmAsync("Northwind IT");
        var (specialist, specialistToken) = await system.NewFirmAsync("Acme Security");

        using var invite = Accounts.Authorized(HttpMethod.Post, "/api/network/partnerships", referrerToken);
        invite.Content = JsonContent.Create(new { partnerFirmId = specialist });
        using var invited = await Gateway.SendAsync(invite, ct);
        invited.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await invited.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        using var accepted = await Gateway.SendAsync(Accounts.Authorized(HttpMethod.Post, $"/api/network/partnerships/{id}/accept", specialistToken), ct);
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);

        var matching = system.Databases["matching"];
        (await Eventually.TrueAsync(async () =>
                await matching.ScalarAsync<long>($"""SELECT count(*) FROM "PartnerLinks" WHERE "PartnershipId" = '{id}' AND "Active" """) == 1
                && await matching.ScalarAsync<long>($"""SELECT count(*) FROM "AgreementVersions" WHERE "PartnershipId" = '{id}' AND "Version" = 1""") == 1,
            TimeSpan.FromSeconds(30))).ShouldBeTrue("Matching never learned of the partnership and its terms");
    }

    [Fact]
    public async Task Skills_a_partner_declares_reach_Matching_and_the_directory_and_a_certification_verifies_only_once_the_operator_approves_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (partner, token) = await system.NewFirmAsync("Fortress Networks");
        using var put = Accounts.Authorized(HttpMethod.Put, $"/api/catalog/partners/{partner}/skills", token);
        put.Content = JsonContent.Create(new
        {
            claims = new[] { new { skillId = "fortinet-fortigate", level = 5, years = 9 } },
            certifications = new[] { new { certificationId = "fortinet-nse-4", engineer = "Ana Ruiz", expiresOn = DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd"), credentialId = "NSE4-0042" } },
        });
        (await Gateway.SendAsync(put, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Self-declared: Matching and the directory know the skill, unverified.
        (await Eventually.TrueAsync(async () => await system.Databases["matching"].ScalarAsync<long>(
                $"""SELECT count(*) FROM "PartnerSkills" WHERE "FirmId" = '{partner}' AND "SkillId" = 'fortinet-fortigate' AND "Level" = 5 AND "VerifiedUntil" IS NULL""") == 1,
            TimeSpan.FromSeconds(30))).ShouldBeTrue("Matching never got the skills");
        JsonElement found = default;
        (await Eventually.TrueAsync(async () =>
        {
            using var response = await system.GetAsync("/api/network/directory?skill=fortinet-fortigate&minLevel=4", token);
            found = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return found.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("firmId").GetGuid() == partner);
        }, TimeSpan.FromSeconds(30))).ShouldBeTrue("the directory never listed the partner");
        found.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("firmId").GetGuid() == partner).GetProperty("skill").GetProperty("verified").GetBoolean().ShouldBeFalse();
        using (var unverified = await system.GetAsync("/api/network/directory?skill=fortinet-fortigate&minLevel=4&verifiedOnly=true", token))
        {
            (await unverified.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("items").EnumerateArray().ShouldNotContain(i => i.GetProperty("firmId").GetGuid() == partner);
        }
        var own = await Gateway.CallAsync(HttpMethod.Get, $"/api/catalog/partners/{partner}/skills", token, null, HttpStatusCode.OK);
        own.GetProperty("certifications")[0].GetProperty("status").GetString().ShouldBe("Pending");

        // The firm cannot vouch for itself; the platform's operator checks the evidence and approves it.
        await Gateway.CallAsync(HttpMethod.Get, "/api/catalog/certification-reviews?status=Pending", token, null, HttpStatusCode.Forbidden);
        var operatorToken = await Accounts.SignInAsync(Gateway, MarketplaceFixture.OperatorEmail, MarketplaceFixture.OperatorPassword);
        var review = (await Gateway.CallAsync(HttpMethod.Get, "/api/catalog/certification-reviews?status=Pending&limit=100", operatorToken, null, HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("firmId").GetGuid() == partner);
        review.GetProperty("credentialId").GetString().ShouldBe("NSE4-0042");
        await Gateway.CallAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{review.GetProperty("id").GetGuid()}/approve", operatorToken, null, HttpStatusCode.OK);

        (await Eventually.TrueAsync(async () => await system.Databases["matching"].ScalarAsync<long>(
                $"""SELECT count(*) FROM "PartnerSkills" WHERE "FirmId" = '{partner}' AND "SkillId" = 'fortinet-fortigate' AND "VerifiedUntil" IS NOT NULL""") == 1,
            TimeSpan.FromSeconds(30))).ShouldBeTrue("Matching never heard of the approval");
        (await Eventually.TrueAsync(async () =>
        {
            using var response = await system.GetAsync("/api/network/directory?skill=fortinet-fortigate&minLevel=5&verifiedOnly=true", token);
            found = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            return found.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("firmId").GetGuid() == partner);
        }, TimeSpan.FromSeconds(30))).ShouldBeTrue("the directory never showed the approved certification");
        found.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("firmId").GetGuid() == partner).GetProperty("skill").GetProperty("verified").GetBoolean().ShouldBeTrue();
        using var otherSkill = await system.GetAsync("/api/network/directory?skill=sage-intacct", token);
        (await otherSkill.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("items").EnumerateArray()
            .ShouldNotContain(i => i.GetProperty("firmId").GetGuid() == partner);
    }

    [Fact]
    public async Task A_partners_free_time_reaches_a_clients_plain_language_answer_through_the_gateway()
    {
        var ct = TestContext.Current.CancellationToken;
        var (partner, token) = await system.NewFirmAsync("Relay Networks", "Europe/London");
        using var skills = Accounts.Authorized(HttpMethod.Put, $"/api/catalog/partners/{partner}/skills", token);
        skills.Content = JsonContent.Create(new { claims = new[] { new { skillId = "sd-wan", level = 4, years = 6 } }, certifications = Array.Empty<object>() });
        (await Gateway.SendAsync(skills, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Scheduling accepts the engineer's skill once Catalog's event has told it the firm claims it.
        var engineer = Guid.NewGuid();
        (await Eventually.TrueAsync(async () =>
        {
            using var put = Accounts.Authorized(HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", token);
            put.Content = JsonContent.Create(new { name = "Ana Ruiz", hoursPerWeek = 20, skills = new[] { "sd-wan" } });
            using var response = await Gateway.SendAsync(put, ct);
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(30))).ShouldBeTrue("Scheduling never learned the firm's skills");

        // Another firm's availability is answered only to its partners.
        var (_, referrer) = await system.NewFirmAsync("Northwind IT");
        await system.PartnershipAsync(referrer, partner, token);
        var london = NodaTime.DateTimeZoneProviders.Tzdb["Europe/London"];
        var monday = NodaTime.SystemClock.Instance.GetCurrentInstant().InZone(london).Date.Next(NodaTime.IsoDayOfWeek.Monday);
        using var answer = await system.GetAsync(
            $"/api/scheduling/availability/answer?firmIds={partner}&skill=sd-wan&hoursPerWeek=10&effortHours=20&notBefore={monday:yyyy-MM-dd}&tz=America/New_York", referrer);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = (await answer.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("answer").GetString();
        var day = NodaTime.Text.LocalDatePattern.Create("ddd d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        text.ShouldStartWith($"SD-WAN specialists can start {day.Format(monday)}, about 10 h a week, done by about ");
        text.ShouldNotContain("Relay");
    }

    [Fact]
    public async Task A_token_from_the_gateway_carries_the_member_and_the_firm()
    {
        var (firmId, token) = await system.NewFirmAsync();

        using var me = await system.GetAsync("/api/network/me", token);

        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        caller.GetProperty("firmId").GetGuid().ShouldBe(firmId);
        caller.GetProperty("role").GetString().ShouldBe("Owner");
        caller.GetProperty("subject").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_wrong_password_gets_no_token()
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway);

        using var response = await Accounts.RequestTokenAsync(Gateway, firm.Email, "not-the-password");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error").GetString().ShouldBe("invalid_grant");
    }

    [Theory]
    [InlineData("/api/network/me")]
    [InlineData("/api/matching/partners/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("/api/scheduling/firms/0193a1b2-0000-7000-8000-000000000001")]
    public async Task Protected_routes_refuse_anonymous_and_forged_tokens_with_a_401_problem(string url)
    {
        using var anonymous = await Gateway.GetAsync(url, TestContext.Current.CancellationToken);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        // Signed with a key of its own: right shape, wrong signer.
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "https://marketplace.local/",
            Audience = "marketplace-api",
            Claims = new Dictionary<string, object> { ["sub"] = "intruder", ["firm_id"] = Guid.NewGuid().ToString(), ["role"] = "Owner" },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.RsaSecurityKey(otherKey), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256),
        });
        using var withForged = await system.GetAsync(url, forged);
        withForged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_portal_is_served_through_the_gateway_and_asks_a_stranger_to_sign_in()
    {
        using var response = await Gateway.GetAsync("/", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.RequestMessage!.RequestUri!.Authority.ShouldBe(system.GatewayUrl.Authority); // redirects stay on the gateway's address
        response.RequestMessage.RequestUri.AbsolutePath.ShouldBe("/portal/sign-in");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<h1>Sign in</h1>");
    }

    [Theory]
    [InlineData("/api/unknown/thing")]
    [InlineData("/no-such-page")]
    [InlineData("/api/catalog/skills/no-such-skill")]
    [InlineData("/api/network/firms/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("/api/matching/partners/0193a1b2-0000-7000-8000-000000000001")]
    [InlineData("/api/scheduling/firms/0193a1b2-0000-7000-8000-000000000001")]
    public async Task Unknown_routes_and_ids_get_a_404_problem(string url)
    {
        var (_, token) = await system.NewFirmAsync();
        using var response = await system.GetAsync(url, token);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": {\"nested\": true}}")]
    [InlineData("not json at all")]
    public async Task Bad_json_through_the_gateway_gets_a_400_problem(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Gateway.PostAsync("/api/network/firms", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_gateway_reports_its_own_health()
    {
        using var live = await Gateway.GetAsync("/health/live", TestContext.Current.CancellationToken);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
