using Marketplace.Contracts;

namespace Marketplace.Catalog.Partners;

/// <summary>What a partner firm says it can do, and the certifications its engineers hold as evidence.</summary>
public sealed class PartnerProfile
{
    public Guid FirmId { get; private set; }
    public List<SkillClaim> Claims { get; private set; } = [];
    public List<HeldCertification> Certifications { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; private set; }

    private PartnerProfile() { }

    public static PartnerProfile Create(Guid firmId) => new() { FirmId = firmId };

    /// <summary>Replaces claims and certifications; the caller checks ids against the taxonomy first.</summary>
    public PartnerSkillsChanged Replace(IEnumerable<SkillClaim> claims, IEnumerable<HeldCertification> certifications,
        Func<string, IReadOnlyList<string>> evidencedSkills, TimeProvider clock)
    {
        Claims.Clear();
        Claims.AddRange(claims.GroupBy(c => c.SkillId).Select(g => g.Last()));
        Certifications.Clear();
        Certifications.AddRange(certifications);
        UpdatedAt = clock.GetUtcNow();
        return Snapshot(evidencedSkills, clock);
    }

    /// <summary>After a taxonomy merge: the claim on the merged skill becomes a claim on the survivor, the stronger one winning.</summary>
    public void MergeClaims(string fromSkillId, string intoSkillId)
    {
        var from = Claims.SingleOrDefault(c => c.SkillId == fromSkillId);
        if (from is null)
        {
            return;
        }
        var into = Claims.SingleOrDefault(c => c.SkillId == intoSkillId);
        Claims.Remove(from);
        if (into is null)
        {
            Claims.Add(new SkillClaim
            {
                FirmId = FirmId, SkillId = intoSkillId, Level = from.Level, Years = from.Years,
                EvidenceDescription = from.EvidenceDescription, EvidenceLinks = from.EvidenceLinks,
            });
        }
        else if (from.Level > into.Level || (from.Level == into.Level && from.Years > into.Years))
        {
            // Updated in place: the survivor's row keeps its key.
            (into.Level, into.Years, into.EvidenceDescription) = (from.Level, Math.Max(from.Years, into.Years), from.EvidenceDescription);
            into.EvidenceLinks = [.. from.EvidenceLinks.Concat(into.EvidenceLinks).Distinct().Take(SkillClaim.MaxLinks)];
        }
    }

    /// <summary>
    /// The claims with their verification as of today: a claim is verified while an unexpired certification
    /// the firm holds evidences its skill. Expiry needs no manual step: the next snapshot simply says so.
    /// </summary>
    public IReadOnlyList<PartnerSkill> Skills(Func<string, IReadOnlyList<string>> evidencedSkills, DateOnly today) =>
        [.. Claims.OrderBy(c => c.SkillId, StringComparer.Ordinal).Select(c =>
        {
            var until = Certifications
                .Where(h => h.ExpiresOn >= today && evidencedSkills(h.CertificationId).Contains(c.SkillId))
                .Select(h => (DateOnly?)h.ExpiresOn)
                .Max();
            return new PartnerSkill(c.SkillId, c.Level, c.Years, until is not null, until);
        })];

    public PartnerSkillsChanged Snapshot(Func<string, IReadOnlyList<string>> evidencedSkills, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new PartnerSkillsChanged(Guid.NewGuid(), now, FirmId, Skills(evidencedSkills, DateOnly.FromDateTime(now.UtcDateTime)));
    }
}

public sealed class SkillClaim
{
    public const int MaxDescription = 2000;
    public const int MaxLinks = 5;
    public const int MaxLink = 500;

    public Guid FirmId { get; init; }
    public required string SkillId { get; init; }
    public int Level { get; set; }
    public int Years { get; set; }
    public string EvidenceDescription { get; set; } = "";
    public List<string> EvidenceLinks { get; set; } = [];
}

public sealed class HeldCertification
{
    public const int MaxEngineer = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid FirmId { get; init; }
    public required string CertificationId { get; init; }
    public required string Engineer { get; init; }
    public DateOnly ExpiresOn { get; init; }
    /// <summary>Set once the snapshot saying it lapsed has gone out.</summary>
    public bool ExpiryAnnounced { get; set; }
}
