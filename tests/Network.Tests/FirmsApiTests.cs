using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class FirmsApiTests : IAsyncLifetime
{
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;
    private TestDatabase Db => _service.Db;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network");

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Registering_a_firm_stores_it_and_its_FirmRegistered_event_together()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await Client.PostAsJsonAsync("/api/network/firms",
            new { name = "Acme Security", timeZone = "America/New_York", takesReferrals = true, ownerName = "Priya", ownerEmail = "priya@acme.example", ownerPassword = Accounts.Password }, ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var token = await Accounts.SignInAsync(Client, "priya@acme.example");
        using var me = await Client.SendAsync(Accounts.Authorized(HttpMethod.Get, "/api/network/me", token), ct);
        var id = (await me.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("firmId").GetGuid();
        using var read = await Client.SendAsync(Accounts.Authorized(HttpMethod.Get, $"/api/network/firms/{id}", token), ct);
        (await read.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("name").GetString().ShouldBe("Acme Security");

        (await Db.ScalarAsync<long>($"""SELECT count(*) FROM "OutboxMessages" WHERE "AggregateKey" = '{id}' AND "MessageType" = 'Marketplace.Contracts.FirmRegistered'""")).ShouldBe(1);
    }

    [Fact]
    public async Task Invalid_fields_are_named_in_a_400()
    {
        using var response = await Client.PostAsJsonAsync("/api/network/firms",
            new { name = "", timeZone = "Mars/Base", ownerName = new string('x', 300), ownerEmail = "nobody", ownerPassword = "short" }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "ownerName", "ownerEmail", "ownerPassword", "timeZone"], ignoreOrder: true);
        (await Db.ScalarAsync<long>("""SELECT count(*) FROM "Firms" """)).ShouldBe(0);
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("{\"name\": 5, \"timeZone\": []}")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Malformed_bodies_get_a_400_problem_not_a_500(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/api/network/firms", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldNotContain(" at Marketplace.");
    }

    [Fact]
    public async Task Registering_a_members_address_again_creates_nothing_and_answers_exactly_as_a_new_address_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new { name = "Acme", timeZone = "Europe/London", ownerName = "P", ownerEmail = "p@acme.example", ownerPassword = Accounts.Password };
        using var first = await Client.PostAsJsonAsync("/api/network/firms", request, ct);
        first.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        using var again = await Client.PostAsJsonAsync("/api/network/firms", request with { name = "Acme Again", ownerPassword = "an-attackers-new-password" }, ct);

        again.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await again.Content.ReadAsStringAsync(ct)).ShouldBe(await first.Content.ReadAsStringAsync(ct));
        again.Headers.Location.ShouldBe(first.Headers.Location);
        (await Db.ScalarAsync<long>("""SELECT count(*) FROM "Firms" """)).ShouldBe(1);
        await Accounts.SignInAsync(Client, "p@acme.example"); // the member's own password still works
        (await Accounts.RequestTokenAsync(Client, "p@acme.example", "an-attackers-new-password")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("0123456789")]
    [InlineData("password1234")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    [InlineData("0123456789abcdef")]
    public async Task Short_common_or_patterned_passwords_are_refused(string password)
    {
        using var response = await Client.PostAsJsonAsync("/api/network/firms",
            new { name = "Weak", timeZone = "Europe/London", ownerName = "W", ownerEmail = $"{Guid.NewGuid():N}@weak.example", ownerPassword = password }, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["ownerPassword"]);
    }

    [Theory]
    [InlineData("/api/network/firms/0193a1b2-0000-7000-8000-000000000001", HttpStatusCode.NotFound)]
    [InlineData("/api/network/firms/not-a-guid", HttpStatusCode.NotFound)]
    public async Task Unknown_firms_get_a_404_problem(string url, HttpStatusCode status)
    {
        var token = await Accounts.SignInAsync(Client, (await Accounts.RegisterFirmAsync(Client)).Email);
        using var response = await Client.SendAsync(Accounts.Authorized(HttpMethod.Get, url, token), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
