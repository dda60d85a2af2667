using System.Globalization;
using Marketplace.Portal.Gateway;
using Marketplace.Portal.Pages.Firm;
using Marketplace.Portal.Pages.Referrals;

namespace Marketplace.Portal.Navigation;

/// <summary>An offer in the partner's inbox, as far as the home page needs it (Matching's inbox answer; other fields ignored).</summary>
/// <param name="DueSoon">Under 2 of the partner firm's business hours left, as Matching counts them (the inbox's mark too).</param>
public sealed record OfferDue(Guid OfferId, Guid ReferralId, string Summary, int EffortHours, int HoursPerWeek, DateOnly EarliestStart, DateTimeOffset DueAt,
    bool DueSoon = false);

/// <summary>Everything the menu and the home page read, from the gateway's existing answers; a null is an answer that did not come.</summary>
public sealed record Workload(FirmItem? Firm, List<OfferDue>? Offers, List<ReferralItem>? Referrals, List<PartnershipItem>? Partnerships, FeesLedger? Fees);

public enum ActionKind { Offer, ConfirmPartner, Countersign, AnswerInvitation, ConfirmJobValue, SayWorkStarted, Unmatched, Dispute }

/// <summary>
/// One thing that waits for the person, and the one click that gets them to it: <paramref name="Href"/> opens the place
/// where they act, <paramref name="Act"/> says what they do there.
/// </summary>
/// <param name="Tone">The status colour: "bad" when time runs out, "wait" when someone waits for them, "info" otherwise.</param>
/// <param name="Help">For an unmatched referral: what would have found a partner, as Matching explained it.</param>
public sealed record ActionItem(ActionKind Kind, string What, string Detail, string Href, string Act, string Tone, DateTimeOffset? Due = null,
    IReadOnlyList<string>? Help = null, string? Secondary = null, string? SecondaryHref = null);

/// <summary>How many things wait behind each menu entry.</summary>
public sealed record ActionCounts(int Offers, int Referrals, int Partnerships, int FeesToConfirm, int WonWork)
{
    public static readonly ActionCounts None = new(0, 0, 0, 0, 0);
    public int Total => Offers + Referrals + Partnerships + FeesToConfirm;
}

/// <summary>
/// What needs the person now, most urgent first: offers whose deadline comes soonest, partners who accepted and wait for
/// the referrer's confirmation, agreements to countersign and invitations to answer, job values to confirm, work that
/// should have started, unmatched referrals with what would help, and disputes the operator decides. Only what the
/// person's role may act on: Owners answer for partnerships and fees, Owners and Dispatchers for referrals and offers.
/// </summary>
public static class ActionList
{
    public static FirmActivity ActivityOf(Viewer me, Workload w)
    {
        var mine = w.Referrals ?? [];
        return FirmActivity.Of(w.Firm?.TakesReferrals, mine.Count(r => r.PartnerFirmId != me.FirmId),
            (w.Partnerships ?? []).Count(p => p.InvitedByUs), w.Offers?.Count ?? 0, mine.Count(r => Won(me, r) && r.Status is "Accepted" or "Confirmed" or "InProgress"));
    }

    public static ActionCounts Count(Viewer me, Workload w, DateTimeOffset now)
    {
        var items = Build(me, w, now, new Dictionary<Guid, string>());
        int Of(params ActionKind[] kinds) => items.Count(i => kinds.Contains(i.Kind));
        return new(Of(ActionKind.Offer), Of(ActionKind.ConfirmPartner, ActionKind.SayWorkStarted, ActionKind.Unmatched),
            Of(ActionKind.Countersign, ActionKind.AnswerInvitation), Of(ActionKind.ConfirmJobValue),
            (w.Referrals ?? []).Count(r => Won(me, r) && r.Status is "Accepted" or "Confirmed" or "InProgress"));
    }

    /// <summary>The firms the items name, to look their names up once.</summary>
    public static IEnumerable<Guid> FirmsNamed(Viewer me, Workload w) =>
        (w.Referrals ?? []).Where(r => r.Status == "Accepted" && !Won(me, r) && r.PartnerFirmId is not null).Select(r => r.PartnerFirmId!.Value)
            .Concat((w.Partnerships ?? []).Select(p => p.PartnerFirmId))
            .Concat((w.Fees?.Entries ?? []).Select(f => f.PayerFirmId == me.FirmId ? f.PayeeFirmId : f.PayerFirmId))
            .Distinct();

    public static List<ActionItem> Build(Viewer me, Workload w, DateTimeOffset now, IReadOnlyDictionary<Guid, string> names)
    {
        if (me.IsOperator)
        {
            return [];
        }
        string Name(Guid? firm, string otherwise) => firm is { } id && names.TryGetValue(id, out var name) ? name : otherwise;
        var items = new List<ActionItem>();
        var referrals = w.Referrals ?? [];
        if (me.CanDispatch)
        {
            foreach (var o in (w.Offers ?? []).OrderBy(o => o.DueAt))
            {
                items.Add(new(ActionKind.Offer, $"Offer: {o.Summary}",
                    $"{o.EffortHours} h, about {o.HoursPerWeek} h a week, from {Day(o.EarliestStart)}.", $"/portal/inbox#offer-{o.OfferId}", "Accept or decline",
                    o.DueSoon ? "bad" : "wait", o.DueAt));
            }
            foreach (var r in referrals.Where(r => r.Status == "Accepted" && !Won(me, r)))
            {
                var partner = Name(r.PartnerFirmId, "A partner");
                items.Add(new(ActionKind.ConfirmPartner, $"{partner} accepted: {r.Summary}",
                    $"Confirm to book their time{(r.PlannedStart is { } s ? $" from {Day(s)}" : "")}; until then it is only held.",
                    $"/portal/referrals/{r.Id}#confirm", $"Confirm {partner}", "wait"));
            }
            foreach (var r in referrals.Where(r => r.Status == "Confirmed" && Won(me, r) && r.PlannedStart is { } s && s <= Zones.Today(r.ClientTimeZone, now)))
            {
                items.Add(new(ActionKind.SayWorkStarted, $"Has the work started? {r.Summary}",
                    $"It was planned to start {Day(r.PlannedStart!.Value)}. Say so when it has; the referrer completes it after that.",
                    $"/portal/referrals/{r.Id}", "Say the work has started", "info"));
            }
        }
        if (me.IsOwner)
        {
            foreach (var p in w.Partnerships ?? [])
            {
                var other = Name(p.PartnerFirmId, "A firm");
                if (p.Proposal is { ProposedByUs: false } proposal)
                {
                    items.Add(new(ActionKind.Countersign, $"{other} proposes new terms (agreement v{proposal.Version})",
                        $"{PartnershipsModel.Terms(proposal)}. Nothing changes until you accept.", $"/portal/partnerships#p-{p.Id}", "Accept or reject", "wait"));
                }
                if (p.Status == "Invited" && !p.InvitedByUs)
                {
                    items.Add(new(ActionKind.AnswerInvitation, $"{other} invites you to partner",
                        string.IsNullOrWhiteSpace(p.Message) ? "Partners are ranked first for each other's referrals, under terms you both agree." : $"“{p.Message}”",
                        $"/portal/partnerships#p-{p.Id}", "Accept or decline", "wait"));
                }
            }
            foreach (var f in (w.Fees?.Entries ?? []).Where(f => f.Status == "Pending" && f.PayerFirmId == me.FirmId))
            {
                var referrer = Name(f.PayeeFirmId, "The referrer");
                items.Add(new(ActionKind.ConfirmJobValue, $"{referrer} says {f.Job ?? "the job"} was worth {FeesModel.Money(f.JobValue, f.JobCurrency)}",
                    $"Your fee would be {FeesModel.Money(f.Amount, f.Currency)} ({FeesModel.TermsOf(f)}). It counts once you confirm.",
                    $"/portal/fees#confirm-{f.ReferralId}", "Confirm or dispute", "wait"));
            }
        }
        if (me.CanDispatch)
        {
            foreach (var r in referrals.Where(r => r.Status == "Unmatched" && !Won(me, r) && r.LatestStart >= Zones.Today(r.ClientTimeZone, now)).OrderBy(r => r.LatestStart))
            {
                items.Add(new(ActionKind.Unmatched, $"No partner found: {r.Summary}",
                    r.UnmatchedHelp.Count > 0 ? "What would help:" : "Nobody qualified as asked. Widen the window, lower the level or ask the open directory.",
                    $"/portal/referrals/{r.Id}", "See the candidates and what to change", "bad", Help: r.UnmatchedHelp,
                    Secondary: "Post it again with changes", SecondaryHref: $"/portal/referrals/new?copy={r.Id}"));
            }
            foreach (var f in (w.Fees?.Entries ?? []).Where(f => f.Status == "Disputed"))
            {
                var other = Name(f.PayerFirmId == me.FirmId ? f.PayeeFirmId : f.PayerFirmId, "the other firm");
                items.Add(new(ActionKind.Dispute, $"Disputed job value: {f.Job ?? "a referral"}",
                    $"With {other}: “{f.DisputeReason}”. The platform's operator decides; the fee counts for nobody until then.",
                    "/portal/fees#disputed-heading", "See the dispute", "info"));
            }
        }
        return items;
    }

    /// <summary>The time left to a deadline in words, as the page's countdown script goes on to say it.</summary>
    public static string Left(DateTimeOffset due, DateTimeOffset now)
    {
        var left = due - now;
        return left <= TimeSpan.Zero ? "time is up" : left.TotalHours >= 1 ? $"{(int)left.TotalHours} h {left.Minutes} min left" : $"{Math.Max(1, left.Minutes)} min left";
    }

    private static bool Won(Viewer me, ReferralItem r) => r.PartnerFirmId == me.FirmId;

    private static string Day(DateOnly day) => day.ToString("ddd d MMM", CultureInfo.InvariantCulture);
}
