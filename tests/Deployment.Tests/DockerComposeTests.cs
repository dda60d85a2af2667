using System.Diagnostics;
using Marketplace.Testing;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace Marketplace.Deployment.Tests;

/// <summary>
/// docker-compose.yml as the compose tool itself resolves it (anchors, merges): `docker-compose config`
/// validates offline, and its output is checked for what a working stack needs.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly string Root = TestInfrastructure.RepositoryRoot();
    private static readonly string[] Apps = ["catalog", "network", "scheduling", "matching", "notifications", "portal", "gateway"];
    private static readonly Lazy<YamlMappingNode> Services = new(() => (YamlMappingNode)Resolved()["services"]);

    [Fact]
    public void Compose_runs_infrastructure_and_every_service()
    {
        var names = Services.Value.Children.Keys.Select(k => k.ToString()).ToList();
        names.ShouldBe([.. Apps, "postgres", "rabbitmq", "jaeger", "mailsink"], ignoreOrder: true);
        Image("jaeger").ShouldStartWith("jaegertracing/all-in-one:");
        Image("rabbitmq").ShouldContain("management");
        Image("postgres").ShouldStartWith("postgres:");
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("network")]
    [InlineData("scheduling")]
    [InlineData("matching")]
    [InlineData("notifications")]
    [InlineData("portal")]
    [InlineData("gateway")]
    public void Each_app_sends_its_traces_and_metrics_to_the_OTLP_viewer(string app)
    {
        ((YamlMappingNode)Service(app)["environment"])["OTEL_EXPORTER_OTLP_ENDPOINT"].ToString().ShouldBe("http://jaeger:4317");
        ((YamlMappingNode)((YamlMappingNode)Service("jaeger")["environment"]))["COLLECTOR_OTLP_ENABLED"].ToString().ShouldBe("true");
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("network")]
    [InlineData("scheduling")]
    [InlineData("matching")]
    [InlineData("notifications")]
    [InlineData("portal")]
    [InlineData("gateway")]
    public void Each_app_builds_its_own_project_and_has_a_health_check(string app)
    {
        var service = Service(app);
        var build = (YamlMappingNode)service["build"];
        var project = ((YamlMappingNode)build["args"])["PROJECT"].ToString();
        File.Exists(Path.Combine(Root, project + ".csproj")).ShouldBeTrue($"{project}.csproj is missing");
        project.ShouldEndWith(app == "gateway" ? "Marketplace.Gateway" : "Marketplace." + char.ToUpperInvariant(app[0]) + app[1..]);
        var dockerfile = build.Children.TryGetValue(new YamlScalarNode("dockerfile"), out var named) ? named.ToString() : "Dockerfile";
        File.ReadAllText(Path.Combine(Root, dockerfile)).ShouldContain("ARG PROJECT");
        Service(app)["image"].ToString().ShouldBe($"marketplace/{app}");
        ((YamlSequenceNode)((YamlMappingNode)service["healthcheck"])["test"]).Children.Select(c => c.ToString()).ShouldContain("http://localhost:8080/health/ready");
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("network")]
    [InlineData("scheduling")]
    [InlineData("matching")]
    [InlineData("notifications")]
    public void Each_service_waits_for_healthy_infrastructure_and_has_its_own_database(string app)
    {
        var service = Service(app);
        var dependsOn = (YamlMappingNode)service["depends_on"];
        foreach (var infra in new[] { "postgres", "rabbitmq" })
        {
            ((YamlMappingNode)dependsOn[infra])["condition"].ToString().ShouldBe("service_healthy");
        }
        var env = (YamlMappingNode)service["environment"];
        env[$"ConnectionStrings__{app}"].ToString().ShouldContain($"Database=marketplace_{app}");
        env["ConnectionStrings__rabbitmq"].ToString().ShouldContain("@rabbitmq:5672");
    }

    [Fact]
    public void The_gateway_is_the_published_front_door_and_routes_to_the_compose_services()
    {
        var gateway = Service("gateway");
        ((YamlSequenceNode)gateway["ports"]).Children.Select(PublishedPort).ShouldContain("8080");
        var env = (YamlMappingNode)gateway["environment"];
        foreach (var app in Apps.Where(a => a != "gateway"))
        {
            env[$"ReverseProxy__Clusters__{app}__Destinations__d1__Address"].ToString().ShouldBe($"http://{app}:8080/");
            ((YamlMappingNode)((YamlMappingNode)gateway["depends_on"])[app])["condition"].ToString().ShouldBe("service_healthy");
        }
        Apps.Where(a => a != "gateway").ShouldAllBe(a => !Service(a).Children.ContainsKey(new YamlScalarNode("ports")));
    }

    [Theory]
    [InlineData("catalog")]
    [InlineData("network")]
    [InlineData("scheduling")]
    [InlineData("matching")]
    [InlineData("notifications")]
    [InlineData("portal")]
    [InlineData("gateway")]
    public void Each_app_reads_the_token_signing_key_from_a_secret_not_from_the_file(string app)
    {
        var service = Service(app);
        ((YamlMappingNode)service["environment"])["Auth__SigningKeyFile"].ToString().ShouldBe("/run/secrets/signing_key");
        ((YamlSequenceNode)service["secrets"]).Children.Select(SecretName).ShouldContain("signing_key");
        File.ReadAllText(Path.Combine(Root, "docker-compose.yml")).ShouldNotContain("PRIVATE KEY");
    }

    // v1 lists secret names; newer versions list mappings with "source".
    private static string SecretName(YamlNode secret) => secret is YamlMappingNode m ? m["source"].ToString() : secret.ToString();

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services.Value[name];

    private static string Image(string name) => Service(name)["image"].ToString();

    // docker-compose v1 prints "8080:8080"; newer versions print a mapping with "published".
    private static string PublishedPort(YamlNode port) => port is YamlMappingNode m ? m["published"].ToString() : port.ToString().Split(':')[0];

    private static void RunScript(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(Root, "scripts", "infra.sh"), command]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("scripts/infra.sh did not start");
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
    }

    private static YamlMappingNode Resolved()
    {
        // The secret's file and the passwords' env file must exist for compose to accept the file; this makes them as a developer would.
        RunScript("keys");
        var (exit, stdout, stderr) = Compose("--env-file", EnvFile, "config");
        exit.ShouldBe(0, $"docker-compose config rejected the file: {stderr}");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(stdout));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string EnvFile => Path.Combine(Root, ".infra", "compose.env");

    private static (int Exit, string Stdout, string Stderr) Compose(params string[] args)
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", Path.Combine(Root, "docker-compose.yml"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr);
    }

    [Fact]
    public void Passwords_come_from_the_env_file_infra_keys_writes_and_tools_listen_on_this_machine_only()
    {
        var resolved = Resolved();
        var passwords = File.ReadAllLines(EnvFile).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        passwords["MARKETPLACE_DB_PASSWORD"].Length.ShouldBeGreaterThanOrEqualTo(32);
        ((YamlMappingNode)Service("postgres")["environment"])["POSTGRES_PASSWORD"].ToString().ShouldBe(passwords["MARKETPLACE_DB_PASSWORD"]);
        ((YamlMappingNode)Service("rabbitmq")["environment"])["RABBITMQ_DEFAULT_PASS"].ToString().ShouldBe(passwords["MARKETPLACE_MQ_PASSWORD"]);
        File.ReadAllText(Path.Combine(Root, "docker-compose.yml")).ShouldNotContain("Password=marketplace");
        foreach (var tool in new[] { "rabbitmq", "jaeger", "mailsink" })
        {
            var ports = (YamlSequenceNode)Service(tool)["ports"];
            // The compose tool writes a port as "127.0.0.1:16686:16686/tcp" or as a mapping with host_ip, by version.
            ports.Children.ShouldAllBe(p => p is YamlScalarNode ? p.ToString().StartsWith("127.0.0.1:", StringComparison.Ordinal)
                : ((YamlMappingNode)p)["host_ip"].ToString() == "127.0.0.1", $"{tool} publishes beyond this machine");
        }
        _ = resolved;

        // Without the env file compose refuses to run rather than fall back to a default password.
        var empty = Path.GetTempFileName();
        var (exit, _, stderr) = Compose("--env-file", empty, "config");
        File.Delete(empty);
        exit.ShouldNotBe(0);
        stderr.ShouldContain("infra.sh keys");
    }
}
