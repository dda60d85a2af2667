using Marketplace.Calendar;
using Marketplace.Matching.Insights;
using Marketplace.Matching.Ranking;
using Marketplace.Matching.Referrals;
using NodaTime;
using Shouldly;

namespace Marketplace.Matching.Tests;

/// <summary>
/// The dashboard reads an unmatched referral's help back by kind from the sentences Matchmaker wrote; here Matchmaker
/// writes every kind it has and each is read back as that kind, so rewording the help cannot pass unnoticed.
/// </summary>
public sealed class HelpKindsTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 10, 0);
    private static readonly LocalDate Monday = new(2026, 11, 30);
    private static readonly Guid Referrer = Guid.NewGuid();
    private static readonly WorkingWeek London = WorkingWeek.Create([1, 2, 3, 4, 5], new(9, 0), new(17, 0), "Europe/London");

    [Fact]
    public void Every_sentence_of_help_matchmaker_writes_is_read_back_as_its_kind()
    {
        var skills = new Dictionary<string, int>();
        var sql = RankingIndex.Intern(skills, "sql-server");
        var terms = new Dictionary<Guid, PartnerTerms>();
        var partners = new List<PartnerProfile>();
        void Add(string name, int level, short[] free, EngagementModes? partnered)
        {
            var id = Guid.NewGuid();
            partners.Add(new PartnerProfile
            {
                FirmId = id, Name = name, Calendar = London, Skills = [sql], Levels = [(byte)level], Verified = [true],
                CapacityFrom = new LocalDate(2026, 11, 23), FreeHours = free,
            });
            if (partnered is { } modes)
            {
                terms[id] = new PartnerTerms(Guid.NewGuid(), 1, modes, 4, 3);
            }
        }
        var free = Enumerable.Repeat((short)40, 16).ToArray();
        Add("Level Three", 3, free, EngagementModes.HandOff); // only at a lower level
        Add("Busy Until Late December", 4, [0, 0, 0, 0, .. Enumerable.Repeat((short)40, 12)], EngagementModes.HandOff); // only later
        Add("White Label Only", 4, free, EngagementModes.WhiteLabel); // only in the other mode
        Add("Directory Only", 4, free, null); // only outside the referrer's partnerships
        var index = new RankingIndex(partners, skills, new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> { [Referrer] = terms });

        var help = Matchmaker.Help(index, Referral("sql-server"), Now);
        help.Select(HelpKinds.Of).ShouldBe([HelpKinds.Level, HelpKinds.LaterStart, HelpKinds.OtherMode, HelpKinds.OutsidePartnerships], string.Join(" | ", help));

        var nothing = Matchmaker.Help(index, Referral("cobol"), Now); // nobody claims the skill at all
        nothing.Select(HelpKinds.Of).ShouldBe([HelpKinds.NoSingleChange], string.Join(" | ", nothing));
        HelpKinds.Of("Ask a friend.").ShouldBe(HelpKinds.Other);

        // Critical work goes only to partners who promise 2 business hours; one that promises 4 is the help's "urgent rather than critical".
        var prompt = Guid.NewGuid();
        var calmIndex = new RankingIndex([new PartnerProfile
            {
                FirmId = prompt, Name = "Answers Within Four Hours", Calendar = London, Skills = [sql], Levels = [4], Verified = [true],
                CapacityFrom = new LocalDate(2026, 11, 23), FreeHours = free,
            }], skills,
            new Dictionary<Guid, IReadOnlyDictionary<Guid, PartnerTerms>> { [Referrer] = new Dictionary<Guid, PartnerTerms> { [prompt] = new(Guid.NewGuid(), 1, EngagementModes.HandOff, 4, 3) } });
        var critical = Referral("sql-server", Urgency.Critical);
        var calmer = Matchmaker.Help(calmIndex, critical, Now);
        calmer.Select(HelpKinds.Of).ShouldBe([HelpKinds.CalmerUrgency], string.Join(" | ", calmer));
    }

    private static Referral Referral(string skill, Urgency urgency = Urgency.Normal) => new()
    {
        Id = Guid.NewGuid(), ReferrerFirmId = Referrer, Summary = "Tune a slow SQL Server", EffortHours = 30, HoursPerWeek = 10,
        Skills = [new ReferralSkill { SkillId = skill, Name = skill, MinLevel = 4 }], EarliestStart = Monday, LatestStart = Monday.PlusWeeks(2),
        Mode = EngagementModes.HandOff, Urgency = urgency, PartnersOnly = true, PostedAt = Now,
    };
}
