using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Notifications.Tests;

/// <summary>
/// Counts the redeliveries one host's inbox dropped for one consumer (its marketplace.inbox.duplicates counter): a test
/// knows the copy was handled, and can then say it changed nothing, without sleeping.
/// </summary>
public sealed class InboxDuplicates : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _count;

    public InboxDuplicates(IServiceProvider services, string consumer)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "marketplace.inbox.duplicates" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "consumer" && Equals(tag.Value, consumer))
                {
                    Interlocked.Add(ref _count, value);
                }
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
