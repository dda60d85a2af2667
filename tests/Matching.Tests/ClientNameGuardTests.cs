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

    [Theory]
    [InlineData("Client: ZEPHYRINE.")]
    [InlineData("It is Zephyrine, the orthodontists in town.")]
    [InlineData("zephyrine's two practices")]
    public void A_distinctive_word_of_the_name_alone_names_it(string text) => ClientNameGuard.Names(text, "Zephyrine Orthodontics LLC").ShouldBeTrue();

    [Theory]
    [InlineData("An orthodontics practice with two sites.")]
    [InlineData("The LLC owns both buildings.")]
    [InlineData("Yes, the group has one IT person.")]
    public void A_word_for_a_kind_of_business_alone_does_not(string text)
    {
        ClientNameGuard.Names(text, "Zephyrine Orthodontics LLC").ShouldBeFalse();
        ClientNameGuard.Names(text, "Bright Smile Dental Group").ShouldBeFalse();
    }

    [Fact]
    public void A_description_without_the_name_passes() =>
        ClientNameGuard.Names("A dental chain with twelve sites and one IT person.", "Bright Smile Dental Group").ShouldBeFalse();
}
