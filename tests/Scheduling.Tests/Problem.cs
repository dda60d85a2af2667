using System.Text.Json;
using Shouldly;

namespace Marketplace.Scheduling.Tests;

public static class Problem
{
    /// <summary>A refusal in the marketplace's vocabulary: the stable type says the kind, the detail the sentence for people.</summary>
    public static void ShouldBeProblem(this JsonElement problem, string kind, string detail)
    {
        problem.GetProperty("type").GetString().ShouldBe($"https://marketplace.local/problems/{kind}", problem.GetRawText());
        problem.GetProperty("detail").GetString().ShouldBe(detail, problem.GetRawText());
    }
}
