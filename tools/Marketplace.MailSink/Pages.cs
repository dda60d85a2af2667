using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Marketplace.MailSink;

/// <summary>The viewer's two pages, written by hand: every value from a message is HTML-encoded.</summary>
internal static partial class Pages
{
    private const string Style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
        header{background:#24292f;color:#fff;padding:.7rem 1.2rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none;font-weight:600}header small{opacity:.75}
        main{max-width:70rem;margin:1rem auto;padding:0 1rem}
        table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d7de}
        th,td{text-align:left;padding:.45rem .7rem;border-bottom:1px solid #d0d7de;vertical-align:top}
        th{background:#f0f3f6;font-weight:600}tr:hover td{background:#f6f8fa}
        td a{color:#0969da;text-decoration:none;display:block}td.time{white-space:nowrap;color:#57606a}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;border:1px solid #d0d7de;padding:.8rem 1rem;margin:0 0 1rem}
        dt{color:#57606a}dd{margin:0;word-break:break-word}
        h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1rem;margin:1.2rem 0 .4rem}
        pre{white-space:pre-wrap;word-break:break-word;background:#fff;border:1px solid #d0d7de;padding:1rem;margin:0;font:14px/1.5 ui-monospace,monospace}
        pre a{color:#0969da}
        iframe{width:100%;height:55vh;border:1px solid #d0d7de;background:#fff}
        form{margin:0}button{font:inherit;padding:.25rem .7rem;cursor:pointer}
        .empty{background:#fff;border:1px solid #d0d7de;padding:2rem;text-align:center;color:#57606a}
        .nav{margin-bottom:1rem;display:flex;gap:1rem}.nav a{color:#0969da}
        """;

    public static string List(IReadOnlyList<StoredMail> mails, string? to, string smtp, int max)
    {
        var html = new StringBuilder();
        Start(html, "Mail");
        html.Append(CultureInfo.InvariantCulture, $"<header><a href=\"/\">Marketplace mail</a><small>SMTP {E(smtp)} · {mails.Count} message{(mails.Count == 1 ? "" : "s")} (the last {max} are kept)</small>");
        html.Append("<span style=\"flex:1\"></span><a href=\"/\">Refresh</a>");
        html.Append("<form method=\"post\" action=\"/messages/delete\"><button type=\"submit\">Delete all</button></form></header><main>");
        if (!string.IsNullOrEmpty(to))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"nav\">Only mail to {E(to)} · <a href=\"/\">all mail</a></p>");
        }
        if (mails.Count == 0)
        {
            html.Append("<p class=\"empty\">No mail yet. Anything sent to this machine's SMTP port shows here.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>To</th><th>Subject</th><th>From</th><th>Received</th></tr></thead><tbody>");
            foreach (var mail in mails)
            {
                var link = $"/messages/{mail.Id}";
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td><a href=\"{link}\">{E(string.Join(", ", mail.To))}</a></td><td><a href=\"{link}\">{E(Subject(mail))}</a></td><td>{E(mail.From)}</td><td class=\"time\">{E(When(mail.Received))}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        html.Append("</main></body></html>");
        return html.ToString();
    }

    public static string Message(StoredMail mail)
    {
        var html = new StringBuilder();
        Start(html, Subject(mail));
        html.Append("<header><a href=\"/\">Marketplace mail</a></header><main>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"nav\"><a href=\"/\">← all mail</a><a href=\"/messages/{mail.Id}/raw\">download .eml</a><a href=\"/api/messages/{mail.Id}\">JSON</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(Subject(mail))}</h1><dl>");
        Row(html, "From", mail.From);
        Row(html, "To", mail.HeaderTo);
        if (mail.Cc.Length > 0)
        {
            Row(html, "Cc", mail.Cc);
        }
        Row(html, "Delivered to", string.Join(", ", mail.To));
        Row(html, "Received", When(mail.Received));
        if (mail.Attachments.Count > 0)
        {
            Row(html, "Attachments", string.Join(", ", mail.Attachments));
        }
        html.Append("</dl>");
        if (mail.Html is not null)
        {
            // The message's own HTML runs in a sandbox: no scripts, no access to this page; links open at the top.
            html.Append(CultureInfo.InvariantCulture,
                $"<h2>HTML</h2><iframe title=\"The message's HTML\" sandbox=\"allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation\" referrerpolicy=\"no-referrer\" src=\"/messages/{mail.Id}/html\"></iframe>");
        }
        if (mail.Text is not null)
        {
            html.Append("<h2>Text</h2><pre>").Append(Linkify(mail.Text)).Append("</pre>");
        }
        if (mail.Html is null && mail.Text is null)
        {
            html.Append("<p class=\"empty\">No text or HTML part.</p>");
        }
        html.Append("</main></body></html>");
        return html.ToString();
    }

    /// <summary>Plain text, encoded, with its http(s) links made clickable.</summary>
    public static string Linkify(string text)
    {
        var html = new StringBuilder();
        var at = 0;
        foreach (Match match in UrlPattern().Matches(text))
        {
            var url = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"');
            html.Append(E(text[at..match.Index]));
            html.Append("<a href=\"").Append(E(url)).Append("\" rel=\"noreferrer\">").Append(E(url)).Append("</a>");
            at = match.Index + url.Length;
        }
        return html.Append(E(text[at..])).ToString();
    }

    /// <summary>A message's HTML with <c>&lt;base target="_top"&gt;</c>, so its links leave the frame when followed.</summary>
    public static string WithBaseTarget(string html)
    {
        const string Base = "<base target=\"_top\">";
        var head = HeadPattern().Match(html);
        return head.Success ? html.Insert(head.Index + head.Length, Base) : Base + html;
    }

    private static void Start(StringBuilder html, string title) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\"><title>{E(title)}</title><style>{Style}</style></head><body>");

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<dt>{E(name)}</dt><dd>{E(value)}</dd>");

    private static string Subject(StoredMail mail) => mail.Subject.Length > 0 ? mail.Subject : "(no subject)";

    private static string When(DateTimeOffset at) => at.ToLocalTime().ToString("ddd d MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string E(string value) => WebUtility.HtmlEncode(value);

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"<head(\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex HeadPattern();
}
