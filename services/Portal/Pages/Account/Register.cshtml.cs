using Marketplace.ServiceDefaults;
using Marketplace.Portal.Account;
using Marketplace.Portal.Gateway;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Portal.Pages.Account;

/// <summary>
/// A firm registers itself and its owner (Network), then the owner is signed in. Every problem is said at once, beside
/// its field, in words a person uses; what was typed comes back, except the password (never sent back to a browser).
/// </summary>
public sealed class RegisterModel(GatewayClient gateway) : PortalPage(gateway)
{
    public const int MaxName = 200, MaxEmail = 320;

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public bool TakesReferrals { get; set; } = true;
    [BindProperty] public string? OwnerName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>The zones offered: the common ones and whatever was chosen (the browser's own, picked by the page's script).</summary>
    public IEnumerable<string> ZoneChoices => TimeZone is { Length: > 0 } chosen ? Zones.Common.Append(chosen).Distinct() : Zones.Common;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var problems = Check();
        if (problems.Count == 0)
        {
            var registered = await Gateway.SendAsync(HttpMethod.Post, "/api/network/firms",
                new { name = Name!.Trim(), timeZone = TimeZone, takesReferrals = TakesReferrals, ownerName = OwnerName!.Trim(), ownerEmail = Email!.Trim(), ownerPassword = Password }, ct);
            if (registered.Problem is not { } refused)
            {
                return await this.SignInAndGoAsync(Gateway, Email, Password!, null, ct);
            }
            foreach (var (field, messages) in refused.Errors)
            {
                problems.Add(FieldOf(field) is { } mine ? (mine, field == "ownerPassword" ? string.Join(" ", messages) : Words(mine)) : ("", string.Join(" ", messages)));
            }
            if (refused.Errors.Count == 0)
            {
                problems.Add(("", refused.Message));
            }
        }
        foreach (var (field, message) in problems)
        {
            ModelState.AddModelError(field, message);
        }
        return Page();
    }

    /// <summary>Every problem at once, in the words the form uses.</summary>
    public List<(string Field, string Message)> Check()
    {
        var problems = new List<(string, string)>();
        void Require(bool ok, string field)
        {
            if (!ok)
            {
                problems.Add((field, Words(field)));
            }
        }
        Require(!string.IsNullOrWhiteSpace(Name) && Name.Trim().Length <= MaxName, nameof(Name));
        Require(TimeZone is not null && NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(TimeZone) is not null, nameof(TimeZone));
        Require(!string.IsNullOrWhiteSpace(OwnerName) && OwnerName.Trim().Length <= MaxName, nameof(OwnerName));
        Require(Email?.Trim() is { Length: > 2 and <= MaxEmail } email && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && at < email.Length - 1
            && !email.Any(char.IsControl) && !email.Contains(' ', StringComparison.Ordinal), nameof(Email));
        if (PasswordRule.Problem(Password) is { } weak) // the API's own rule and sentence, said before the round trip
        {
            problems.Add((nameof(Password), weak));
        }
        return problems;
    }

    private string Words(string field) => field switch
    {
        nameof(Name) => string.IsNullOrWhiteSpace(Name) ? "Give your firm's name." : $"Keep your firm's name to {MaxName} characters.",
        nameof(TimeZone) => "Choose your firm's time zone.",
        nameof(OwnerName) => string.IsNullOrWhiteSpace(OwnerName) ? "Give your name." : $"Keep your name to {MaxName} characters.",
        nameof(Email) => string.IsNullOrWhiteSpace(Email) ? "Give your e-mail address." : "Give your e-mail address in full, like name@yourfirm.com.",
        _ => "Check this.",
    };

    private static string? FieldOf(string apiField) => apiField switch
    {
        "name" => nameof(Name),
        "timeZone" => nameof(TimeZone),
        "ownerName" => nameof(OwnerName),
        "ownerEmail" => nameof(Email),
        "ownerPassword" => nameof(Password),
        _ => null,
    };
}
