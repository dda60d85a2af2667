using Marketplace.Notifications.Messages;
using Shouldly;

namespace Marketplace.Notifications.Tests;

public sealed class WordsTests
{
    [Theory]
    [InlineData("SD-WAN", "an SD-WAN job")]
    [InlineData("Azure", "an Azure job")]
    [InlineData("Dynamics 365", "a Dynamics 365 job")]
    [InlineData("MFA", "an MFA job")]
    [InlineData("UX", "a UX job")]
    [InlineData("Kubernetes", "a Kubernetes job")]
    public void A_job_is_named_with_the_article_it_is_said_with(string skill, string expected) => Words.Job([skill]).ShouldBe(expected);

    [Fact]
    public void Several_skills_are_listed_in_plain_words() =>
        Words.Job(["SD-WAN", "Azure", "Intune"]).ShouldBe("an SD-WAN, Azure and Intune job");

    [Fact]
    public void Times_are_told_on_the_readers_clock()
    {
        var due = new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
        Words.At(due, NodaTime.DateTimeZoneProviders.Tzdb["America/New_York"]).ShouldBe("Tue 1 Dec 13:00");
        Words.At(due, NodaTime.DateTimeZoneProviders.Tzdb["Asia/Tokyo"]).ShouldBe("Wed 2 Dec 03:00");
        Words.On(new DateOnly(2026, 11, 30)).ShouldBe("Mon 30 Nov");
    }
}
