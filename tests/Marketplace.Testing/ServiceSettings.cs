namespace Marketplace.Testing;

public static class ServiceSettings
{
    /// <summary>The settings a service needs to run on a test's own database and virtual host.</summary>
    public static Dictionary<string, string?> For(string service, TestDatabase db, string rabbitMq) => new()
    {
        [$"ConnectionStrings:{service}"] = db.ConnectionString,
        ["ConnectionStrings:rabbitmq"] = rabbitMq,
        ["Outbox:PollInterval"] = "00:00:00.100",
        ["Auth:SigningKey"] = TestKeys.SigningKeyPem,
    };
}
