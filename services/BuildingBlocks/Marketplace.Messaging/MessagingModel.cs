using Microsoft.EntityFrameworkCore;

namespace Marketplace.Messaging;

public static class MessagingModel
{
    /// <summary>Adds the outbox and inbox tables to a service's own model.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).UseIdentityAlwaysColumn();
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.MessageType).HasMaxLength(300);
            e.Property(m => m.AggregateKey).HasMaxLength(200);
            e.Property(m => m.Body).HasColumnType("jsonb");
            e.Property(m => m.TraceParent).HasMaxLength(100);
            e.Property(m => m.LastError).HasMaxLength(2000);
            // The dispatcher's hot query: unsent rows in order.
            e.HasIndex(m => m.Sequence).HasFilter("\"SentAt\" IS NULL").HasDatabaseName("IX_OutboxMessages_Unsent");
            e.HasIndex(m => new { m.AggregateKey, m.Sequence }).HasFilter("\"SentAt\" IS NULL").HasDatabaseName("IX_OutboxMessages_UnsentByAggregate");
        });
        model.Entity<InboxMessage>(e =>
        {
            e.ToTable("InboxMessages");
            e.HasKey(m => new { m.Consumer, m.MessageId });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.HasIndex(m => m.ReceivedAt);
        });
        return model;
    }
}
