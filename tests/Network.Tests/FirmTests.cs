using Marketplace.Network.Firms;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

public sealed class FirmTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Registering_announces_the_firm_with_its_own_id_and_time()
    {
        var (firm, owner, registered) = Firm.Register(" Acme Security ", "America/New_York", true, "Priya", "Priya@Acme.example", "a long password", _clock);

        firm.Name.ShouldBe("Acme Security");
        owner.Email.ShouldBe("priya@acme.example");
        owner.FirmId.ShouldBe(firm.Id);
        owner.Role.ShouldBe("Owner");
        owner.HasPassword("a long password").ShouldBeTrue();
        owner.HasPassword("A long password").ShouldBeFalse();
        owner.PasswordHash.ShouldNotContain("a long password");
        registered.FirmId.ShouldBe(firm.Id);
        registered.OccurredAt.ShouldBe(_clock.GetUtcNow());
        registered.TimeZone.ShouldBe("America/New_York");
        registered.EventId.ShouldNotBe(Guid.Empty);
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("EST5")]
    [InlineData("")]
    public void An_unknown_time_zone_is_refused(string zone) =>
        Should.Throw<ArgumentException>(() => Firm.Register("Acme", zone, true, "P", "p@a.example", "a long password", _clock));
}
