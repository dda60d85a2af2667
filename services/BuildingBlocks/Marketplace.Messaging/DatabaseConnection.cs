using System.Data.Common;
using Npgsql;

namespace Marketplace.Messaging;

/// <summary>How every service talks to its PostgreSQL database, unless its connection string says otherwise.</summary>
public static class DatabaseConnection
{
    /// <summary>
    /// Two defaults measured under load (docs/benchmarks.md, issue 16): statements a service runs again and again are
    /// prepared once per connection (<c>Max Auto Prepare</c>: PostgreSQL parses and plans them once, not on every call);
    /// a connection handed back to the pool is not reset with <c>DISCARD ALL</c> (<c>No Reset On Close</c>: a statement
    /// per borrowing, ~20 per referral). Nothing here keeps session state
    /// on a pooled connection: the one session-level lock (migrations) is released explicitly. A connection string that
    /// names a setting keeps its own value. The cost: after a migration adds columns, a replica still running the old
    /// code fails a prepared <c>SELECT *</c> once per pooled connection ("cached plan must not change result type";
    /// only the background jobs' polls use one, and they try again on their next tick).
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(given, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        if (!Names(given, "Auto Prepare Min Usages", "AutoPrepareMinUsages"))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        if (!Names(given, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    private static bool Names(DbConnectionStringBuilder given, params string[] keys) =>
        keys.Any(key => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), key.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)));
}
