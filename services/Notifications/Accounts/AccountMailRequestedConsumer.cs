using Marketplace.Contracts;
using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Messages;

namespace Marketplace.Notifications.Accounts;

/// <summary>
/// Mail about a person's own account (verify the address, reset the password, join a firm): straight to the address,
/// at once, whatever their preferences; Network made the one-time link and knows when it expires.
/// </summary>
public sealed class AccountMailRequestedConsumer(NotificationsDbContext db, TimeProvider clock, MessageWriter writer)
    : InboxConsumer<AccountMailRequested, NotificationsDbContext>(db, clock)
{
    protected override async Task HandleAsync(AccountMailRequested message, CancellationToken ct)
    {
        var lasts = Words.For(message.ExpiresAt - message.OccurredAt);
        var letter = message.Kind switch
        {
            "verify-email" => new Letter("Confirm your e-mail address",
                "Please confirm that this is your address, so your firm can take referrals on the marketplace.",
                [$"The link works once, for {lasts}."], "Confirm my address", message.Link),
            "reset-password" => new Letter("Reset your password",
                "Someone, hopefully you, asked to reset the password of your marketplace account.",
                [$"The link works once, for {lasts}. If it was not you, ignore this mail: your password stays as it is."], "Choose a new password", message.Link),
            "invitation" => new Letter($"Join {message.FirmName ?? "your firm"} on the marketplace",
                $"You are invited to join {message.FirmName ?? "a firm"} on the marketplace, where IT firms refer jobs to specialist partners.",
                [$"The invitation works once, for {lasts}."], "Accept the invitation", message.Link),
            var other => throw new InvalidOperationException($"Unknown account mail '{other}'."),
        };
        await writer.ToAddressAsync(message.EventId, MessageKinds.Account(message.Kind), message.Email, message.Name, letter, ct);
    }
}

public sealed class AccountMailRequestedConsumerDefinition : InboxConsumerDefinition<AccountMailRequestedConsumer>;
