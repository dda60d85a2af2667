using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;

namespace Marketplace.Notifications.Members;

public sealed class MemberChangedConsumer(NotificationsDbContext db, TimeProvider clock)
    : InboxConsumer<MemberChanged, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(MemberChanged message, CancellationToken ct)
    {
        var member = await Db.Members.FindAsync([message.MemberId], ct);
        if (member is null)
        {
            member = new Member { MemberId = message.MemberId };
            Db.Members.Add(member);
        }
        else if (member.ChangedAt > message.OccurredAt)
        {
            return; // a later change is already here (events of different members may arrive in any order)
        }
        member.FirmId = message.FirmId;
        member.Email = Member.NormalizeEmail(message.Email);
        member.Name = message.Name;
        member.Role = message.Role;
        member.EmailVerified = message.EmailVerified;
        member.Removed = message.Removed;
        member.ChangedAt = message.OccurredAt;
    }
}

public sealed class MemberChangedConsumerDefinition : InboxConsumerDefinition<MemberChangedConsumer>;
