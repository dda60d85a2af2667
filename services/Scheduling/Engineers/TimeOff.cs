using NodaTime;

namespace Marketplace.Scheduling.Engineers;

/// <summary>Days an engineer is away (holiday, training, sick), first to last inclusive, in the firm's calendar.</summary>
public sealed class TimeOff
{
    public const int MaxDays = 366;

    public Guid Id { get; init; }
    public Guid EngineerId { get; init; }
    public LocalDate First { get; init; }
    public LocalDate Last { get; init; }
    public string Reason { get; init; } = "";

    public IEnumerable<LocalDate> Days()
    {
        for (var day = First; day <= Last; day = day.PlusDays(1))
        {
            yield return day;
        }
    }
}
