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
        body.GetProperty("expires_in").GetInt32().ShouldBeInRange(540, 600); // ten minutes: refresh tokens keep sessions going

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

    /// <summary>Fifty wrong passwords at once against an address: the free tries are checked, then every try must wait, unchecked.</summary>
    private static async Task<List<(HttpStatusCode Status, string Description)>> GuessAsync(HttpClient client, string email, int times = 50)
    {
        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < times; i++)
        {
            using var response = await Accounts.RequestTokenAsync(client, email, $"wrong-guess-number-{i}");
            answers.Add((response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error_description").GetString()!));
        }
        return answers;
    }

    [Fact]
    public async Task Fifty_wrong_passwords_are_slowed_and_the_right_one_during_the_wait_is_refused_and_unknown_addresses_fare_the_same()
    {
        // A first wait of a minute (not 1 s), so this test's own speed cannot outrun it.
        await using var service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network", new Dictionary<string, string?> { ["SignIn:Throttle:FirstWait"] = "00:01:00" });
        var member = await Accounts.RegisterFirmAsync(service.Client, "Guessed Ltd");
        var known = await GuessAsync(service.Client, member.Email);
        using var right = await Accounts.RequestTokenAsync(service.Client, member.Email, Accounts.Password);
        var unknown = await GuessAsync(service.Client, $"nobody-{Guid.NewGuid():N}@firm.example");

        foreach (var answers in new[] { known, unknown })
        {
            answers.ShouldAllBe(a => a.Status == HttpStatusCode.BadRequest);
            answers.Take(SignInThrottleFree - 1).ShouldAllBe(a => a.Description == "The e-mail address or password is wrong.");
            answers.Skip(SignInThrottleFree - 1).ShouldAllBe(a => a.Description.StartsWith("Too many failed sign-ins", StringComparison.Ordinal));
        }
        right.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await right.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error_description").GetString()!
            .ShouldStartWith("Too many failed sign-ins: wait");
        // Another member of the marketplace is not touched by it.
        await Accounts.SignInAsync(service.Client, (await Accounts.RegisterFirmAsync(service.Client, "Unrelated Ltd")).Email);
    }

    [Fact]
    public async Task Wrong_passwords_that_keep_to_the_waits_lock_the_account_and_the_right_one_is_refused_during_the_lock()
    {
        // The waits shortened to nothing, so the test need not sit through 31 s of them: every try is checked and counted.
        await using var service = await ServiceUnderTest<NetworkDbContext>.StartAsync("network", new Dictionary<string, string?> { ["SignIn:Throttle:FirstWait"] = "00:00:00" });
        var member = await Accounts.RegisterFirmAsync(service.Client, "Locked Ltd");

        var answers = await GuessAsync(service.Client, member.Email);

        answers.Skip(SignInThrottleLockAfter - 1).ShouldAllBe(a => a.Description.Contains("locked for 15 min"));
        using var right = await Accounts.RequestTokenAsync(service.Client, member.Email, Accounts.Password);
        (await right.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error_description").GetString()!
            .ShouldContain("locked for 15 min");
    }

    private const int SignInThrottleLockAfter = 10;
    private const int SignInThrottleFree = 5;
}
