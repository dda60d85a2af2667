using Marketplace.Matching.Questions;
using Shouldly;

namespace Marketplace.Matching.Tests;

public sealed class ClientNameGuardTests
{
    [Theory]
    [InlineData("It is bright smile dental group, 12 sites.")]
    [InlineData("It is Bright\u00a0Smile Dental Group, a 12-site chain.")] // pasted with a non-breaking space
    [InlineData("It is Bright  Smile   Dental Group.")] // doubled spaces
    [InlineData("The client is Bright Smile Dental (the group), 12 sites.")] // part of the name
    [InlineData("BRIGHT-SMILE runs the sites.")]
    public void A_text_naming_the_client_in_any_of_its_pasted_forms_is_caught(string text) =>
        ClientNameGuard.Names(text, "Bright Smile Dental Group").ShouldBeTrue();

    [Theory]
    [InlineData("Yes, we want you to replace the firewall and check each workspace.")]
    [InlineData("They face a deadline at the end of the month.")]
    public void A_short_name_inside_other_words_is_not_a_name(string text) => ClientNameGuard.Names(text, "Ace").ShouldBeFalse();

    [Fact]
    public void A_short_name_on_its_own_is()
    {
        ClientNameGuard.Names("Ace has two offices.", "Ace").ShouldBeTrue();
        ClientNameGuard.Names("Café Lumière wants it by May.", "CAFÉ LUMIÈRE").ShouldBeTrue();
    }

    [Fact]
    public void A_description_without_the_name_passes() =>
        ClientNameGuard.Names("A dental chain with twelve sites and one IT person.", "Bright Smile Dental Group").ShouldBeFalse();
}
