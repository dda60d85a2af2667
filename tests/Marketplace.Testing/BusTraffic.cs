using System.Collections.Concurrent;
using Marketplace.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Testing;

/// <summary>
/// The integration events a service's bus published and consumed, by event id (and the queue that consumed them), so
/// a test proves "no second copy" by waiting until every copy that was sent has been handled — not by sleeping and
/// counting.
/// </summary>
public sealed class BusTraffic : IConsumeObserver, IPublishObserver
{
    private readonly ConcurrentQueue<(string Queue, Guid EventId)> _consumed = new();
    private readonly ConcurrentQueue<(string Type, Guid EventId)> _published = new();

    /// <summary>Copies of the event handled (or failed) by consumers whose queue name contains <paramref name="queue"/>.</summary>
    public int Consumed(Guid eventId, string queue) =>
        _consumed.Count(c => c.EventId == eventId && c.Queue.Contains(queue, StringComparison.OrdinalIgnoreCase));

    /// <summary>Copies of the event the broker confirmed.</summary>
    public int Published(Guid eventId) => _published.Count(p => p.EventId == eventId);

    /// <summary>The ids of the confirmed events of one type (by its name), once each.</summary>
    public IReadOnlyList<Guid> PublishedOf(string type) => [.. _published.Where(p => p.Type == type).Select(p => p.EventId).Distinct()];

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Record(context);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Record(context);

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        if (context.Message is IIntegrationEvent e)
        {
            _published.Enqueue((typeof(T).Name, e.EventId));
        }
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;

    private Task Record<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is IIntegrationEvent e)
        {
            _consumed.Enqueue((context.ReceiveContext.InputAddress?.AbsolutePath ?? "", e.EventId));
        }
        return Task.CompletedTask;
    }
}

public static class BusTrafficRegistration
{
    /// <summary>Observes the service's bus; the same instance is resolvable as <see cref="BusTraffic"/>.</summary>
    public static IServiceCollection AddBusTraffic(this IServiceCollection services)
    {
        var traffic = new BusTraffic();
        services.AddSingleton(traffic);
        services.AddConsumeObserver(_ => traffic);
        services.AddPublishObserver(_ => traffic);
        return services;
    }
}
