namespace Marketplace.ServiceDefaults;

/// <summary>
/// Thrown when a service this one needs answered, but not usefully (an error status, say): the request is answered
/// 503 with Retry-After and <see cref="Exception.Message"/> as the sentence, like any dependency that is down.
/// </summary>
public sealed class DependencyUnavailableException(string sentence) : Exception(sentence);
