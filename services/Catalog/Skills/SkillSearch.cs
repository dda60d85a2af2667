namespace Marketplace.Catalog.Skills;

public sealed record SkillHit(string Id, string Name, string CategoryId, string CategoryName, string? MatchedAlias, int Score);

/// <summary>
/// Typeahead over skill names, aliases and their category's names, tolerant of small typos.
/// Built once from a snapshot of the taxonomy; queries are read-only and thread-safe.
/// </summary>
public sealed class SkillSearch
{
    private readonly Entry[] _entries;

    public SkillSearch(IEnumerable<Skill> skills, IEnumerable<Category> categories)
    {
        var byId = categories.ToDictionary(c => c.Id);
        _entries = skills.Select(s =>
        {
            var category = byId[s.CategoryId];
            return new Entry(s, category,
                [new Term(s.Name, null), .. s.Aliases.Select(a => new Term(a, a))],
                [new Term(category.Name, null), .. category.Aliases.Select(a => new Term(a, a))]);
        }).ToArray();
    }

    public int Count => _entries.Length;

    public IReadOnlyList<SkillHit> Search(string query, int limit)
    {
        var q = Normalize(query);
        if (q.Length == 0)
        {
            return [];
        }
        var tokens = q.Split(' ');
        var hits = new List<SkillHit>();
        foreach (var entry in _entries)
        {
            var (score, alias) = Best(entry.SkillTerms, q, tokens);
            var (categoryScore, _) = Best(entry.CategoryTerms, q, tokens);
            // A category match ("m365") lists its skills, below skills matched by their own names.
            if (categoryScore * 6 / 10 > score)
            {
                (score, alias) = (categoryScore * 6 / 10, null);
            }
            if (score > 0)
            {
                hits.Add(new SkillHit(entry.Skill.Id, entry.Skill.Name, entry.Category.Id, entry.Category.Name, alias, score));
            }
        }
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Take(limit).ToList();
    }

    private static (int Score, string? Alias) Best(Term[] terms, string q, string[] tokens)
    {
        var best = (0, (string?)null);
        foreach (var term in terms)
        {
            var score = term.Score(q, tokens);
            if (score > best.Item1)
            {
                best = (score, term.Alias);
            }
        }
        return best;
    }

    internal static string Normalize(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 200)];
        var n = 0;
        foreach (var ch in text.AsSpan(0, buffer.Length))
        {
            if (char.IsLetterOrDigit(ch) || ch is '#' or '+')
            {
                buffer[n++] = char.ToLowerInvariant(ch);
            }
            else if (n > 0 && buffer[n - 1] != ' ')
            {
                buffer[n++] = ' ';
            }
        }
        return new string(buffer[..n]).TrimEnd();
    }

    private sealed record Entry(Skill Skill, Category Category, Term[] SkillTerms, Term[] CategoryTerms);

    private sealed class Term
    {
        private readonly string _text;
        private readonly string[] _words;

        public Term(string text, string? alias)
        {
            _text = Normalize(text);
            _words = _text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Alias = alias;
        }

        public string? Alias { get; }

        // Another name for the skill ranks just below its own name.
        public int Score(string q, string[] tokens) => Alias is null ? Match(q, tokens) : Math.Max(0, Match(q, tokens) - 5);

        private int Match(string q, string[] tokens)
        {
            if (_text == q) return 100;
            if (_text.StartsWith(q, StringComparison.Ordinal)) return 90;
            if (_text.Contains(q, StringComparison.Ordinal)) return 70;
            // Every query word must start a word of the term, exactly or with a typo.
            var total = 0;
            foreach (var token in tokens)
            {
                var best = 0;
                foreach (var word in _words)
                {
                    best = Math.Max(best, WordScore(token, word));
                }
                if (best == 0) return 0;
                total += best;
            }
            return total / tokens.Length;
        }

        private static int WordScore(string token, string word)
        {
            if (word.StartsWith(token, StringComparison.Ordinal)) return 65;
            if (token.Length < 4) return 0;
            // Compare with the word's prefix of the same length, so "sharepont" meets "sharepoint" and "quickbook" "quickbooks".
            var allowed = token.Length <= 6 ? 1 : 2;
            var distance = Math.Min(
                Distance(token, word),
                Distance(token, word.AsSpan(0, Math.Min(word.Length, token.Length))));
            return distance <= allowed ? 45 - 10 * distance : 0;
        }
    }

    /// <summary>Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps); 3 means "more than 2".</summary>
    internal static int Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 2 || a.Length > 64 || b.Length > 64) return 3;
        // Three rolling rows on the stack: typeahead runs this thousands of times per keystroke.
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, previous2[j - 2] + 1);
                }
                current[j] = d;
            }
            var rotated = previous2;
            previous2 = previous;
            previous = current;
            current = rotated;
        }
        return previous[b.Length];
    }
}
