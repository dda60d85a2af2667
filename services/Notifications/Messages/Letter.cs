using System.Net;
using System.Text;

namespace Marketplace.Notifications.Messages;

/// <summary>
/// What a message says, before it is put in a mail: a subject, the one sentence that matters, any further lines, and the
/// portal page that acts on it.
/// </summary>
public sealed record Letter(string Subject, string Summary, IReadOnlyList<string> More, string ActionLabel, string ActionPath)
{
    public Letter(string subject, string summary, string actionLabel, string actionPath) : this(subject, summary, [], actionLabel, actionPath) { }

    /// <summary>The plain-text and the simple HTML body; <paramref name="unsubscribeUrl"/> adds the line that stops this kind of mail.</summary>
    public (string Text, string Html) Render(string greeting, string actionUrl, string? unsubscribeUrl, string? preferencesUrl)
    {
        var text = new StringBuilder().Append(greeting).Append("\n\n").Append(Summary).Append("\n\n");
        var html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif;line-height:1.4\">")
            .Append(P(greeting)).Append(P(Summary));
        foreach (var line in More)
        {
            text.Append(line).Append('\n');
            html.Append(P(line));
        }
        text.Append('\n').Append(ActionLabel).Append(": ").Append(actionUrl).Append('\n');
        html.Append("<p>").Append(Link(actionUrl, ActionLabel)).Append("</p>");
        if (unsubscribeUrl is not null || preferencesUrl is not null)
        {
            text.Append("\n--\n");
            html.Append("<hr><p style=\"font-size:small;color:#666\">");
            if (unsubscribeUrl is not null)
            {
                text.Append("Stop these e-mails: ").Append(unsubscribeUrl).Append('\n');
                html.Append(Link(unsubscribeUrl, "Stop these e-mails")).Append(preferencesUrl is null ? "" : " · ");
            }
            if (preferencesUrl is not null)
            {
                text.Append("All your notification settings: ").Append(preferencesUrl).Append('\n');
                html.Append(Link(preferencesUrl, "Notification settings"));
            }
            html.Append("</p>");
        }
        return (text.ToString(), html.Append("</body></html>").ToString());
    }

    private static string Link(string url, string label) => $"<a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(label)}</a>";

    private static string P(string line) => "<p>" + WebUtility.HtmlEncode(line) + "</p>";
}
