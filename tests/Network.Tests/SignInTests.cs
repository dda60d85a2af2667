using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Network.Data;
using Marketplace.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class SignInTests : IAsyncLifetime
{
    private static readonly Guid MachineFirm = Guid.Parse("0193a1b2-0000-7000-8000-00000000abcd");
    private ServiceUnderTest<NetworkDbContext> _service = null!;

    private HttpClient Client => _service.Client;

    public async ValueTask InitializeAsync() => _service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network", new Dictionary<string, string?>
    {
        ["Auth:Clients:0:ClientId"] = "erp-sync",
        ["Auth:Clients:0:ClientSecret"] = "a-test-secret-of-some-length",
        ["Auth:Clients:0:FirmId"] = MachineFirm.ToString(),
        ["Auth:Clients:1:ClientId"] = "platform-ops",
        ["Auth:Clients:1:ClientSecret"] = "another-test-secret-of-length",
        ["Auth:Clients:1:FirmId"] = MachineFirm.ToString(),
        ["Auth:Clients:1:Role"] = "Admin",
        // As deployed: the secret in a mounted file, no ClientSecret setting at all.
        ["Auth:Clients:2:ClientId"] = "matching",
        ["Auth:Clients:2:ClientSecretFile"] = SecretFile,
        ["Auth:Clients:2:FirmId"] = Guid.Empty.ToString(),
        ["Auth:Clients:2:Scopes:0"] = "scheduling.holds.any",
    });

    private static readonly string SecretFile = WriteSecretFile();

    private static string WriteSecretFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"matching-secret-{Guid.NewGuid():N}");
        File.WriteAllText(path, "a-secret-read-from-a-file\n");
        return path;
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_member_signs_in_with_the_password_grant_and_the_token_names_member_firm_and_role()
    {
        var ct = TestContext.Current.CancellationToken;
        var firm = await Accounts.RegisterFirmAsync(Client);

        using var response = await Accounts.RequestTokenAsync(Client, firm.Email.ToUpperInvariant(), Accounts.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange(3000, 3600);

        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("access_token").GetString());
        jwt.GetClaim("firm_id").Value.ShouldBe(firm.FirmId.ToString());
        jwt.GetClaim("role").Value.ShouldBe("Owner");
        jwt.GetClaim("sub").Value.ShouldNotBeNullOrEmpty();
        jwt.Audiences.ShouldContain("marketplace-api");
        jwt.Issuer.ShouldBe("https://marketplace.local/");
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("correct-horse-batterY")]
    public async Task A_wrong_password_and_an_unknown_member_get_the_same_refusal(string password)
    {
        var ct = TestContext.Current.CancellationToken;
        var firm = await Accounts.RegisterFirmAsync(Client);

        using var wrong = await Accounts.RequestTokenAsync(Client, firm.Email, password);
        using var unknown = await Accounts.RequestTokenAsync(Client, "nobody@nowhere.example", Accounts.Password);

        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync(ct)).ShouldBe(await unknown.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task A_machine_client_gets_a_token_for_its_firm_with_client_credentials()
    {
        var ct = TestContext.Current.CancellationToken;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "erp-sync",
            ["client_secret"] = "a-test-secret-of-some-length",
        });
        using var response = await Client.PostAsync("/connect/token", form, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;

        using var me = await Client.SendAsync(Accounts.Authorized(HttpMethod.Get, "/api/network/me", token), ct);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>(ct);
        caller.GetProperty("firmId").GetGuid().ShouldBe(MachineFirm);
        caller.GetProperty("role").GetString().ShouldBe("Machine");
        caller.GetProperty("subject").GetString().ShouldBe("erp-sync");
        // A firm's own integration client: no platform scope, whatever it asks for.
        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).TryGetClaim("scope", out _).ShouldBeFalse();
        using var asking = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "erp-sync", ["client_secret"] = "a-test-secret-of-some-length", ["scope"] = "scheduling.holds.any",
        });
        using var asked = await Client.PostAsync("/connect/token", asking, ct);
        if (asked.IsSuccessStatusCode)
        {
            var second = (await asked.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
            new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(second).TryGetClaim("scope", out _).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Only_a_client_configured_as_the_platforms_Admin_gets_the_Admin_role()
    {
        var ct = TestContext.Current.CancellationToken;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "platform-ops", ["client_secret"] = "another-test-secret-of-length",
        });
        using var response = await Client.PostAsync("/connect/token", form, ct);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;

        new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).GetClaim("role").Value.ShouldBe("Admin");
    }

    [Fact]
    public async Task A_machine_client_whose_secret_is_a_file_gets_a_token_with_the_machine_role()
    {
        var ct = TestContext.Current.CancellationToken;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "matching", ["client_secret"] = "a-secret-read-from-a-file",
        });
        using var response = await Client.PostAsync("/connect/token", form, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        jwt.GetClaim("role").Value.ShouldBe("Machine");
        jwt.GetClaim("scope").Value.Split(' ').ShouldBe(["scheduling.holds.any"]); // configured for Matching's client only
    }

    [Fact]
    public async Task A_machine_client_with_a_wrong_secret_gets_no_token()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "erp-sync",
            ["client_secret"] = "guess",
        });
        using var response = await Client.PostAsync("/connect/token", form, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error").GetString().ShouldBe("invalid_client");
    }

    [Fact]
    public async Task Fifty_wrong_passwords_are_slowed_then_locked_the_right_one_is_refused_during_the_lock_and_unknown_addresses_fare_the_same()
    {
        var ct = TestContext.Current.CancellationToken;
        var member = await Accounts.RegisterFirmAsync(Client, "Guessed Ltd");
        var nobody = $"nobody-{Guid.NewGuid():N}@firm.example";

        async Task<List<(System.Net.HttpStatusCode Status, string Description)>> GuessAsync(string email)
        {
            var answers = new List<(System.Net.HttpStatusCode, string)>();
            for (var i = 0; i < 50; i++)
            {
                using var response = await Accounts.RequestTokenAsync(Client, email, $"wrong-guess-number-{i}");
                answers.Add((response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("error_description").GetString()!));
            }
            return answers;
        }
        var known = await GuessAsync(member.Email);
        var unknown = await GuessAsync(nobody);

        foreach (var answers in new[] { known, unknown })
        {
            answers.ShouldAllBe(a => a.Status == HttpStatusCode.BadRequest);
            answers.Take(SignInThrottleFree - 1).ShouldAllBe(a => a.Description == "The e-mail address or password is wrong.");
            answers.Skip(SignInThrottleFree - 1).ShouldAllBe(a => a.Description.StartsWith("Too many failed sign-ins", StringComparison.Ordinal));
            answers[^1].Description.ShouldContain("locked for 15 min");
        }
        using var right = await Accounts.RequestTokenAsync(Client, member.Email, Accounts.Password);
        right.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await right.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("error_description").GetString()!.ShouldContain("locked for 15 min");
        // Another member of the marketplace is not touched by it.
        await Accounts.SignInAsync(Client, (await Accounts.RegisterFirmAsync(Client, "Unrelated Ltd")).Email);
    }

    private const int SignInThrottleFree = Marketplace.Network.SignIn.SignInThrottle.FreeFailures;
}
