namespace Marketplace.Matching.Offers;

/// <summary>The four reasons a partner gives most, one tap each in the inbox; anything else is said in the note (or the old free text).</summary>
public enum DeclineCode { TooBusy, OutsideSkills, Budget, Dates }

/// <summary>
/// A partner's no, as stored on the offer: <see cref="Reason"/> is what the referrer and the insights group by (the code's words, or the
/// free text of a client that sends no code), <see cref="Note"/> what the partner added.
/// </summary>
public sealed record DeclineAnswer(DeclineCode? Code, string Reason, string? Note)
{
    public const int MaxText = 500;

    /// <summary>The words for a code, the same for every partner so that the referrer's insights count them together.</summary>
    public static string Words(DeclineCode code) => code switch
    {
        DeclineCode.TooBusy => "Too busy",
        DeclineCode.OutsideSkills => "Outside our skills",
        DeclineCode.Budget => "Budget too low",
        _ => "Dates do not work",
    };

    /// <summary>Everything the partner said in one line, for the audit trail and the event.</summary>
    public string Sentence => Note is { Length: > 0 } note ? $"{Reason}: {note}" : Reason;

    /// <summary>A tapped reason with an optional note.</summary>
    public static DeclineAnswer Of(DeclineCode code, string? note) =>
        new(code, Words(code), string.IsNullOrWhiteSpace(note) ? null : note.Trim());

    /// <summary>A reason typed from scratch (clients from before the codes).</summary>
    public static DeclineAnswer Typed(string reason) => new(null, reason.Trim(), null);
}
