using System.Collections.Concurrent;
using System.Data.Common;
using Marketplace.Matching.Data;
using Marketplace.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Matching.Tests;

/// <summary>
/// Catches a remote call made while a Matching database transaction is open (DESIGN "Replicas"). EF Core tells it of
/// every transaction begun on a context; every outgoing HTTP call of the host (Scheduling, Catalog, webhooks) goes
/// through its handler, which looks at the contexts that began transactions in the same logical flow (one request, or
/// one job run a test starts with <see cref="Begin"/>) and, when one of them has a transaction open right now, records
/// the call and fails it. A flow's own contexts only: another request's transaction at the same moment is no fault.
/// </summary>
public sealed class TransactionGuard : DbTransactionInterceptor
{
    private readonly AsyncLocal<Flow?> _flow = new();
    private int _transactions;
    private int _calls;

    /// <summary>Each call made with a transaction open: the method, the address, and where the transaction began.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();
    /// <summary>Transactions begun inside flows, and outgoing calls checked: a guard that saw none proves nothing.</summary>
    public int Transactions => Volatile.Read(ref _transactions);
    public int Calls => Volatile.Read(ref _calls);

    private sealed class Flow
    {
        public ConcurrentQueue<DbContext> Contexts { get; } = new();
    }

    /// <summary>Starts a flow (the guarded host does this for each request); disposing ends it.</summary>
    public IDisposable Begin()
    {
        var previous = _flow.Value;
        _flow.Value = new Flow();
        return new End(() => _flow.Value = previous);
    }

    private sealed class End(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Track(eventData.Context);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Track(DbContext? context)
    {
        if (context is not null && _flow.Value is { } flow)
        {
            Interlocked.Increment(ref _transactions);
            if (!flow.Contexts.Contains(context))
            {
                flow.Contexts.Enqueue(context);
            }
        }
    }

    /// <summary>Refuses the call when a context of this flow has a transaction open (the context's own word, so a commit or a dispose ends it).</summary>
    private void Check(HttpRequestMessage request)
    {
        if (_flow.Value is not { } flow)
        {
            return; // a background service of the host, not a flow under test
        }
        Interlocked.Increment(ref _calls);
        if (flow.Contexts.Any(IsOpen))
        {
            var violation = $"{request.Method} {request.RequestUri} while a database transaction was open, at:\n{Environment.StackTrace}";
            Violations.Enqueue(violation);
            throw new InvalidOperationException(violation);
        }
    }

    private static bool IsOpen(DbContext context)
    {
        try
        {
            return context.Database.CurrentTransaction is not null;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private sealed class Handler(TransactionGuard guard) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            guard.Check(request);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Each request to the host is a flow of its own.</summary>
    private sealed class Requests(TransactionGuard guard) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                using (guard.Begin())
                {
                    await inner(context);
                }
            });
            next(app);
        };
    }

    /// <summary>Wires the guard into a host: the interceptor on Matching's contexts, the handler on every HTTP client, a flow per request.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.ConfigureDbContext<MatchingDbContext>((_, options) => options.AddInterceptors(this));
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new Handler(this)));
        services.AddSingleton<IStartupFilter>(new Requests(this));
    }
}

/// <summary>Matching on a database and virtual host of its own, with a <see cref="TransactionGuard"/> wired in.</summary>
public sealed class GuardedHost : IAsyncDisposable
{
    private ServiceFactory<MatchingDbContext> _factory = null!;
    private TestVirtualHost _vhost = null!;

    public TestDatabase Db { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services { get; private set; } = null!;
    public TransactionGuard Guard { get; } = new();

    public static async Task<GuardedHost> StartAsync(IReadOnlyDictionary<string, string?> extra)
    {
        var db = await TestDatabase.CreateAsync("matching");
        var vhost = await TestVirtualHost.CreateAsync();
        var settings = ServiceSettings.For("matching", db, vhost.ConnectionString);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        var host = new GuardedHost { Db = db, _vhost = vhost, _factory = new ServiceFactory<MatchingDbContext>(settings) };
        var configured = host._factory.WithWebHostBuilder(web => web.ConfigureTestServices(host.Guard.AddTo));
        (host.Client, host.Services) = (configured.CreateClient(), configured.Services);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await _vhost.DisposeAsync();
        await Db.DisposeAsync();
    }
}
