using Marketplace.Matching.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NodaTime;

namespace Marketplace.Matching.Questions;

/// <summary>
/// A question the partner asked about an open offer, and the referrer's answer. Read by those two firms only; the
/// thread stays readable after the offer closes, but nothing is added to it then.
/// </summary>
public sealed class OfferQuestion
{
    /// <summary>A question or an answer: a few paragraphs at most.</summary>
    public const int MaxText = 2000;

    /// <summary>Enough for any real doubt about a job; a bound, so a thread cannot be used as a chat or fill the table.</summary>
    public const int MaxPerOffer = 20;

    public Guid Id { get; init; }
    public Guid OfferId { get; init; }
    public Guid ReferralId { get; init; }
    /// <summary>1, 2, … in the order asked on its offer.</summary>
    public int Number { get; init; }
    public string Text { get; init; } = "";
    public Instant AskedAt { get; init; }
    public string AskedBy { get; init; } = "";
    public string? Answer { get; private set; }
    public Instant? AnsweredAt { get; private set; }
    public string? AnsweredBy { get; private set; }

    /// <summary>
    /// Answers once: the partner may already have accepted or declined on what it read, so an answer is never rewritten.
    /// A correction is the partner's next question away.
    /// </summary>
    public void Answered(string answer, Instant now, string by)
    {
        if (Answer is not null)
        {
            throw new ReferralRuleException($"Question {Number} was answered already; an answer stays as the partner read it.");
        }
        (Answer, AnsweredAt, AnsweredBy) = (answer, now, by);
    }
}

public sealed class OfferQuestionConfiguration : IEntityTypeConfiguration<OfferQuestion>
{
    public void Configure(EntityTypeBuilder<OfferQuestion> builder)
    {
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).ValueGeneratedNever();
        builder.Property(q => q.Text).HasMaxLength(OfferQuestion.MaxText);
        builder.Property(q => q.Answer).HasMaxLength(OfferQuestion.MaxText);
        builder.Property(q => q.AskedBy).HasMaxLength(200);
        builder.Property(q => q.AnsweredBy).HasMaxLength(200);
        builder.HasOne<Offers.Offer>().WithMany().HasForeignKey(q => q.OfferId);
        // One number per offer: two questions racing past the lock could not share one.
        builder.HasIndex(q => new { q.OfferId, q.Number }).IsUnique();
        builder.HasIndex(q => q.ReferralId);
    }
}
