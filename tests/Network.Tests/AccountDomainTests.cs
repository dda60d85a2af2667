using Marketplace.Network.Account;
using Marketplace.Network.Firms;
using Marketplace.Network.Members;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Marketplace.Network.Tests;

/// <summary>The rules of mailed links, mail counts, verification and resets, without a host.</summary>
public sealed class AccountDomainTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_reset_token_is_good_for_30_minutes_and_once()
    {
        var (token, secret) = AccountToken.Issue(Guid.NewGuid(), AccountTokenPurpose.ResetPassword, _clock);

        secret.Length.ShouldBe(43); // 256 bits, base64url
        token.TokenHash.ShouldBe(AccountToken.Hash(secret));
        token.TokenHash.ShouldNotContain(secret);
        _clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(1));
        token.IsUsable(_clock.GetUtcNow()).ShouldBeTrue();
        _clock.Advance(TimeSpan.FromSeconds(1));
        token.IsUsable(_clock.GetUtcNow()).ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => token.Use(_clock.GetUtcNow()));
    }

    [Fact]
    public void A_verification_token_is_good_for_7_days_and_spent_by_one_use()
    {
        var (token, _) = AccountToken.Issue(Guid.NewGuid(), AccountTokenPurpose.VerifyEmail, _clock);

        (token.ExpiresAt - token.CreatedAt).ShouldBe(TimeSpan.FromDays(7));
        _clock.Advance(TimeSpan.FromDays(6));
        token.Use(_clock.GetUtcNow());
        token.IsUsable(_clock.GetUtcNow()).ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => token.Use(_clock.GetUtcNow()));
    }

    [Fact]
    public void Two_tokens_are_never_alike()
    {
        var secrets = Enumerable.Range(0, 1000).Select(_ => AccountToken.Issue(Guid.NewGuid(), AccountTokenPurpose.VerifyEmail, _clock).Secret).ToHashSet();
        secrets.Count.ShouldBe(1000);
        secrets.ShouldAllBe(s => s.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
    }

    [Fact]
    public void An_address_gets_a_few_account_mails_an_hour_whoever_asks()
    {
        var throttle = AccountMailThrottle.For("p@acme.example", _clock.GetUtcNow());

        Enumerable.Range(0, 5).Select(_ => throttle.TryTake(_clock.GetUtcNow(), 5)).ToList().ShouldAllBe(taken => taken);
        throttle.TryTake(_clock.GetUtcNow(), 5).ShouldBeFalse();
        _clock.Advance(TimeSpan.FromMinutes(59));
        throttle.TryTake(_clock.GetUtcNow(), 5).ShouldBeFalse();
        _clock.Advance(TimeSpan.FromMinutes(1));
        throttle.TryTake(_clock.GetUtcNow(), 5).ShouldBeTrue();
    }

    [Fact]
    public void A_reset_sets_the_password_ends_every_session_and_verifies_the_address_once()
    {
        var member = Member.Create(Guid.NewGuid(), "Dana", "dana@firm.example", "Engineer", "the old password", _clock);
        var (stamp, signIn) = (member.SecurityStamp, member.SignInStamp);

        member.ResetPassword("a brand new passphrase", _clock.GetUtcNow()).ShouldBeTrue();

        member.HasPassword("a brand new passphrase").ShouldBeTrue();
        member.HasPassword("the old password").ShouldBeFalse();
        member.SecurityStamp.ShouldNotBe(stamp);
        member.SignInStamp.ShouldNotBe(signIn);
        member.EmailVerified.ShouldBeTrue();
        member.ResetPassword("another new passphrase", _clock.GetUtcNow()).ShouldBeFalse(); // verified before: nothing new to announce
        member.VerifyEmail(_clock.GetUtcNow()).ShouldBeFalse();
    }

    [Fact]
    public void A_firm_is_announced_as_taking_referrals_only_once_an_Owner_has_verified()
    {
        var (firm, owner, registered) = Firm.Register("Acme", "UTC", true, "P", "p@acme.example", "a long password", _clock);

        registered.TakesReferrals.ShouldBeFalse();
        firm.TakesReferrals.ShouldBeTrue(); // the wish is kept
        firm.AcceptsReferrals.ShouldBeFalse();
        owner.EmailVerified.ShouldBeFalse();
        firm.UpdateProfile("Acme", "", [], "UTC", BusinessHours.Default, true, _clock).TakesReferrals.ShouldBeFalse();

        var updated = firm.OwnerHasVerified(_clock);

        updated.ShouldNotBeNull().TakesReferrals.ShouldBeTrue();
        updated.FirmId.ShouldBe(firm.Id);
        firm.OwnerHasVerified(_clock).ShouldBeNull(); // once
        firm.UpdateProfile("Acme", "", [], "UTC", BusinessHours.Default, false, _clock).TakesReferrals.ShouldBeFalse(); // the wish still rules
    }

    [Fact]
    public void Without_verification_asked_a_firm_takes_referrals_at_once()
    {
        var (firm, _, registered) = Firm.Register("Acme", "UTC", true, "P", "p@acme.example", "a long password", _clock, ownerMustVerify: false);

        registered.TakesReferrals.ShouldBeTrue();
        firm.OwnerHasVerified(_clock).ShouldBeNull();
    }

    [Fact]
    public void A_member_change_says_who_where_and_whether_they_left()
    {
        var member = Member.Create(Guid.NewGuid(), " Dana ", "Dana@Firm.example", "Dispatcher", "a long password", _clock);

        var joined = member.Changed(_clock.GetUtcNow());
        var removed = member.Changed(_clock.GetUtcNow(), removed: true);

        (joined.FirmId, joined.MemberId, joined.Email, joined.Name, joined.Role, joined.EmailVerified, joined.Removed)
            .ShouldBe((member.FirmId, member.Id, "dana@firm.example", "Dana", "Dispatcher", false, false));
        removed.Removed.ShouldBeTrue();
        removed.EventId.ShouldNotBe(joined.EventId);
        member.ChangeRole("Dispatcher").ShouldBeFalse();
        member.ChangeRole("Owner").ShouldBeTrue();
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("https://marketplace.example/", true)]
    [InlineData("https://marketplace.example/app", true)]
    [InlineData("ftp://marketplace.example", false)]
    [InlineData("/relative", false)]
    [InlineData("https://marketplace.example/?x=1", false)]
    [InlineData("", false)]
    public void The_portal_address_must_be_an_absolute_web_address(string url, bool valid) => AccountOptions.IsValidPortalUrl(url).ShouldBe(valid);

    [Theory]
    [InlineData("not a url", "Accounts:PortalUrl")]
    [InlineData("ftp://portal.example", "Accounts:PortalUrl")]
    public void Settings_links_cannot_be_made_of_are_refused(string url, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Accounts:PortalUrl"] = url }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAccounts().BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<AccountOptions>>().Value).Message.ShouldContain(named);
    }

    [Fact]
    public void Links_go_to_the_portal_page_with_the_token()
    {
        new AccountOptions { PortalUrl = "https://marketplace.example/" }.Link("account/verify", "abc-_1").ShouldBe("https://marketplace.example/account/verify?token=abc-_1");
        new AccountOptions().Link("join", "t").ShouldBe("http://127.0.0.1:8080/portal/join?token=t"); // the portal's pages, behind the gateway
    }
}
