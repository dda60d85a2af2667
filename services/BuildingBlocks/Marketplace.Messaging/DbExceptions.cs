using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Messaging;

public static class DbExceptions
{
    /// <summary>A unique constraint said no: a concurrent request got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>A row it points at is gone (deleted by someone else in between).</summary>
    public static bool IsForeignKeyViolation(this DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

    /// <summary>A check constraint said no (from SaveChanges, or straight from a bulk update or raw SQL).</summary>
    public static bool IsCheckViolation(this Exception ex) =>
        (ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState == PostgresErrorCodes.CheckViolation;
}
