using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.DemoSeed;

// Seeds demo firms through the gateway, as their people would: register, sign in, fill in profiles and skills,
// partner up and agree terms. Re-running changes nothing that is already there.
var gateway = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:8080");
var password = Environment.GetEnvironmentVariable("MARKETPLACE_DEMO_PASSWORD") ?? "demo-password-1";
using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
// The local mail sink infra.sh starts: demo owners follow the verification link mailed to them, as people would.
using var mail = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("MARKETPLACE_MAIL_URL") ?? "http://127.0.0.1:8025"), Timeout = TimeSpan.FromSeconds(30) };
var tokens = new Dictionary<string, (Guid FirmId, string Token)>();
int[] weekdays = [1, 2, 3, 4, 5];
string[] bothModes = ["HandOff", "WhiteLabel"];
string[] closingDays = ["12-24"]; // every demo firm closes on Christmas Eve, beside its public holidays

foreach (var firm in DemoFirms.Referrers.Concat(DemoFirms.Specialists))
{
    using var register = await http.PostAsJsonAsync("/api/network/firms", new
    {
        name = firm.Name, timeZone = firm.TimeZone, takesReferrals = firm.TakesReferrals, ownerName = firm.Owner, ownerEmail = firm.Email, ownerPassword = password,
    });
    // Registering answers 202 whether or not the owner's address is already a member (nothing tells who is): signing in tells.
    if (register.StatusCode != HttpStatusCode.Accepted)
    {
        return Fail($"registering {firm.Name}", register);
    }
    var signedIn = await SignInAsync(firm.Email);
    tokens[firm.Email] = signedIn;
    if (!await VerifiedAsync(firm.Email, signedIn.Token))
    {
        return Fail($"verifying {firm.Email}: no verification mail reached {mail.BaseAddress} within a minute", null);
    }

    await SendAsync(HttpMethod.Put, $"/api/network/firms/{signedIn.FirmId}", signedIn.Token, new
    {
        name = firm.Name, description = firm.Description, regions = firm.Region.Split(", "), timeZone = firm.TimeZone,
        workingDays = weekdays, opensAt = "09:00", closesAt = "17:30", takesReferrals = firm.TakesReferrals,
        holidayCountry = DemoHolidays.CountryOf(firm.TimeZone), holidayRegion = DemoHolidays.RegionOf(firm.TimeZone), closingDays,
    });
    var today = DateOnly.FromDateTime(DateTime.UtcNow);
    await SendAsync(HttpMethod.Put, $"/api/catalog/partners/{signedIn.FirmId}/skills", signedIn.Token, new
    {
        claims = firm.Claims.Select(c => new { skillId = c.Skill, level = c.Level, years = c.Years,
            evidence = new { description = $"{firm.Name}: {c.Years} years of {c.Skill.Replace('-', ' ')} work.", links = Array.Empty<string>() } }),
        // Only current certifications are stated (the API refuses a lapsed one); the lapsed demo entries name engineers only.
        certifications = firm.Certifications.Where(h => h.MonthsLeft > 0).Select(h => new { certificationId = h.Certification, engineer = h.Engineer, expiresOn = today.AddMonths(Math.Min(h.MonthsLeft, 12)) }), // within every vendor's validity (Microsoft: one year)
    });
    // The engineers named on certifications, with hours a week for referred work, so availability has answers.
    foreach (var engineer in firm.Certifications.Select(h => h.Engineer).Distinct())
    {
        var id = DemoIds.Of($"{firm.Email}/{engineer}");
        await SendAsync(HttpMethod.Put, $"/api/scheduling/engineers/{id}/capacity", signedIn.Token, new { name = engineer, hoursPerWeek = 10 + id.ToByteArray()[0] % 4 * 5 });
    }
}

var partnered = 0;
foreach (var (referrer, specialist, feeKind, fee) in DemoFirms.Partnerships)
{
    var (_, referrerToken) = tokens[referrer];
    var (specialistFirm, specialistToken) = tokens[specialist];
    using var invite = await SendRawAsync(HttpMethod.Post, "/api/network/partnerships", referrerToken, new { partnerFirmId = specialistFirm, message = "Let's refer work to each other." });
    if (invite.StatusCode == HttpStatusCode.Conflict)
    {
        continue; // already partners
    }
    var id = (await invite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    await SendAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/accept", specialistToken, null);
    // The referrer proposes the terms and the specialist's owner countersigns them: only then are they in force.
    using var proposed = await SendRawAsync(HttpMethod.Put, $"/api/network/partnerships/{id}/agreement", referrerToken, new
    {
        engagementModes = bothModes, feeKind, feePercent = feeKind == "Percent" ? fee : null,
        feeAmount = feeKind == "Flat" ? fee : null, feeCurrency = feeKind == "Flat" ? "USD" : null,
        nonSolicitMonths = 12, responseSlaBusinessHours = 4, maxConcurrentReferrals = 3,
    });
    proposed.EnsureSuccessStatusCode();
    var version = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proposal").GetProperty("version").GetInt32();
    await SendAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/agreement/{version}/accept", specialistToken, null);
    partnered++;
}

// The platform's operator checks the demo firms' certifications, as it would a real firm's: only then do they verify a skill.
var operatorEmail = Environment.GetEnvironmentVariable("MARKETPLACE_OPERATOR_EMAIL") ?? "operator@marketplace.example";
var (_, operatorToken) = await SignInAsync(operatorEmail);
var approved = 0;
while (true)
{
    using var queue = await SendRawAsync(HttpMethod.Get, "/api/catalog/certification-reviews?status=Pending&limit=100", operatorToken, null);
    queue.EnsureSuccessStatusCode();
    var pending = (await queue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
    if (pending.GetArrayLength() == 0)
    {
        break;
    }
    foreach (var item in pending.EnumerateArray())
    {
        await SendAsync(HttpMethod.Post, $"/api/catalog/certification-reviews/{item.GetProperty("id").GetGuid()}/approve", operatorToken, null);
        approved++;
    }
}

Console.Error.WriteLine($"[seed] {tokens.Count} demo firms, {partnered} new partnerships, {approved} certifications approved by {operatorEmail}; every password: {password}");
return 0;

// Until its Owner's address is verified a firm takes no referrals: follow the newest verification link mailed to it.
async Task<bool> VerifiedAsync(string email, string token)
{
    using var me = new HttpRequestMessage(HttpMethod.Get, "/api/network/me");
    me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var meResponse = await http.SendAsync(me);
    if ((await meResponse.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("emailVerified", out var verified) && verified.ValueKind == JsonValueKind.True)
    {
        return true;
    }
    for (var attempt = 0; attempt < 120; attempt++)
    {
        var messages = await mail.GetFromJsonAsync<JsonElement>($"/api/messages?to={Uri.EscapeDataString(email)}");
        var link = messages.EnumerateArray().Where(m => m.GetProperty("subject").GetString() == "Confirm your e-mail address")
            .Select(m => System.Text.RegularExpressions.Regex.Match(m.GetProperty("text").GetString() ?? "", @"https?://\S+/account/verify\?token=([A-Za-z0-9_\-%]+)"))
            .FirstOrDefault(m => m.Success);
        if (link is not null)
        {
            using var verify = await http.PostAsJsonAsync("/api/network/account/verify", new { token = Uri.UnescapeDataString(link.Groups[1].Value) });
            return verify.IsSuccessStatusCode;
        }
        await Task.Delay(500);
    }
    return false;
}

async Task<(Guid FirmId, string Token)> SignInAsync(string email)
{
    using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["grant_type"] = "password", ["username"] = email, ["password"] = password,
    }));
    response.EnsureSuccessStatusCode();
    var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    using var me = await SendRawAsync(HttpMethod.Get, "/api/network/me", token, null);
    return ((await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firmId").GetGuid(), token);
}

async Task SendAsync(HttpMethod method, string url, string token, object? body)
{
    using var response = await SendRawAsync(method, url, token, body);
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string url, string token, object? body)
{
    using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return await http.SendAsync(request);
}

static int Fail(string what, HttpResponseMessage? response)
{
    Console.Error.WriteLine(response is null ? $"[seed] {what}" : $"[seed] {what} answered {(int)response.StatusCode}");
    return 1;
}
