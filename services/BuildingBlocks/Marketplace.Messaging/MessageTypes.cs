using System.Reflection;
using Marketplace.Contracts;

namespace Marketplace.Messaging;

/// <summary>Resolves the type name stored in an outbox row back to its contract type.</summary>
public sealed class MessageTypes
{
    private readonly Dictionary<string, Type> _byName;

    public MessageTypes(IEnumerable<Assembly> assemblies) =>
        _byName = assemblies.Append(typeof(IIntegrationEvent).Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
            .ToDictionary(t => t.FullName!);

    public Type? Find(string name) => _byName.GetValueOrDefault(name);
}
