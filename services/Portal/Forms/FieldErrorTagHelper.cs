using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Marketplace.Portal.Forms;

/// <summary>
/// <c>error-for="Field"</c> on a form control (or a fieldset) shows the field's errors beside it: the message right after
/// the control, tied to it with <c>aria-describedby</c>, and the control marked <c>aria-invalid</c>. It also tells the
/// page's error summary where the field is, so the summary links to it. A null or empty key shows nothing (a form on the
/// page that was not the one sent).
/// </summary>
[HtmlTargetElement(Attributes = "error-for")]
public sealed class FieldErrorTagHelper(HtmlEncoder encoder) : TagHelper
{
    [HtmlAttributeName("error-for")]
    public string? For { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (string.IsNullOrEmpty(For) || output.Attributes["id"]?.Value?.ToString() is not { Length: > 0 } id)
        {
            return;
        }
        FormFields.Of(ViewContext.ViewData).Place(For, id);
        if (!ViewContext.ModelState.TryGetValue(For, out var entry) || entry.Errors.Count == 0)
        {
            return;
        }
        var errorId = $"{id}-error";
        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(described) ? errorId : $"{errorId} {described}");
        var message = $"<span class=\"field-error\" id=\"{errorId}\">{encoder.Encode(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage).Distinct()))}</span>";
        if (output.TagName == "fieldset")
        {
            output.PostContent.AppendHtml(message);
        }
        else
        {
            output.PostElement.AppendHtml(message);
        }
    }
}

/// <summary>The fields a page shows (key → element id, in page order), so its error summary can link each message to its field.</summary>
public sealed class FormFields
{
    private const string Key = "Marketplace.FormFields";
    private readonly List<(string Field, string Id)> _placed = [];

    public static FormFields Of(ViewDataDictionary viewData)
    {
        if (viewData[Key] is not FormFields fields)
        {
            viewData[Key] = fields = new FormFields();
        }
        return fields;
    }

    public void Place(string field, string id)
    {
        if (!_placed.Any(p => string.Equals(p.Field, field, StringComparison.OrdinalIgnoreCase)))
        {
            _placed.Add((field, id));
        }
    }

    /// <summary>
    /// Every error of the page, once each: first those of fields shown on the page, in page order, with the id to link to;
    /// then the others (about the form as a whole, or a field the page does not show), without.
    /// </summary>
    public IReadOnlyList<(string Message, string? Id)> Summary(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state)
    {
        var lines = new List<(string Message, string? Id)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, id) in _placed)
        {
            if (state.TryGetValue(field, out var entry) && entry is { Errors.Count: > 0 })
            {
                seen.Add(field);
                lines.AddRange(entry.Errors.Select(e => e.ErrorMessage).Distinct().Select(m => (m, (string?)id)));
            }
        }
        foreach (var (_, entry) in state.Where(s => s.Value is { Errors.Count: > 0 } && !seen.Contains(s.Key)).OrderBy(s => s.Key.Length == 0 ? 0 : 1))
        {
            lines.AddRange(entry!.Errors.Select(e => e.ErrorMessage).Where(m => m.Length > 0).Select(m => (m, (string?)null)));
        }
        return [.. lines.DistinctBy(l => l.Message)];
    }
}
