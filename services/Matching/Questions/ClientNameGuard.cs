using System.Globalization;
using System.Text;

namespace Marketplace.Matching.Questions;

/// <summary>
/// Whether a text names a confidential client: by whole words, after the forms a pasted name takes are made alike
/// (capitals, non-breaking or doubled spaces, punctuation between words). The whole name, any two of its words in a row
/// ("Bright Smile" of "Bright Smile Dental Group"), or one of its distinctive words alone ("Zephyrine" of "Zephyrine
/// Orthodontics LLC": four letters or more and no word for a kind of business) names it; a short name inside another
/// word ("Ace" in "workspace") does not. A guard against slips, not a proof: a paraphrase still gets through, and so does
/// an accent typed differently (the services run with invariant globalization, which does not normalise beyond ASCII).
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
        if (name.Count > 1 && name.Any(n => n.Length >= 4 && !Generic.Contains(n) && words.Contains(n)))
        {
            return true;
        }
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

    // Words many firms' names share: alone they say what kind of client it is, not which.
    private static readonly HashSet<string> Generic =
    [
        "llc", "inc", "ltd", "limited", "gmbh", "sarl", "corp", "corporation", "company", "group", "holding", "holdings", "partners",
        "associates", "services", "solutions", "systems", "technology", "technologies", "consulting", "international", "global",
        "dental", "clinic", "clinics", "medical", "health", "healthcare", "care", "orthodontics", "practice", "hospital", "pharmacy",
        "school", "schools", "university", "college", "bank", "insurance", "legal", "accounting", "finance", "financial",
        "logistics", "retail", "foods", "restaurant", "restaurants", "hotel", "hotels", "studio", "studios", "agency", "office",
        "offices", "center", "centre", "store", "stores", "shop", "labs", "energy", "capital", "industries", "manufacturing",
        "construction", "properties", "realty", "media", "network", "networks", "digital", "software", "trust", "council",
        "city", "county", "north", "south", "east", "west", "first", "national", "united", "american", "european",
    ];

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
