extern alias gateway;
extern alias portal;
extern alias mailsink;
using System.Net;
using Marketplace.Catalog.Data;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Matching.Data;
using Marketplace.Notifications.Data;
using Marketplace.Network.Data;
using Marketplace.Scheduling.Data;
using Marketplace.Matching.Ranking;
using Marketplace.Scheduling.Availability;
using Marketplace.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.EndToEnd.Tests;

/// <summary>
/// The whole system in one process: every service on a loopback socket with its own database, one RabbitMQ virtual
/// host between them, and the gateway in front. Catalog, Scheduling and Matching run as <see cref="Replicas"/> replicas
/// each (one database, each replica with its own background jobs, dispatchers and consumers), the gateway sharing
/// requests between them in turn, so every story here also proves the services stay right at two replicas.
/// </summary>
public sealed class MarketplaceFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The local mail sink every mail of the platform goes to (Notifications sends over SMTP to it): its viewer and JSON API.</summary>
    public HttpClient Mail { get; private set; } = null!;
    public Uri MailUrl { get; private set; } = null!;
    public Uri GatewayUrl { get; private set; } = null!;
    public Dictionary<string, TestDatabase> Databases { get; } = [];

    public const int Replicas = 2;

    /// <summary>Each replicated service's replicas by name ("catalog", "scheduling", "matching"), to ask one of them alone.</summary>
    public Dictionary<string, Uri[]> ReplicaUrls { get; } = [];

    private readonly Dictionary<string, List<IServiceProvider>> _replicaServices = [];

    /// <summary>
    /// Waits until every Matching replica's ranking index and every Scheduling replica's availability index show what
    /// their databases hold (each follows its database within its refresh interval, 1 s): a story that posts right
    /// after setting a partner up must not depend on which replica the gateway picks.
    /// </summary>
    public async Task ReplicasSeeAsync(string what, Func<RankingIndex, bool>? ranking = null, Func<IReadOnlyCollection<FirmAvailability>, bool>? availability = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var seen = await Eventually.TrueAsync(async () =>
        {
            foreach (var services in ranking is null ? [] : _replicaServices["matching"])
            {
                if (!ranking!(await services.GetRequiredService<RankingIndexSource>().GetAsync(ct)))
                {
                    return false;
                }
            }
            foreach (var services in availability is null ? [] : _replicaServices["scheduling"])
            {
                if (!availability!(await services.GetRequiredService<AvailabilityIndex>().FirmsAsync(ct)))
                {
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(30));
        if (!seen)
        {
            throw new InvalidOperationException($"Some replica's index never showed {what}");
        }
    }

    /// <summary>A firm registered through the gateway, and its owner's access token.</summary>
    public async Task<(Guid FirmId, string Token)> NewFirmAsync(string name = "Acme Security", string timeZone = "America/New_York")
    {
        var firm = await Accounts.RegisterFirmAsync(Gateway, name, timeZone);
        OwnerEmails[firm.FirmId] = firm.Email;
        await VerifyAsync(firm.Email); // a firm takes referrals once its Owner's address is verified
        return (firm.FirmId, await Accounts.SignInAsync(Gateway, firm.Email));
    }

    /// <summary>The owner's address of each firm <see cref="NewFirmAsync"/> registered.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<Guid, string> OwnerEmails { get; } = new();

    /// <summary>The newest mail to <paramref name="email"/> whose subject contains <paramref name="subject"/>, once it arrives (30 s at most).</summary>
    public async Task<JsonElement> MailToAsync(string email, string subject)
    {
        JsonElement found = default;
        if (!await Eventually.TrueAsync(async () =>
            {
                var messages = await Mail.GetFromJsonAsync<JsonElement>($"/api/messages?to={Uri.EscapeDataString(email)}", TestContext.Current.CancellationToken);
                found = messages.EnumerateArray().FirstOrDefault(m => m.GetProperty("subject").GetString()!.Contains(subject, StringComparison.OrdinalIgnoreCase));
                return found.ValueKind == JsonValueKind.Object;
            }, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"No mail to {email} about \"{subject}\" arrived");
        }
        return found;
    }

    /// <summary>The first link in a mail's text that goes to <paramref name="path"/> (e.g. "/portal/account/verify").</summary>
    public static Uri LinkIn(JsonElement mail, string path) =>
        new(System.Text.RegularExpressions.Regex.Matches(mail.GetProperty("text").GetString()!, @"https?://\S+")
            .Select(m => m.Value.TrimEnd('.', ',', ')', '>')).First(u => new Uri(u).AbsolutePath.StartsWith(path, StringComparison.Ordinal)));

    /// <summary>Follows the verification mail Network sent to <paramref name="email"/>, as its reader would.</summary>
    public async Task VerifyAsync(string email)
    {
        var link = LinkIn(await MailToAsync(email, "Confirm your e-mail address"), "/portal/account/verify");
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"];
        await Gateway.CallAsync(HttpMethod.Post, "/api/network/account/verify", null, new { token }, HttpStatusCode.NoContent);
    }

    /// <summary>
    /// A partner firm with a skill in Catalog and an engineer with 20 h a week in Scheduling, once Matching has
    /// heard of both (its skills and its free hours); made through the gateway like a real partner would.
    /// </summary>
    public async Task<(Guid FirmId, string Token, Guid Engineer)> PartnerWithTimeAsync(string name, string skill, string timeZone = "Europe/London")
    {
        var (partner, token) = await NewFirmAsync(name, timeZone);
        await Gateway.CallAsync(HttpMethod.Put, $"/api/catalog/partners/{partner}/skills", token,
            new { claims = new[] { new { skillId = skill, level = 4, years = 6 } }, certifications = Array.Empty<object>() }, System.Net.HttpStatusCode.OK);
        var engineer = Guid.NewGuid();
        if (!await Eventually.TrueAsync(async () => (await Gateway.StatusAsync(HttpMethod.Put, $"/api/scheduling/engineers/{engineer}/capacity", token,
                new { name = "Ana Ruiz", hoursPerWeek = 20, skills = new[] { skill } })) == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("Scheduling never learned the partner's skills");
        }
        var matching = Databases["matching"];
        if (!await Eventually.TrueAsync(async () =>
                await matching.ScalarAsync<long>($"""SELECT count(*) FROM "PartnerCapacities" WHERE "FirmId" = '{partner}' AND 20 = ANY("FreeHours")""") == 1
                && await matching.ScalarAsync<long>($"""SELECT count(*) FROM "PartnerSkills" WHERE "FirmId" = '{partner}'""") == 1, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("Matching never got the partner's skills and free hours");
        }
        await ReplicasSeeAsync("the partner's skill and free hours",
            index => index.Profile(partner) is { } p && p.LevelOf(index.SkillNumber(skill)) > 0 && p.FreeHours.Contains((short)20),
            firms => firms.Any(f => f.FirmId == partner && f.Engineers.Any(e => e.Does(skill))));
        return (partner, token, engineer);
    }

    /// <summary>The referrer invites the partner, the partner accepts; returns once Matching and Scheduling know the partnership.</summary>
    public async Task<Guid> PartnershipAsync(string referrerToken, Guid partner, string partnerToken)
    {
        var id = (await Gateway.CallAsync(HttpMethod.Post, "/api/network/partnerships", referrerToken, new { partnerFirmId = partner }, System.Net.HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await Gateway.CallAsync(HttpMethod.Post, $"/api/network/partnerships/{id}/accept", partnerToken, null, System.Net.HttpStatusCode.OK);
        if (!await Eventually.TrueAsync(async () =>
                await Databases["matching"].ScalarAsync<long>($"""SELECT count(*) FROM "AgreementVersions" WHERE "PartnershipId" = '{id}'""") == 1
                && await Databases["scheduling"].ScalarAsync<long>($"""SELECT count(*) FROM "PartnerLinks" WHERE "PartnershipId" = '{id}' AND "Active" """) == 1,
                TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("Matching or Scheduling never heard of the partnership");
        }
        await ReplicasSeeAsync("the partnership", index => index.Terms.Values.Any(partners => partners.Values.Any(t => t.PartnershipId == id)));
        return id;
    }

    /// <summary>One firm proposes terms, the other's Owner countersigns; returns the version once Matching holds it.</summary>
    public async Task<int> AgreeAsync(Guid partnership, string proposerToken, string accepterToken, object terms)
    {
        var version = (await Gateway.CallAsync(HttpMethod.Put, $"/api/network/partnerships/{partnership}/agreement", proposerToken, terms, System.Net.HttpStatusCode.OK))
            .GetProperty("proposal").GetProperty("version").GetInt32();
        await Gateway.CallAsync(HttpMethod.Post, $"/api/network/partnerships/{partnership}/agreement/{version}/accept", accepterToken, null, System.Net.HttpStatusCode.OK);
        if (!await Eventually.TrueAsync(async () => await Databases["matching"].ScalarAsync<long>(
                $"""SELECT count(*) FROM "AgreementVersions" WHERE "PartnershipId" = '{partnership}' AND "Version" = {version}""") == 1, TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("Matching never got the countersigned terms");
        }
        await ReplicasSeeAsync("the countersigned terms",
            index => index.Terms.Values.Any(partners => partners.Values.Any(t => t.PartnershipId == partnership && t.Version == version)));
        return version;
    }

    public async Task<HttpResponseMessage> GetAsync(string url, string token) =>
        await Gateway.SendAsync(Accounts.Authorized(HttpMethod.Get, url, token));

    /// <summary>
    /// The same request sent to every replica of the service its path names (/api/{service}/…), past the gateway, so
    /// a test can tell that all of them answer alike (each replica has caches of its own); one answer for the others.
    /// </summary>
    public async Task<HttpStatusCode[]> OnEveryReplicaAsync(HttpMethod method, string path, string token, object? body = null)
    {
        var service = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[1];
        var bases = ReplicaUrls.TryGetValue(service, out var urls) ? urls : [GatewayUrl];
        var statuses = new HttpStatusCode[bases.Length];
        for (var i = 0; i < bases.Length; i++)
        {
            using var client = new HttpClient { BaseAddress = bases[i] };
            using var request = Accounts.Authorized(method, path, token);
            if (body is not null)
            {
                request.Content = System.Net.Http.Json.JsonContent.Create(body);
            }
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses[i] = response.StatusCode;
        }
        return statuses;
    }

    private const string MatchingSecret = "a-test-secret-for-matchings-machine-client";

    /// <summary>The platform's operator (Admin), configured in Network: reviews certifications, settles fee disputes.</summary>
    public const string OperatorEmail = "operator@marketplace.test";
    public const string OperatorPassword = "operator-password-of-the-tests";

    public async ValueTask InitializeAsync()
    {
        var vhost = await TestVirtualHost.CreateAsync();
        _owned.Add(vhost);
        // The portal calls the gateway, the gateway routes to the portal, and mail links point at it: its port is chosen first.
        var gatewayPort = ServiceFactory<portal::Program>.FreePort();
        GatewayUrl = new Uri($"http://127.0.0.1:{gatewayPort}/");
        var smtpPort = ServiceFactory<portal::Program>.FreePort();
        var viewerPort = ServiceFactory<portal::Program>.FreePort();
        MailUrl = new Uri($"http://127.0.0.1:{viewerPort}/");
        var mailSink = mailsink::Marketplace.MailSink.MailSinkApp.Create(["--urls", MailUrl.ToString().TrimEnd('/'), $"--MailSink:SmtpPort={smtpPort}",
            "--Logging:LogLevel:Default=Warning"]);
        await mailSink.StartAsync();
        _owned.Insert(0, mailSink);
        Mail = new HttpClient { BaseAddress = MailUrl };
        // Every service asks Network whether a member's session is still current (Services:network), Catalog too, which
        // starts first: Network's port is chosen before. A short cache window keeps the session tests quick (30 s otherwise).
        var networkPort = ServiceFactory<NetworkDbContext>.FreePort();
        var networkUrl = $"http://127.0.0.1:{networkPort}/";
        var catalog = await StartAsync<CatalogDbContext>("catalog", vhost, Replicas, _ => [("Services:network", networkUrl), SessionCacheWindow]);
        var network = (await StartAsync<NetworkDbContext>("network", vhost, 1, _ =>
        [
            ("Auth:Clients:0:ClientId", "matching"), ("Auth:Clients:0:ClientSecret", MatchingSecret), ("Auth:Clients:0:FirmId", Guid.Empty.ToString()),
            ("Auth:Clients:0:Scopes:0", "scheduling.holds.any"), ("Platform:Operators:0:Email", OperatorEmail), ("Platform:Operators:0:Password", OperatorPassword),
            ("Accounts:PortalUrl", $"http://127.0.0.1:{gatewayPort}/portal"),
        ], networkPort))[0];
        var scheduling = await StartAsync<SchedulingDbContext>("scheduling", vhost, Replicas, i => [("Services:catalog", catalog[i].ToString()),
            ("Services:network", network.ToString()), SessionCacheWindow]);
        // Each Matching replica asks the other Scheduling replica, so calls between services cross replicas too.
        var matching = await StartAsync<MatchingDbContext>("matching", vhost, Replicas, i => [("Services:scheduling", scheduling[(i + 1) % Replicas].ToString()),
            ("Services:catalog", catalog[i].ToString()), ("Services:network", network.ToString()), SessionCacheWindow,
            ("Auth:Machine:ClientId", "matching"), ("Auth:Machine:ClientSecret", MatchingSecret)]);
        var notifications = (await StartAsync<NotificationsDbContext>("notifications", vhost, 1, _ =>
        [
            ("Smtp:Host", "127.0.0.1"), ("Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Smtp:Security", "None"),
            ("Smtp:FromAddress", "no-reply@marketplace.test"), ("Notifications:PublicUrl", GatewayUrl.ToString()),
            ("Notifications:UnsubscribeKey", "an-unsubscribe-key-for-the-end-to-end-tests-0123456789"), ("Notifications:SendInterval", "00:00:00.200"),
            ("Services:network", network.ToString()), SessionCacheWindow,
        ]))[0];
        var portalKeys = await TestDatabase.CreateAsync("portal");
        _owned.Add(portalKeys);
        var portalFactory = new ServiceFactory<portal::Program>(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
            ["Gateway:Url"] = GatewayUrl.ToString(),
            ["ConnectionStrings:portal"] = portalKeys.ConnectionString,
            ["Portal:TrustedProxies:0"] = "127.0.0.1", // the gateway in front
        });
        _owned.Insert(0, portalFactory);
        var portalUrl = portalFactory.StartOnLoopback();

        var gatewaySettings = new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
            // The stories and the fuzz run send many requests from one address; EdgeTests checks the limits themselves.
            ["Gateway:RateLimits:AnonymousBurst"] = "100000",
            ["Gateway:RateLimits:AnonymousPerSecond"] = "100000",
            ["Gateway:RateLimits:FirmBurst"] = "100000",
            ["Gateway:RateLimits:FirmPerSecond"] = "100000",
            ["Gateway:RateLimits:SignInBurst"] = "100000",
            ["Gateway:RateLimits:SignInPerMinute"] = "100000",
            ["Gateway:TrustedProxies:0"] = "127.0.0.1", // the portal, signing people in
            // Its session checks find Network by its route to it (no Services:network here, as in run.sh and compose).
            [SessionCacheWindow.Key] = SessionCacheWindow.Value,
            ["ReverseProxy:Clusters:network:Destinations:d1:Address"] = network.ToString(),
            ["ReverseProxy:Clusters:notifications:Destinations:d1:Address"] = notifications.ToString(),
            ["ReverseProxy:Clusters:portal:Destinations:d1:Address"] = portalUrl.ToString(),
        };
        foreach (var (service, urls) in ReplicaUrls)
        {
            // In turn, so both replicas of each service serve every story (the default picks by load, which may favour one).
            gatewaySettings[$"ReverseProxy:Clusters:{service}:LoadBalancingPolicy"] = "RoundRobin";
            for (var i = 0; i < urls.Length; i++)
            {
                gatewaySettings[$"ReverseProxy:Clusters:{service}:Destinations:d{i + 1}:Address"] = urls[i].ToString();
            }
        }
        var gatewayFactory = new ServiceFactory<gateway::Program>(gatewaySettings);
        _owned.Insert(0, gatewayFactory);
        gatewayFactory.StartOnLoopback(gatewayPort); // a real socket, so a browser can reach it too
        Gateway = new HttpClient { BaseAddress = GatewayUrl };
    }

    /// <summary>How long services believe Network's "session current" (at most 30 s in production; 30 s by default).</summary>
    public static readonly (string Key, string? Value) SessionCacheWindow = ("Auth:SessionCheck:CacheFor", "00:00:05");

    /// <summary>
    /// A service's database and <paramref name="replicas"/> replicas of the service on it, started one after the other
    /// (each migrates at start; EF's migration lock would also keep simultaneous starts apart).
    /// </summary>
    private async Task<Uri[]> StartAsync<TDbContext>(string service, TestVirtualHost vhost, int replicas, Func<int, (string Key, string? Value)[]> extra, int port = 0)
        where TDbContext : class
    {
        var db = await TestDatabase.CreateAsync(service);
        _owned.Add(db);
        Databases[service] = db;
        var urls = new Uri[replicas];
        for (var i = 0; i < replicas; i++)
        {
            var settings = ServiceSettings.For(service, db, vhost.ConnectionString);
            foreach (var (key, value) in extra(i))
            {
                settings[key] = value ?? "http://127.0.0.1:9"; // not called in these tests
            }
            var factory = new ServiceFactory<TDbContext>(settings);
            _owned.Insert(0, factory); // services stop before their databases are dropped
            urls[i] = factory.StartOnLoopback(port);
            (_replicaServices.TryGetValue(service, out var started) ? started : _replicaServices[service] = []).Add(factory.Services);
        }
        if (replicas > 1)
        {
            ReplicaUrls[service] = urls;
        }
        return urls;
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        Mail.Dispose();
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
