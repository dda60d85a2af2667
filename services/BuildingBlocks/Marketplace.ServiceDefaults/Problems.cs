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

    /// <summary>The thing is not in a state that allows this (already answered, not yours to decide, …).</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Not possible in the current state", type: Base + "state-conflict");

    /// <summary>IETF Idempotency-Key draft: the key was already used for a request with another body.</summary>
    public static ProblemHttpResult IdempotencyKeyReused(string key) =>
        TypedResults.Problem(detail: $"The Idempotency-Key '{key}' was already used for a different request; use a new key for new content.",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key already used", type: Base + "idempotency-key-reused");

    /// <summary>IETF Idempotency-Key draft: a request with this key is still being processed.</summary>
    public static ProblemHttpResult IdempotencyKeyInProgress(string key) =>
        TypedResults.Problem(detail: $"A request with the Idempotency-Key '{key}' is still being processed; retry in a moment.",
            statusCode: StatusCodes.Status409Conflict, title: "Request in progress", type: Base + "idempotency-key-in-progress");
}
