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

    /// <summary>
    /// Replaces claims and certifications; the caller checks ids against the taxonomy first. A certification stated
    /// exactly as one on file (<see cref="HeldCertification.SameClaimAs"/>) is that one, keeping its id and review
    /// (its verification link may be updated); any other is new and waits for the operator's review.
    /// </summary>
    public PartnerSkillsChanged Replace(IEnumerable<SkillClaim> claims, IEnumerable<HeldCertification> certifications,
        Func<string, IReadOnlyList<string>> evidencedSkills, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        Claims.Clear();
        Claims.AddRange(claims.GroupBy(c => c.SkillId).Select(g => g.Last()));
        var onFile = Certifications.ToList();
        var kept = new List<HeldCertification>();
        foreach (var stated in certifications)
        {
            var same = onFile.FirstOrDefault(h => h.SameClaimAs(stated));
            if (same is not null)
            {
                onFile.Remove(same);
                same.VerificationLink = stated.VerificationLink;
                kept.Add(same);
            }
            else
            {
                stated.SubmittedAt = now;
                kept.Add(stated);
            }
        }
        // Removed from the collection, the ones no longer stated are deleted; the kept ones stay the same rows.
        Certifications.RemoveAll(h => !kept.Contains(h));
        Certifications.AddRange([.. kept.Where(h => !Certifications.Contains(h))]);
        UpdatedAt = now;
        return Snapshot(evidencedSkills, clock);
    }

    /// <summary>Whether a certification stated like <paramref name="stated"/> is on file already (and so keeps its review).</summary>
    public bool HasOnFile(HeldCertification stated) => Certifications.Any(h => h.SameClaimAs(stated));

    /// <summary>The operator confirms a certification: claims it evidences become verified until it expires.</summary>
    public ReviewResult Approve(Guid certificationId, Reviewer reviewer, Func<string, IReadOnlyList<string>> evidencedSkills, TimeProvider clock) =>
        Review(certificationId, reviewer, evidencedSkills, clock, (h, now) => h.Approve(reviewer.Subject, now));

    /// <summary>The operator refuses a certification, saying why; the partner sees the reason.</summary>
    public ReviewResult Reject(Guid certificationId, Reviewer reviewer, string reason, Func<string, IReadOnlyList<string>> evidencedSkills, TimeProvider clock) =>
        Review(certificationId, reviewer, evidencedSkills, clock, (h, now) => h.Reject(reviewer.Subject, reason, now));

    private ReviewResult Review(Guid certificationId, Reviewer reviewer, Func<string, IReadOnlyList<string>> evidencedSkills, TimeProvider clock,
        Func<HeldCertification, DateTimeOffset, ReviewOutcome> decide)
    {
        var held = Certifications.SingleOrDefault(h => h.Id == certificationId);
        if (held is null)
        {
            return new ReviewResult(ReviewOutcome.NotFound);
        }
        if (reviewer.FirmId == FirmId)
        {
            return new ReviewResult(ReviewOutcome.OwnFirm, held);
        }
        var outcome = decide(held, clock.GetUtcNow());
        // Verification may have changed: the partner's whole snapshot goes out again.
        return new ReviewResult(outcome, held, outcome == ReviewOutcome.Done ? Snapshot(evidencedSkills, clock) : null);
    }

    /// <summary>
    /// Marks the certifications that lapsed before <paramref name="today"/> as announced; true when one of them had been
    /// approved, i.e. a claim's verification changed and a new snapshot is owed (a pending or rejected one verified nothing).
    /// </summary>
    public bool AnnounceLapses(DateOnly today)
    {
        var lapsed = Certifications.Where(h => !h.ExpiryAnnounced && h.ExpiresOn < today).ToList();
        lapsed.ForEach(h => h.ExpiryAnnounced = true);
        return lapsed.Any(h => h.Status == ReviewStatus.Approved);
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
    /// The claims with their verification as of today: a claim is verified while a certification the firm holds,
    /// approved by the operator and unexpired, evidences its skill. A firm's own word (a pending or rejected
    /// certification) verifies nothing. Expiry needs no manual step: the next snapshot simply says so.
    /// </summary>
    public IReadOnlyList<PartnerSkill> Skills(Func<string, IReadOnlyList<string>> evidencedSkills, DateOnly today) =>
        [.. Claims.OrderBy(c => c.SkillId, StringComparer.Ordinal).Select(c =>
        {
            var until = Certifications
                .Where(h => h.VerifiesOn(today) && evidencedSkills(h.CertificationId).Contains(c.SkillId))
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
