namespace Marketplace.Portal.Gateway;

/// <summary>
/// Tells the gateway whose request this is: the person's address (as the gateway in front vouched for it), so that
/// sign-in limits count per person, not all the portal's sign-ins in one bucket. The gateway believes it only because
/// the portal is among its trusted proxies.
/// </summary>
public sealed class ForwardedFor(IHttpContextAccessor context) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (context.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Remove("X-Forwarded-For");
            request.Headers.Add("X-Forwarded-For", address.ToString());
        }
        return base.SendAsync(request, cancellationToken);
    }
}
