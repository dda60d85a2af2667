using System.Runtime.CompilerServices;
using Marketplace.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Messaging;

/// <summary>A rule of the domain refusing a move; the message is the sentence for the caller (answered 409).</summary>
public class RuleException(string message) : InvalidOperationException(message);

/// <summary>What became of a change to one row (a referral, a fee, a partnership).</summary>
public abstract record RowChange<T> where T : class
{
    public sealed record Done(T Row) : RowChange<T>;

    /// <summary>No such row, or not the caller's to change (the two look the same to the caller).</summary>
    public sealed record NotFound : RowChange<T>;

    /// <summary>The caller's firm may change it, but not with the caller's role.</summary>
    public sealed record Forbidden : RowChange<T>;

    /// <summary>A domain rule refused the move: nothing was saved; the reason is for the caller (a 409).</summary>
    public sealed record Refused(string Why) : RowChange<T>;

    /// <summary>Another request or instance holds the row's lock (only when asked to skip locked rows).</summary>
    public sealed record Busy : RowChange<T>;

    /// <summary>
    /// The answer to the caller: the row as <paramref name="view"/> shows it, 404, 403 or the refusal's 409 (typed like
    /// the handlers that also refuse bad input, so they can return it as it is).
    /// </summary>
    public Results<Ok<TView>, Microsoft.AspNetCore.Http.HttpResults.NotFound, ForbidHttpResult, ProblemHttpResult, ValidationProblem> Answer<TView>(Func<T, TView> view) => this switch
    {
        Done done => TypedResults.Ok(view(done.Row)),
        Refused refused => Problems.Conflict(refused.Why),
        Forbidden => TypedResults.Forbid(),
        // Busy only comes from jobs, which do not answer anyone.
        _ => TypedResults.NotFound(),
    };
}

public static class RowChanges
{
    /// <summary>
    /// Every change to one row, one way: in a short transaction of its own, take the row's lock
    /// (<c>FOR UPDATE</c> on <paramref name="table"/> where <paramref name="keyColumn"/> is <paramref name="key"/>), load it
    /// (<paramref name="load"/> answers null when it is not the caller's), check <paramref name="mayAct"/>, make the change,
    /// save, commit. Changes to one row thus queue on its lock, on one instance or several. A move a domain rule refuses
    /// (<see cref="RuleException"/>) saves nothing. <paramref name="change"/> must not call another service: ask it before,
    /// or after the commit, never with the lock held. <paramref name="skipLocked"/> is for jobs, which leave a row someone
    /// is changing to the next tick instead of waiting for it.
    /// </summary>
    public static async Task<RowChange<T>> ChangeAsync<T>(DbContext db, string table, string keyColumn, Guid key, Func<CancellationToken, Task<T?>> load,
        Func<T, bool> mayAct, Func<T, Task> change, CancellationToken ct, bool skipLocked = false) where T : class
    {
        // A change made after an earlier one in the same scope (the two halves of an accept) must see the row as
        // committed now, including what others did in between, not the copy this context loaded before.
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Table and column are the code's own names, never input; the key is a parameter.
        var locked = await db.Database.SqlQuery<int>(FormattableStringFactory.Create(
            $$"""SELECT 1 AS "Value" FROM "{{table}}" WHERE "{{keyColumn}}" = {0} FOR UPDATE{{(skipLocked ? " SKIP LOCKED" : "")}}""", key)).ToListAsync(ct);
        if (locked.Count == 0)
        {
            return skipLocked && await db.Database.SqlQuery<int>(FormattableStringFactory.Create(
                $$"""SELECT 1 AS "Value" FROM "{{table}}" WHERE "{{keyColumn}}" = {0}""", key)).AnyAsync(ct)
                ? new RowChange<T>.Busy() : new RowChange<T>.NotFound();
        }
        var row = await load(ct);
        if (row is null)
        {
            return new RowChange<T>.NotFound();
        }
        if (!mayAct(row))
        {
            return new RowChange<T>.Forbidden();
        }
        try
        {
            await change(row);
        }
        catch (RuleException ex)
        {
            return new RowChange<T>.Refused(ex.Message);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RowChange<T>.Done(row);
    }
}
