using System.Text.Json;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public static class Problem
{
    /// <summary>A refusal in the marketplace's vocabulary: the stable type says the kind.</summary>
    public static void ShouldBeProblem(this JsonElement problem, string kind) =>
        problem.GetProperty("type").GetString().ShouldBe($"https://marketplace.local/problems/{kind}", problem.GetRawText());
}
