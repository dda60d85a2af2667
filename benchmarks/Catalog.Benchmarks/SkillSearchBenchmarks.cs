using BenchmarkDotNet.Attributes;
using Marketplace.Catalog.Skills;

namespace Marketplace.Catalog.Benchmarks;

/// <summary>
/// Typeahead over the seeded taxonomy grown to at least 2,000 skills: the real 167 plus synthetic
/// variants with their own names and aliases (seeded, so every run searches the same catalog).
/// </summary>
[MemoryDiagnoser]
public class SkillSearchBenchmarks
{
    private SkillSearch _search = null!;

    [Params("m365", "sharepont", "quickbook", "sql server perf", "az")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (categories, skills) = TaxonomySeed.Load();
        var random = new Random(42);
        var words = skills.SelectMany(s => s.Name.Split(' ')).Where(w => w.Length > 3).Distinct().ToArray();
        var grown = new List<Skill>(skills);
        for (var i = 0; grown.Count < 2_000; i++)
        {
            var template = skills[i % skills.Count];
            var extra = words[random.Next(words.Length)];
            grown.Add(new Skill
            {
                Id = $"{template.Id}-{i}",
                Name = $"{template.Name} {extra} {i}",
                CategoryId = template.CategoryId,
                Aliases = [.. template.Aliases.Select(a => $"{a} {extra}")],
            });
        }
        _search = new SkillSearch(grown, categories);
    }

    [Benchmark]
    public int Search() => _search.Search(Query, 10).Count;
}
