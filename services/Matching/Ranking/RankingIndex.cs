using NodaTime;

namespace Marketplace.Matching.Ranking;

/// <summary>
/// Every partner, with an inverted list per skill so a referral only looks at partners holding its rarest skill.
/// Immutable once built. <see cref="With"/> makes the next one from this one and the partners that moved: unchanged
/// profiles, skill lists and terms are shared, so an update costs what moved plus copying one array of references.
/// </summary>
public sealed class RankingIndex
{
    private readonly Dictionary<string, int> _skillNumbers;
    private readonly List<int>[] _bySkill;
    private readonly Dictionary<Guid, int> _slotOf;
    private readonly PartnerProfile[] _partners;
    private readonly IReadOnlyDictionary<Guid, Instant>? _recentOffers;

    public IReadOnlyList<PartnerProfile> Partners => _partners;
    /// <summary>Terms per referrer, per partner: only pairs with an active partnership appear.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> Terms { get; }

    public RankingIndex(IReadOnlyList<PartnerProfile> partners, Dictionary<string, int> skillNumbers,
        IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> terms)
    {
        (_partners, _skillNumbers, Terms) = ([.. partners], skillNumbers, terms);
        _bySkill = [.. Enumerable.Range(0, skillNumbers.Count).Select(_ => new List<int>())];
        _slotOf = new Dictionary<Guid, int>(partners.Count);
        for (var p = 0; p < partners.Count; p++)
        {
            _slotOf[partners[p].FirmId] = p;
            foreach (var skill in partners[p].Skills)
            {
                _bySkill[skill].Add(p);
            }
        }
    }

    private RankingIndex(PartnerProfile[] partners, Dictionary<string, int> skillNumbers, List<int>[] bySkill, Dictionary<Guid, int> slotOf,
        IReadOnlyDictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> terms, IReadOnlyDictionary<Guid, Instant>? recentOffers = null) =>
        (_partners, _skillNumbers, _bySkill, _slotOf, Terms, _recentOffers) = (partners, skillNumbers, bySkill, slotOf, terms, recentOffers);

    /// <summary>
    /// This index with offers made on this replica since it was loaded (firm → when), so fairness counts them at once
    /// rather than after the next refresh; everything else is shared.
    /// </summary>
    public RankingIndex WithRecentOffers(IReadOnlyDictionary<Guid, Instant> recentOffers) =>
        new(_partners, _skillNumbers, _bySkill, _slotOf, Terms, recentOffers);

    /// <summary>When the partner was last offered work: the loaded value, or a later offer made here since.</summary>
    public Instant? LastOfferedAt(PartnerProfile partner) =>
        _recentOffers is not null && _recentOffers.TryGetValue(partner.FirmId, out var recent) && !(partner.LastOfferedAt >= recent)
            ? recent : partner.LastOfferedAt;

    public static RankingIndex Empty { get; } = new([], [], new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>>());

    /// <summary>The skill's number in this index, or -1 when no partner claims it.</summary>
    public int SkillNumber(string skillId) => _skillNumbers.GetValueOrDefault(skillId, -1);

    /// <summary>Skill numbers so far, for building profiles that go into <see cref="With"/> (a copy: this index stays as it is).</summary>
    public Dictionary<string, int> SkillNumbers() => new(_skillNumbers);

    public IReadOnlyList<int> PartnersWith(int skill) => skill < 0 || skill >= _bySkill.Length ? [] : _bySkill[skill];

    public PartnerProfile? Profile(Guid firmId) => _slotOf.TryGetValue(firmId, out var slot) ? _partners[slot] : null;

    public PartnerTerms? TermsBetween(Guid referrer, Guid partner) =>
        Terms.TryGetValue(referrer, out var partners) ? partners.GetValueOrDefault(partner) : null;

    /// <summary>
    /// This index with <paramref name="moved"/> firms' profiles replaced by <paramref name="profiles"/> (a firm of
    /// <paramref name="moved"/> missing from it is no longer a partner) and their terms by <paramref name="terms"/>.
    /// <paramref name="skillNumbers"/> is <see cref="SkillNumbers"/> with the new profiles' skills interned.
    /// </summary>
    public RankingIndex With(IReadOnlySet<Guid> moved, IReadOnlyCollection<PartnerProfile> profiles, Dictionary<string, int> skillNumbers,
        IReadOnlyCollection<(Guid From, Guid To, PartnerTerms Terms)> terms)
    {
        var nextTerms = TermsWith(moved, terms);
        var byFirm = profiles.ToDictionary(p => p.FirmId);
        if (moved.Any(f => _slotOf.ContainsKey(f) && !byFirm.ContainsKey(f)))
        {
            // Someone left: slots shift, so build afresh from what stays (rare; no database work either way).
            var kept = _partners.Where(p => !moved.Contains(p.FirmId)).Concat(profiles).ToList();
            return new RankingIndex(kept, skillNumbers, nextTerms);
        }
        var partners = new PartnerProfile[_partners.Length + byFirm.Keys.Count(f => !_slotOf.ContainsKey(f))];
        Array.Copy(_partners, partners, _partners.Length);
        var slotOf = partners.Length == _partners.Length ? _slotOf : new Dictionary<Guid, int>(_slotOf);
        var bySkill = new List<int>[skillNumbers.Count];
        Array.Copy(_bySkill, bySkill, _bySkill.Length);
        var copied = new HashSet<int>();
        List<int> Writable(int skill)
        {
            if (copied.Add(skill))
            {
                bySkill[skill] = bySkill[skill] is { } shared ? [.. shared] : [];
            }
            return bySkill[skill];
        }
        var next = _partners.Length;
        foreach (var profile in profiles)
        {
            int[] before = [];
            if (_slotOf.TryGetValue(profile.FirmId, out var slot))
            {
                before = _partners[slot].Skills;
            }
            else
            {
                slotOf[profile.FirmId] = slot = next++;
            }
            partners[slot] = profile;
            foreach (var gone in before.Except(profile.Skills))
            {
                var list = Writable(gone);
                list.RemoveAt(list.BinarySearch(slot));
            }
            foreach (var added in profile.Skills.Except(before))
            {
                var list = Writable(added);
                var at = list.BinarySearch(slot);
                list.Insert(~at, slot); // kept in slot order, as a fresh build has them
            }
        }
        for (var skill = _bySkill.Length; skill < bySkill.Length; skill++)
        {
            bySkill[skill] ??= []; // interned by a profile that claims it no more
        }
        return new RankingIndex(partners, skillNumbers, bySkill, slotOf, nextTerms);
    }

    /// <summary>Terms without any pair touching a moved firm, then with <paramref name="terms"/> (theirs, in both directions).</summary>
    private Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> TermsWith(IReadOnlySet<Guid> moved,
        IReadOnlyCollection<(Guid From, Guid To, PartnerTerms Terms)> terms)
    {
        var next = new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>>(Terms);
        var copied = new Dictionary<Guid, Dictionary<Guid, PartnerTerms>>();
        Dictionary<Guid, PartnerTerms> Writable(Guid from)
        {
            if (!copied.TryGetValue(from, out var inner))
            {
                copied[from] = inner = next.TryGetValue(from, out var shared) ? new Dictionary<Guid, PartnerTerms>(shared) : [];
                next[from] = inner;
            }
            return inner;
        }
        foreach (var firm in moved)
        {
            // Partnerships go both ways, so the firm's own partners are the only referrers that list it.
            if (next.Remove(firm, out var partners))
            {
                foreach (var partner in partners.Keys.Where(p => next.ContainsKey(p)))
                {
                    Writable(partner).Remove(firm);
                }
            }
            copied.Remove(firm);
        }
        foreach (var (from, to, t) in terms)
        {
            Writable(from)[to] = t;
        }
        foreach (var (from, inner) in copied.Where(c => c.Value.Count == 0))
        {
            next.Remove(from);
        }
        return next;
    }

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
