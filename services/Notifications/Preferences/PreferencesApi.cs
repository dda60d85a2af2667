using System.Security.Claims;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Members;
using Marketplace.Notifications.Messages;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Notifications.Preferences;

public static class PreferencesApi
{
    public static RouteGroupBuilder MapPreferencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications");
        var mine = group.MapGroup("/preferences").RequireAuthorization();
        mine.MapGet("", Get).WithSummary("How the signed-in member takes each kind of message");
        mine.MapPut("", Put).WithSummary("Change how the signed-in member takes some kinds of message");
        group.MapGet("/unsubscribe", Unsubscribe).AllowAnonymous().WithSummary("Stop one kind of mail, from the link in a message (no sign-in)");
        // RFC 8058 one-click unsubscribe: mail programs POST to the List-Unsubscribe address.
        group.MapPost("/unsubscribe", Unsubscribe).AllowAnonymous().WithSummary("One-click unsubscribe (RFC 8058)").DisableAntiforgery();
        return group;
    }

    public static async Task<Results<Ok<PreferencesView>, NotFound, ProblemHttpResult>> Get(ClaimsPrincipal user, NotificationsDbContext db, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!IsMember(caller, out var memberId))
        {
            return NotAMember();
        }
        return await FindAsync(db, caller, memberId, ct) is { } member ? TypedResults.Ok(await ViewAsync(db, member.MemberId, ct)) : TypedResults.NotFound();
    }

    /// <summary>Only the kinds named change; turning offers away from the last Owner or Dispatcher who gets them is refused (409).</summary>
    public static async Task<Results<Ok<PreferencesView>, ValidationProblem, NotFound, ProblemHttpResult>> Put(
        PreferencesChange request, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(user);
        if (!IsMember(caller, out var memberId))
        {
            return NotAMember();
        }
        var changes = request.Kinds ?? [];
        var validation = new Validation().Require(changes.Count is > 0 and <= 50, "kinds", "kinds must name 1 to 50 kinds.");
        for (var i = 0; i < changes.Count; i++)
        {
            validation.Require(changes[i].Kind is { } k && MessageKinds.Chosen.ContainsKey(k), $"kinds[{i}].kind",
                    $"kind must be one of {string.Join(", ", MessageKinds.Chosen.Keys)}.")
                .Require(Enum.TryParse<Delivery>(changes[i].Delivery, ignoreCase: true, out _) && !int.TryParse(changes[i].Delivery, out _),
                    $"kinds[{i}].delivery", "delivery must be Immediately, Digest or Off.");
        }
        if (!validation.IsValid)
        {
            return TypedResults.ValidationProblem(validation.Errors);
        }
        if (await FindAsync(db, caller, memberId, ct) is not { } member)
        {
            return TypedResults.NotFound();
        }
        var refusal = await ChangeAsync(db, member, [.. changes.Select(c => (c.Kind!, Enum.Parse<Delivery>(c.Delivery!, ignoreCase: true)))], clock, ct);
        return refusal ?? (Results<Ok<PreferencesView>, ValidationProblem, NotFound, ProblemHttpResult>)TypedResults.Ok(await ViewAsync(db, member.MemberId, ct));
    }

    /// <summary>The link in every message: sets that kind to Off for that member, signed so nobody can do it for someone else.</summary>
    public static async Task<Results<Ok<UnsubscribedView>, ProblemHttpResult>> Unsubscribe(string? token, UnsubscribeLinks links,
        NotificationsDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (links.Read(token) is not var (memberId, kind) || !MessageKinds.Chosen.ContainsKey(kind))
        {
            return Problems.Invalid("This unsubscribe link is not valid; use the link from the mail as it is, or change your notification settings in the portal.");
        }
        if (await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId && !m.Removed, ct) is not { } member)
        {
            return Problems.Gone("This address no longer gets mail from the marketplace.");
        }
        return await ChangeAsync(db, member, [(kind, Delivery.Off)], clock, ct) is { } refusal
            ? refusal
            : TypedResults.Ok(new UnsubscribedView(kind, nameof(Delivery.Off), $"You will no longer get e-mail about this: {MessageKinds.Chosen[kind].ToLowerInvariant()}."));
    }

    private static async Task<ProblemHttpResult?> ChangeAsync(NotificationsDbContext db, Member member, IReadOnlyList<(string Kind, Delivery Delivery)> changes,
        TimeProvider clock, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await OfferCoverage.LockAsync(db, member.FirmId, ct);
        foreach (var (kind, delivery) in changes)
        {
            if (!await OfferCoverage.StillCoveredAsync(db, member, kind, delivery, ct))
            {
                return Problems.Conflict(OfferCoverage.Refusal);
            }
            var preference = await db.Preferences.FindAsync([member.MemberId, kind], ct);
            if (preference is null)
            {
                db.Preferences.Add(preference = new Preference { MemberId = member.MemberId, Kind = kind });
            }
            (preference.FirmId, preference.Delivery, preference.ChangedAt) = (member.FirmId, delivery, clock.GetUtcNow());
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Preferences belong to people: the token's subject is the member's id (machine clients have none).</summary>
    private static bool IsMember(Caller caller, out Guid memberId)
    {
        memberId = Guid.Empty;
        return caller.Role != Roles.Machine && Guid.TryParse(caller.Subject, out memberId);
    }

    private static ProblemHttpResult NotAMember() => Problems.NotAllowed("Only a firm's members have notification preferences.");

    /// <summary>The caller as a current member of the token's own firm; null (404) for anyone this service does not know there.</summary>
    private static Task<Member?> FindAsync(NotificationsDbContext db, Caller caller, Guid memberId, CancellationToken ct) =>
        db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId && m.FirmId == caller.FirmId && !m.Removed, ct);

    private static async Task<PreferencesView> ViewAsync(NotificationsDbContext db, Guid memberId, CancellationToken ct)
    {
        var chosen = await db.Preferences.AsNoTracking().Where(p => p.MemberId == memberId).ToDictionaryAsync(p => p.Kind, p => p.Delivery, ct);
        return new PreferencesView([.. MessageKinds.Chosen.Select(k =>
            new PreferenceView(k.Key, chosen.GetValueOrDefault(k.Key, Delivery.Immediately).ToString(), k.Value))]);
    }
}

public sealed record PreferencesView(IReadOnlyList<PreferenceView> Kinds);
public sealed record PreferenceView(string Kind, string Delivery, string About);
public sealed record PreferencesChange(IReadOnlyList<PreferenceChangeItem>? Kinds);
public sealed record PreferenceChangeItem(string? Kind, string? Delivery);
public sealed record UnsubscribedView(string Kind, string Delivery, string Detail);
