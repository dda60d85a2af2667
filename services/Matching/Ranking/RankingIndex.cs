namespace Marketplace.Matching.Ranking;

/// <summary>
/// Every partner, with an inverted list per skill so a referral only looks at partners holding its rarest skill.
/// Immutable once built; a new one replaces it when the projections move.
/// </summary>
public sealed class RankingIndex
{
    private readonly Dictionary<string, int> _skillNumbers;
    private readonly List<int>[] _bySkill;
    private readonly Dictionary<Guid, PartnerProfile> _byFirm;

    public IReadOnlyList<PartnerProfile> Partners { get; }
    /// <summary>Terms per referrer, per partner: only pairs with an active partnership appear.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> Terms { get; }

    public RankingIndex(IReadOnlyList<PartnerProfile> partners, Dictionary<string, int> skillNumbers,
        IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> terms)
    {
        (Partners, _skillNumbers, Terms) = (partners, skillNumbers, terms);
        _bySkill = [.. Enumerable.Range(0, skillNumbers.Count).Select(_ => new List<int>())];
        _byFirm = partners.ToDictionary(p => p.FirmId);
        for (var p = 0; p < partners.Count; p++)
        {
            foreach (var skill in partners[p].Skills)
            {
                _bySkill[skill].Add(p);
            }
        }
    }

    public static RankingIndex Empty { get; } = new([], [], new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>>());

    /// <summary>The skill's number in this index, or -1 when no partner claims it.</summary>
    public int SkillNumber(string skillId) => _skillNumbers.GetValueOrDefault(skillId, -1);

    public IReadOnlyList<int> PartnersWith(int skill) => skill < 0 ? [] : _bySkill[skill];

    public PartnerProfile? Profile(Guid firmId) => _byFirm.GetValueOrDefault(firmId);

    public PartnerTerms? TermsBetween(Guid referrer, Guid partner) =>
        Terms.TryGetValue(referrer, out var partners) ? partners.GetValueOrDefault(partner) : null;

    /// <summary>Interns skill ids while profiles are being built.</summary>
    public static int Intern(Dictionary<string, int> numbers, string skillId)
    {
        if (!numbers.TryGetValue(skillId, out var number))
        {
            numbers[skillId] = number = numbers.Count;
        }
        return number;
    }
}
