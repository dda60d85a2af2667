using BenchmarkDotNet.Running;
using Marketplace.Scheduling.Benchmarks;

// `load`: the HTTP harness (earliest start over 1,000 firms; contended holds); anything else: BenchmarkDotNet.
if (args is ["load", ..])
{
    return await LoadHarness.RunAsync(args.Skip(1).ToArray());
}
BenchmarkSwitcher.FromAssembly(typeof(EarliestStartBenchmarks).Assembly).Run(args);
return 0;
