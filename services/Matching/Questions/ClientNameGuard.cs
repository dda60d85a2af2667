using System.Globalization;
using System.Text;

namespace Marketplace.Matching.Questions;

/// <summary>
/// Whether a text names a confidential client: by whole words, after the forms a pasted name takes are made alike
/// (capitals, non-breaking or doubled spaces, punctuation between words). The whole name, or any two of its words in a row
/// ("Bright Smile" of "Bright Smile Dental Group"), names it; a short name inside another word ("Ace" in "workspace") does
/// not. A guard against slips, not a proof: a paraphrase still gets through, and so does an accent typed as a separate
/// combining character (the services run with invariant globalization, which does not normalise beyond ASCII).
/// </summary>
public static class ClientNameGuard
{
    public static bool Names(string text, string clientName)
    {
        var name = Words(clientName);
        if (name.Count == 0 || string.Concat(name).Length < 2)
        {
            return false;
        }
        var words = Words(text);
        var run = Math.Min(name.Count, 2);
        for (var start = 0; start + run <= name.Count; start++)
        {
            if (Contains(words, name, start, run))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Contains(List<string> words, List<string> name, int from, int count)
    {
        for (var i = 0; i + count <= words.Count; i++)
        {
            var all = true;
            for (var j = 0; j < count && all; j++)
            {
                all = words[i + j] == name[from + j];
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark)
            {
                word.Append(c);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }
}
