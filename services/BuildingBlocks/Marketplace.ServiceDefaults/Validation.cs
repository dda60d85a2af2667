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

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
