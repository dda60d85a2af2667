namespace Marketplace.ServiceDefaults;

/// <summary>Collects field errors for a 400 validation problem (field name → messages).</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }
            list.Add(message);
        }
        return this;
    }

    public Validation Text(string? value, string field, int maxLength, bool required = true) =>
        string.IsNullOrWhiteSpace(value)
            ? Require(!required, field, $"{field} is required.")
            : Require(value.Length <= maxLength, field, $"{field} must be at most {maxLength} characters.");

    /// <summary>How far ahead any date the marketplace plans with may be: far enough for any referral, near enough that week arithmetic never overflows.</summary>
    public const int MaxYearsAhead = 2;

    /// <summary>A date no further than <see cref="MaxYearsAhead"/> years after <paramref name="today"/> (null passes: "required" is checked apart).</summary>
    public Validation WithinHorizon(DateOnly? date, DateOnly today, string field) =>
        Require(date is null || date <= today.AddYears(MaxYearsAhead), field, $"{field} must be within {MaxYearsAhead} years from today.");

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
