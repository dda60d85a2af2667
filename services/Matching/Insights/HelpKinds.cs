namespace Marketplace.Matching.Insights;

/// <summary>
/// The kinds of change an unmatched referral's help suggests (<see cref="Referrals.Matchmaker.Help"/>), read back from
/// its sentences: the help is stored as the words the referrer was shown, and the dashboard counts them by kind. The
/// prefixes are Matchmaker's own wording; a test runs Help and classifies every sentence, so a rewording cannot slip
/// into "other" unnoticed.
/// </summary>
public static class HelpKinds
{
    public const string Level = "level", LaterStart = "later-start", OtherMode = "other-mode", OutsidePartnerships = "outside-partnerships",
        CalmerUrgency = "calmer-urgency", NoSingleChange = "no-single-change", Other = "other";

    private static readonly (string Prefix, string Kind)[] Prefixes =
    [
        ("With level ", Level),
        ("With a latest start of ", LaterStart),
        ("With allowing ", OtherMode),
        ("With partners outside existing partnerships", OutsidePartnerships),
        ("With urgent rather than ", CalmerUrgency),
        ("With normal rather than ", CalmerUrgency),
        ("No single change ", NoSingleChange),
    ];

    /// <summary>Every kind in the order the dashboard lists them, with how it reads.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> All =
    [
        (Level, "a lower minimum skill level"),
        (LaterStart, "a later latest start"),
        (OtherMode, "allowing the other engagement mode"),
        (OutsidePartnerships, "partners outside existing partnerships"),
        (CalmerUrgency, "a less pressing urgency (partners with longer answer times)"),
        (NoSingleChange, "no single change (split the work or widen the window)"),
        (Other, "something else"),
    ];

    public static string Of(string help) =>
        Prefixes.FirstOrDefault(p => help.StartsWith(p.Prefix, StringComparison.Ordinal)).Kind ?? Other;
}
