namespace Marketplace.Network.Account;

public static class AccountExtensions
{
    /// <summary>Section <c>Accounts</c>, checked when the service starts: a portal address links can be made of, a mail limit of at least one.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration("Accounts")
            .Validate(o => AccountOptions.IsValidPortalUrl(o.PortalUrl), "Accounts:PortalUrl must be the portal's absolute http(s) address, such as https://marketplace.example.")
            .Validate(o => o.MailsPerAddressPerHour >= 1, "Accounts:MailsPerAddressPerHour must be at least 1.")
            .ValidateOnStart();
        return services;
    }
}
