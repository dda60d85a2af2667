using System.Diagnostics;
using System.Globalization;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// CPU seconds (user + system) per named group of processes, from /proc/&lt;pid&gt;/stat: single processes by id, and
/// every process whose command name is given (all of PostgreSQL's processes, RabbitMQ's beam.smp). For those the
/// time of their children that have exited and been reaped is counted too (cutime + cstime): PostgreSQL's postmaster
/// reaps the backends of closed connections, whose work would otherwise vanish between two samples.
/// </summary>
public sealed class CpuMeter(IReadOnlyList<(string Name, int? Pid, string? Command)> groups)
{
    /// <summary>USER_HZ: the unit of /proc's times, 100 on every Linux the project runs on (x86-64, arm64).</summary>
    private const double TicksPerSecond = 100;

    public IReadOnlyList<string> Names => [.. groups.Select(g => g.Name)];

    /// <summary>CPU seconds so far of each group, in the order of <see cref="Names"/>, and when they were read.</summary>
    public CpuSample Sample()
    {
        var byCommand = groups.Any(g => g.Command is not null) ? AllProcesses() : [];
        var seconds = groups.Select(g => g.Pid is { } pid
            ? (Read($"/proc/{pid}/stat") is { } own ? own.Self : 0)
            : byCommand.Where(p => p.Command == g.Command).Sum(p => p.Self + p.Children)).ToArray();
        return new CpuSample(seconds.Select(t => t / TicksPerSecond).ToArray(), Stopwatch.GetTimestamp());
    }

    /// <summary>
    /// CPU seconds so far of a .NET process's tiered-compilation thread (named ".NET Tiered Com", truncated by the kernel
    /// to 15 characters): the runtime recompiling hot methods, which a warm-up must have got out of the way.
    /// </summary>
    public static double CompilingSeconds(int pid)
    {
        long ticks = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                    && Read($"/proc/{pid}/task/{tid}/stat") is { Command: ".NET Tiered Com" } thread)
                {
                    ticks += thread.Self;
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // exited
        }
        return ticks / TicksPerSecond;
    }

    private static List<(string Command, long Self, long Children)> AllProcesses()
    {
        var all = new List<(string, long, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read($"/proc/{pid}/stat") is { } stat)
            {
                all.Add((stat.Command, stat.Self, stat.Children));
            }
        }
        return all;
    }

    /// <summary>
    /// Fields of a /proc stat file (a process's or a thread's): the command name in parentheses (which may hold spaces
    /// and parentheses, so the fields are counted from the last ')'), then utime, stime, cutime and cstime as the 14th
    /// to 17th fields.
    /// </summary>
    private static (string Command, long Self, long Children)? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // gone meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }
        var fields = text[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // fields[0] is the 3rd field (state)
        return (text[(open + 1)..close], Field(14) + Field(15), Field(16) + Field(17));
    }
}

/// <summary>CPU seconds per group at one moment (a Stopwatch timestamp).</summary>
public sealed record CpuSample(double[] Seconds, long Timestamp)
{
    /// <summary>CPU seconds each group used between <paramref name="earlier"/> and this sample, and the wall-clock seconds between them.</summary>
    public (double[] Seconds, double Wall) Since(CpuSample earlier) =>
        (Seconds.Zip(earlier.Seconds, (now, then) => now - then).ToArray(), Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds);
}
