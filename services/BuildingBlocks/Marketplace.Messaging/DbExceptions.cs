using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Messaging;

public static class DbExceptions
{
    /// <summary>A unique constraint said no: a concurrent request got there first.</summary>
    public static bool IsUniqueViolation(this DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
