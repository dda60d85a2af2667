using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Marketplace.Testing;

namespace Marketplace.Matching.Benchmarks;

/// <summary>
/// One service run as <c>dotnet &lt;dll&gt;</c> in a process of its own (so its CPU time can be read from /proc), on a
/// loopback port of its own, configured through environment variables only. Its console output is kept as a short
/// tail for when it fails to start, and its warnings are counted; with MARKETPLACE_BENCH_LOGS set to a folder, all of it
/// is written to &lt;folder&gt;/&lt;name&gt;.log as well. Killed, with anything it started, when disposed.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int TailLines = 40;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly ConcurrentDictionary<string, int> _warningKinds = new(StringComparer.Ordinal);
    private string? _warningHeader;
    private int _warnings;

    private StreamWriter? _log;

    private ServiceProcess(string name, Uri url, Process process)
    {
        if (Environment.GetEnvironmentVariable("MARKETPLACE_BENCH_LOGS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            _log = new StreamWriter(Path.Combine(folder, $"{name}.log"), append: true) { AutoFlush = true };
        }
        Name = name;
        Url = url;
        _process = process;
    }

    public string Name { get; }
    public Uri Url { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Console lines at Warning or above ("warn:", "fail:", "crit:") so far.</summary>
    public int Warnings => Volatile.Read(ref _warnings);

    /// <summary>Those warnings by kind: the level and category, and the first line of the message (which the console logger writes on the next line).</summary>
    public IReadOnlyDictionary<string, int> WarningKinds => _warningKinds;

    /// <summary>
    /// Starts the service's Release build (<paramref name="dll"/> relative to the repository root) with the settings
    /// given, as environment variables ("A:B" becomes A__B), in Production, logging at Warning.
    /// </summary>
    public static ServiceProcess Start(string name, string dll, IReadOnlyDictionary<string, string?> settings)
    {
        var path = Path.Combine(TestInfrastructure.RepositoryRoot(), dll);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build with `dotnet build -c Release benchmarks/Matching.Benchmarks`.", path);
        }
        var port = ServiceFactory<ServiceProcess>.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        // The service's own folder is its content root: its appsettings.json are read, then overridden by these.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { path }, WorkingDirectory = Path.GetDirectoryName(path)!, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var service = new ServiceProcess(name, url, process);
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until <paramref name="path"/> answers 200; throws with the service's last output if it exits or the time is up.</summary>
    public async Task WaitUntilAnswersAsync(string path, TimeSpan within, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting:{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(Url, path.TrimStart('/')), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not listening yet
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"{Name} did not answer {path} within {within.TotalSeconds:0} s:{Environment.NewLine}{Tail()}");
    }

    /// <summary>Starts counting warnings afresh (those of starting up, such as EF's look for a migrations table not there yet, are not the load's).</summary>
    public void ForgetWarnings()
    {
        Interlocked.Exchange(ref _warnings, 0);
        _warningKinds.Clear();
    }

    public string Tail()
    {
        lock (_tail)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Kills the process tree: nothing of a run may outlive it (ports, database connections).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // exited meanwhile
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{Name} (pid {Pid}) did not exit within 10 s of being killed.");
        }
        _process.Dispose();
        lock (_tail)
        {
            _log?.Dispose();
            _log = null;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (Interlocked.Exchange(ref _warningHeader, null) is { } header)
        {
            var message = line.Trim();
            _warningKinds.AddOrUpdate($"{header} {(message.Length > 160 ? message[..160] + "…" : message)}", 1, (_, n) => n + 1);
        }
        if (line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
            _warningHeader = line;
        }
        lock (_tail)
        {
            _log?.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }
        }
    }
}

/// <summary>
/// The services a run started, killed however the run ends: disposed normally or on an exception; on the first Ctrl-C,
/// SIGTERM (what <c>timeout</c> sends) or SIGQUIT the run is cancelled, so it kills them and drops its databases and
/// virtual host on the way out; on a second signal, or an unhandled exception, they are killed at once and the process
/// ends. Only a SIGKILL of the harness leaves them running.
/// </summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private readonly List<ServiceProcess> _started = [];
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _signals;
    private readonly UnhandledExceptionEventHandler _onCrash;

    public ServiceProcesses()
    {
        _signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
        _onCrash = (_, _) => KillAll();
        AppDomain.CurrentDomain.UnhandledException += _onCrash;
    }

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Stopping => _cancel.Token;

    public IReadOnlyList<ServiceProcess> Started
    {
        get
        {
            lock (_started)
            {
                return [.. _started];
            }
        }
    }

    /// <summary>Starts the service and waits until <paramref name="readyPath"/> answers.</summary>
    public async Task<ServiceProcess> StartAsync(string name, string dll, IReadOnlyDictionary<string, string?> settings, string readyPath)
    {
        var service = ServiceProcess.Start(name, dll, settings);
        lock (_started)
        {
            _started.Add(service);
        }
        await service.WaitUntilAnswersAsync(readyPath, TimeSpan.FromSeconds(90), Stopping);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }
        AppDomain.CurrentDomain.UnhandledException -= _onCrash;
        var started = Started;
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].DisposeAsync();
        }
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (!_cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{context.Signal}: stopping; the services are being killed and the databases dropped (again to quit at once).");
            context.Cancel = true;
            _cancel.Cancel();
            return;
        }
        KillAll(); // and the signal's default action ends the process
    }

    private void KillAll()
    {
        foreach (var service in Started)
        {
            service.Kill();
        }
    }
}
