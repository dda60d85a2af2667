using System.Diagnostics;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Marketplace.Testing;

/// <summary>
/// PostgreSQL and RabbitMQ for tests, found once per test process: addresses given in the environment
/// (MARKETPLACE_TEST_PG, MARKETPLACE_TEST_RABBITMQ, MARKETPLACE_TEST_RABBITMQ_MANAGEMENT), else containers
/// when a Docker engine is reachable, else the project-local instances that scripts/infra.sh starts.
/// Tests never share state through them: each takes its own database and virtual host.
/// </summary>
public sealed record TestInfrastructure(string PostgresAdmin, Uri RabbitMq, Uri RabbitMqManagement)
{
    private static readonly Lazy<Task<TestInfrastructure>> Shared = new(StartAsync);

    public static Task<TestInfrastructure> GetAsync() => Shared.Value;

    private static async Task<TestInfrastructure> StartAsync()
    {
        var pg = Environment.GetEnvironmentVariable("MARKETPLACE_TEST_PG");
        var mq = Environment.GetEnvironmentVariable("MARKETPLACE_TEST_RABBITMQ");
        var mgmt = Environment.GetEnvironmentVariable("MARKETPLACE_TEST_RABBITMQ_MANAGEMENT");
        if (pg is not null && mq is not null && mgmt is not null)
        {
            return new TestInfrastructure(pg, new Uri(mq), new Uri(mgmt));
        }
        return DockerIsReachable() ? await StartContainersAsync() : await StartLocalAsync();
    }

    private static bool DockerIsReachable() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");

    private static async Task<TestInfrastructure> StartContainersAsync()
    {
        var postgres = new PostgreSqlBuilder("postgres:15").Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").WithUsername("guest").WithPassword("guest").WithPortBinding(15672, true).Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        var pg = new Npgsql.NpgsqlConnectionStringBuilder(postgres.GetConnectionString()) { Database = "postgres" }.ConnectionString;
        return new TestInfrastructure(pg,
            new Uri($"amqp://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(5672)}/"),
            new Uri($"http://{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/"));
    }

    private static async Task<TestInfrastructure> StartLocalAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "infra.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, "up"]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("Could not run scripts/infra.sh.");
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // an install included; never hang a test run
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/infra.sh up did not finish within 3 minutes.");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/infra.sh up failed: {await stderr}");
        }
        // The same ports scripts/infra.sh starts on, moved by the same variables (a second checkout beside a running one).
        return new TestInfrastructure(
            $"Host=127.0.0.1;Port={Port("MARKETPLACE_PG_PORT", 5433)};Username=postgres;Database=postgres",
            new Uri($"amqp://guest:guest@127.0.0.1:{Port("MARKETPLACE_MQ_PORT", 5673)}/"),
            new Uri($"http://127.0.0.1:{Port("MARKETPLACE_MQ_MGMT_PORT", 15673)}/"));
    }

    private static int Port(string variable, int standard) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var port) && port is > 0 and < 65536 ? port : standard;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Marketplace.sln not found above " + AppContext.BaseDirectory);
    }
}
