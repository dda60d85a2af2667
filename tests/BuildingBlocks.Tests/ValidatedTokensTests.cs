using System.Security.Claims;
using System.Security.Cryptography;
using Marketplace.ServiceDefaults;
using Marketplace.Testing;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;
using Shouldly;

namespace Marketplace.BuildingBlocks.Tests;

/// <summary>A token's signature is checked once, and what is remembered is never more than a fresh check would allow.</summary>
public sealed class ValidatedTokensTests
{
    private static readonly TokenValidationParameters Parameters = ParametersFor(TestKeys.SigningKeyPem);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_valid_token_is_checked_in_full_once_and_each_request_gets_an_identity_of_its_own()
    {
        var tokens = new ValidatedTokens(_clock);
        var token = TestTokens.For(Guid.NewGuid(), "Owner");

        var first = await tokens.ValidateTokenAsync(token, Parameters);
        var second = await tokens.ValidateTokenAsync(token, Parameters.Clone()); // as JwtBearer does on every request

        first.IsValid.ShouldBeTrue();
        second.IsValid.ShouldBeTrue();
        tokens.FullChecks.ShouldBe(1);
        second.ClaimsIdentity.FindFirst("role")!.Value.ShouldBe("Owner");
        second.ClaimsIdentity.ShouldNotBeSameAs(first.ClaimsIdentity);
        first.ClaimsIdentity.AddClaim(new Claim("added", "by the request that checked it"));
        second.ClaimsIdentity.AddClaim(new Claim("added", "by a later request"));
        var third = await tokens.ValidateTokenAsync(token, Parameters.Clone());
        third.ClaimsIdentity.FindFirst("added").ShouldBeNull();
        third.ClaimsIdentity.FindFirst("ROLE").ShouldBeNull(); // claim types compared exactly, as on a fresh check
        tokens.FullChecks.ShouldBe(1);
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_refused_every_time_and_never_remembered()
    {
        var tokens = new ValidatedTokens(_clock);
        using var otherKey = RSA.Create(2048);
        var forged = TestTokens.For(Guid.NewGuid(), "Owner", signedWith: new RsaSecurityKey(otherKey));
        var expired = TestTokens.For(Guid.NewGuid(), "Owner", lifetime: TimeSpan.FromMinutes(-5));

        foreach (var token in new[] { forged, expired, forged, expired })
        {
            (await tokens.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeFalse();
        }
        tokens.Count.ShouldBe(0);
        tokens.FullChecks.ShouldBe(4);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_once_its_expiry_has_passed()
    {
        var tokens = new ValidatedTokens(_clock);
        var token = TestTokens.For(Guid.NewGuid(), "Owner", lifetime: TimeSpan.FromMinutes(10));
        await tokens.ValidateTokenAsync(token, Parameters);

        _clock.Advance(TimeSpan.FromMinutes(9));
        await tokens.ValidateTokenAsync(token, Parameters);
        tokens.FullChecks.ShouldBe(1);

        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await tokens.ValidateTokenAsync(token, Parameters);
        tokens.FullChecks.ShouldBe(2); // the system clock says it is still valid, but the remembered answer was not used
    }

    [Fact]
    public async Task Other_validation_settings_do_not_reuse_a_remembered_answer()
    {
        var tokens = new ValidatedTokens(_clock);
        var token = TestTokens.For(Guid.NewGuid(), "Owner");
        (await tokens.ValidateTokenAsync(token, Parameters)).IsValid.ShouldBeTrue();

        using var otherKey = RSA.Create(2048);
        var strangers = Parameters.Clone();
        strangers.IssuerSigningKey = new RsaSecurityKey(otherKey);
        (await tokens.ValidateTokenAsync(token, strangers)).IsValid.ShouldBeFalse();
    }

    [Fact]
    public async Task When_full_it_drops_expired_tokens_and_otherwise_checks_new_ones_without_remembering_them()
    {
        var tokens = new ValidatedTokens(_clock, capacity: 2);
        var shortLived = TestTokens.For(Guid.NewGuid(), "Owner", lifetime: TimeSpan.FromMinutes(1));
        var longLived = TestTokens.For(Guid.NewGuid(), "Owner", lifetime: TimeSpan.FromMinutes(30));
        var third = TestTokens.For(Guid.NewGuid(), "Owner");
        await tokens.ValidateTokenAsync(shortLived, Parameters);
        await tokens.ValidateTokenAsync(longLived, Parameters);

        (await tokens.ValidateTokenAsync(third, Parameters)).IsValid.ShouldBeTrue();
        (await tokens.ValidateTokenAsync(third, Parameters)).IsValid.ShouldBeTrue();
        tokens.Count.ShouldBe(2);
        tokens.FullChecks.ShouldBe(4); // full: the third was checked both times

        _clock.Advance(TimeSpan.FromMinutes(2)); // the short-lived one has expired: room for the third
        await tokens.ValidateTokenAsync(third, Parameters);
        await tokens.ValidateTokenAsync(third, Parameters);
        tokens.FullChecks.ShouldBe(5);
        tokens.Count.ShouldBe(2);
    }

    private static TokenValidationParameters ParametersFor(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new TokenValidationParameters
        {
            ValidIssuer = MarketplaceClaims.DefaultIssuer, ValidAudience = MarketplaceClaims.Audience, IssuerSigningKey = new RsaSecurityKey(rsa),
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }
}
