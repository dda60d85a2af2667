using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Marketplace.ServiceDefaults;

/// <summary>
/// The marketplace's refusals: one stable <c>type</c> per kind (what a client program branches on), a short title, and
/// the sentence for people in <c>detail</c>.
/// </summary>
public static class Problems
{
    private const string Base = "https://marketplace.local/problems/";

    /// <summary>The stable type of a kind of refusal (e.g. "unavailable", "malformed-request").</summary>
    public static string TypeOf(string kind) => Base + kind;

    /// <summary>The thing is not in a state that allows this (already answered, not yours to decide, …).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Not possible in the current state", type: Base + "state-conflict");

    /// <summary>Someone else changed the same thing at the same moment; loading it again and repeating the change works.</summary>
    public static ProblemHttpResult ChangedConcurrently(string detail = "Someone changed this at the same moment; load it again and repeat the change.") =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Changed at the same moment", type: Base + "changed-concurrently");

    /// <summary>What the request would create exists already (or existed).</summary>
    public static ProblemHttpResult AlreadyExists(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Already exists", type: Base + "already-exists");

    /// <summary>Engineers' hours do not stretch to what was asked; <paramref name="extensions"/> may say what is free.</summary>
    public static ProblemHttpResult NotEnoughCapacity(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Not enough free time", type: Base + "not-enough-capacity",
            extensions: extensions);

    /// <summary>The caller is known but this is not theirs to do, whatever they send.</summary>
    public static ProblemHttpResult NotAllowed(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", type: Base + "not-allowed");

    /// <summary>A one-time thing (invitation, link) that is unknown, used or expired.</summary>
    public static ProblemHttpResult Gone(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status410Gone, title: "No longer valid", type: Base + "gone");

    /// <summary>A request that breaks one rule, said in a sentence (field-by-field errors use a validation problem).</summary>
    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", type: Base + "invalid-request");

    /// <summary>Enough for now (mail to one address, invitations of one firm): 429 with Retry-After, the wait in words in <paramref name="detail"/>.</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext http, TimeSpan wait, string detail)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: Base + "too-many-requests");
    }

    /// <summary>IETF Idempotency-Key draft: the key was already used for a request with another body.</summary>
    public static ProblemHttpResult IdempotencyKeyReused(string key) =>
        TypedResults.Problem(detail: $"The Idempotency-Key '{key}' was already used for a different request; use a new key for new content.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key already used", type: Base + "idempotency-key-reused");

    /// <summary>IETF Idempotency-Key draft: a request with this key is still being processed.</summary>
    public static ProblemHttpResult IdempotencyKeyInProgress(string key) =>
        TypedResults.Problem(detail: $"A request with the Idempotency-Key '{key}' is still being processed; retry in a moment.",
            statusCode: StatusCodes.Status409Conflict, title: "Request in progress", type: Base + "idempotency-key-in-progress");
}
