using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Marketplace.Catalog.Benchmarks.SkillSearchBenchmarks).Assembly).Run(args);
