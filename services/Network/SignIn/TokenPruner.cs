using Marketplace.Network.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Marketplace.Network.SignIn;

/// <summary>
/// With token storage on, every token issued leaves a row: once an hour the ones that can no longer be used (expired,
/// redeemed, revoked) and older than a refresh token could live are deleted, with the authorizations left without tokens.
/// Redeemed refresh tokens stay until then, so presenting one again is still recognised as reuse. Mailed account links
/// and per-address mail counts no longer of use go too.
/// </summary>
internal sealed partial class TokenPruner(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<TokenPruner> log) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // After start-up (and its migrations), then hourly.
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            using var timer = new PeriodicTimer(Every, clock);
            do
            {
                await PruneAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        try
        {
            var threshold = clock.GetUtcNow() - SignInExtensions.RefreshTokenLifetime - TimeSpan.FromDays(1);
            await using var scope = scopes.CreateAsyncScope();
            var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, ct);
            var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, ct);
            // Mailed links a day after they were used or ran out, and mail counts of addresses quiet for a day.
            var db = scope.ServiceProvider.GetRequiredService<NetworkDbContext>();
            var dayAgo = clock.GetUtcNow() - TimeSpan.FromDays(1);
            await db.AccountTokens.Where(t => t.ExpiresAt < dayAgo || t.UsedAt < dayAgo).ExecuteDeleteAsync(ct);
            await db.AccountMailThrottles.Where(t => t.WindowStartedAt < dayAgo).ExecuteDeleteAsync(ct);
            if (tokens + authorizations > 0)
            {
                LogPruned(log, tokens, authorizations);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(log, e); // the database away: tried again next hour
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Tokens} tokens and {Authorizations} authorizations no longer usable")]
    private static partial void LogPruned(ILogger logger, long tokens, long authorizations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pruning tokens failed; trying again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
