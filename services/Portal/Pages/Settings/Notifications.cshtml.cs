using System.Net;
using Marketplace.Portal.Gateway;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Settings;

/// <summary>
/// How the signed-in member hears about each kind of message (Notifications' preferences): at once, in the daily digest,
/// or not at all. Only the kinds that can reach someone in the person's role are shown; only the ones changed are sent,
/// so a refusal (409: the firm would be left with nobody getting offers at once) is about what the person just chose.
/// </summary>
public sealed class NotificationsModel(GatewayClient gateway) : PortalPage(gateway)
{
    private const string Preferences = "/api/notifications/preferences";
    public const string OfferMade = "offer-made";

    public static readonly (string Value, string Label)[] Deliveries = [("Immediately", "Immediately"), ("Digest", "Daily digest at 08:00"), ("Off", "Off")];

    /// <summary>
    /// Who Notifications mails each kind to (its Recipients: Owners and Dispatchers for offers and referrals, Owners for
    /// terms and money, operators for their queues). A kind not named here is shown to everyone.
    /// </summary>
    private static readonly Dictionary<string, string[]> ReachesRoles = new(StringComparer.Ordinal)
    {
        [OfferMade] = [Roles.Owner, Roles.Dispatcher],
        ["offer-deadline"] = [Roles.Owner, Roles.Dispatcher],
        ["offer-accepted"] = [Roles.Owner, Roles.Dispatcher],
        ["offer-expired"] = [Roles.Owner, Roles.Dispatcher],
        ["offer-question"] = [Roles.Owner, Roles.Dispatcher],
        ["offer-answer"] = [Roles.Owner, Roles.Dispatcher],
        ["offer-extended"] = [Roles.Owner, Roles.Dispatcher],
        ["referral-matched"] = [Roles.Owner, Roles.Dispatcher],
        ["referral-unmatched"] = [Roles.Owner, Roles.Dispatcher],
        ["agreement-proposed"] = [Roles.Owner],
        ["fee-disputed"] = [Roles.Owner, Roles.Admin],
        ["certification-reviewed"] = [Roles.Owner],
        ["certification-to-review"] = [Roles.Admin],
    };

    public List<PreferenceItem> Kinds { get; private set; } = [];
    public bool Loaded { get; private set; }

    /// <summary>What the person chose, kind by kind (kept when a save is refused).</summary>
    [BindProperty] public Dictionary<string, string> Choices { get; set; } = [];

    public string ChoiceFor(PreferenceItem kind) => Choices.GetValueOrDefault(kind.Kind) is { } chosen && IsDelivery(chosen) ? chosen : kind.Delivery;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var answer = await Gateway.GetAsync<PreferencesView>(Preferences, ct);
        if (answer.Status == HttpStatusCode.NotFound) // Notifications has not heard of a member who joined a moment ago
        {
            ModelState.AddModelError("", "Your notification settings are not ready yet: try again in a minute.");
            return;
        }
        if (Failed(answer))
        {
            return;
        }
        Loaded = true;
        Kinds = [.. answer.Value!.Kinds.Where(k => !ReachesRoles.TryGetValue(k.Kind, out var roles) || roles.Contains(Me.Role))];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var chosen = Choices;
        Choices = [];
        await OnGetAsync(ct); // what is stored now, so only what the person changed is sent
        Choices = chosen;
        if (!Loaded)
        {
            return Page();
        }
        var changes = Kinds.Where(k => chosen.GetValueOrDefault(k.Kind) is { } d && IsDelivery(d) && d != k.Delivery)
            .Select(k => new { kind = k.Kind, delivery = chosen[k.Kind] }).ToList();
        if (changes.Count == 0)
        {
            return Done("Nothing changed.");
        }
        var saved = await Gateway.SendAsync(HttpMethod.Put, Preferences, new { kinds = changes }, ct);
        return Failed(saved) ? Page() : Done("Your notification settings are saved.");
    }

    private static bool IsDelivery(string value) => Deliveries.Any(d => d.Value == value);
}

public sealed record PreferencesView(List<PreferenceItem> Kinds);

/// <param name="Delivery">Immediately, Digest or Off.</param>
/// <param name="About">The kind in plain words ("A partner firm offers your firm a job").</param>
public sealed record PreferenceItem(string Kind, string Delivery, string About);
