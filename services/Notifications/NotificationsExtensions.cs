using Marketplace.Messaging;
using Marketplace.Notifications.Data;
using Marketplace.Notifications.Digests;
using Marketplace.Notifications.Messages;
using Marketplace.Notifications.Offers;
using Marketplace.Notifications.Preferences;
using Marketplace.Notifications.Sending;

namespace Marketplace.Notifications;

public static class NotificationsExtensions
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDbContext>("notifications");
        builder.AddMessaging<NotificationsDbContext>();
        builder.Services.AddOptions<NotificationsOptions>().BindConfiguration("Notifications")
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "Notifications:PublicUrl must be the marketplace's absolute http(s) address (the gateway), for links in messages.")
            .Validate(o => o.UnsubscribeKey is { Length: >= 32 } || (o.UnsubscribeKey is null && !string.IsNullOrWhiteSpace(o.UnsubscribeKeyFile)),
                "Set Notifications:UnsubscribeKey (at least 32 characters) or Notifications:UnsubscribeKeyFile.")
            .Validate(o => o.SendInterval > TimeSpan.Zero && o.ReminderInterval > TimeSpan.Zero && o.DigestInterval > TimeSpan.Zero
                && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay && o.SendLease > TimeSpan.Zero && o.SendBatchSize is > 0 and <= 500,
                "Notifications' intervals, delays and lease must be positive, and the batch size 1 to 500.")
            .Validate(o => Calendar.ClockTime.Parse(o.DigestAt) is not null, "Notifications:DigestAt must be a clock time such as 08:00.")
            .ValidateOnStart();
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration("Smtp")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Host) && o.Port is > 0 and < 65536, "Smtp:Host and Smtp:Port name the mail server.")
            .Validate(o => MimeKit.MailboxAddress.TryParse(o.FromAddress, out _) && o.FromAddress.Contains('@', StringComparison.Ordinal),
                "Smtp:FromAddress must be an e-mail address.")
            .Validate(o => string.IsNullOrEmpty(o.Username) || o.Password is not null || o.PasswordFile is not null,
                "Smtp:Username needs Smtp:Password or Smtp:PasswordFile.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Smtp:Timeout must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<UnsubscribeLinks>();
        builder.Services.AddSingleton<PortalLinks>();
        builder.Services.AddSingleton<SmtpMailer>();
        builder.Services.AddSingleton<MailMetrics>();
        builder.Services.AddScoped<Recipients>();
        builder.Services.AddScoped<MessageWriter>();
        builder.Services.AddHostedService<SendingJob>();
        builder.Services.AddHostedService<OfferReminderJob>();
        builder.Services.AddHostedService<DigestJob>();
        return builder;
    }

    public static WebApplication MapNotificationsApi(this WebApplication app)
    {
        app.MapPreferencesApi();
        return app;
    }
}
