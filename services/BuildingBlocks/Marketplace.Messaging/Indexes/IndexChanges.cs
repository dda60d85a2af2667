using Microsoft.EntityFrameworkCore;

namespace Marketplace.Messaging;

/// <summary>
/// One change to what an in-memory index shows, written in the same transaction as the change itself (by the code that
/// makes it, or by a trigger on the table). <see cref="TransactionId"/> is the writing transaction's id, so a reader
/// can tell which changes may still commit behind the ones it has seen (see <see cref="VersionedCache{TIndex,TDbContext}"/>).
/// </summary>
public sealed class IndexChange
{
    public long Id { get; set; }
    public string Index { get; set; } = "";
    /// <summary>What moved (a firm, say), so the index reloads only that; null means "rebuild everything".</summary>
    public Guid? Key { get; set; }
    public long TransactionId { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class IndexChanges
{
    /// <summary>Rows older than this are deleted by the janitor; a replica that has not looked for longer rebuilds in full.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    public static ModelBuilder AddIndexChanges(this ModelBuilder model)
    {
        model.Entity<IndexChange>(e =>
        {
            e.ToTable("IndexChanges");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).UseIdentityAlwaysColumn();
            e.Property(c => c.Index).HasMaxLength(100);
            e.Property(c => c.TransactionId).HasDefaultValueSql(CurrentTransactionId);
            e.Property(c => c.At).HasDefaultValueSql("clock_timestamp()");
            e.HasIndex(c => new { c.Index, c.TransactionId });
            e.HasIndex(c => c.At);
        });
        return model;
    }

    /// <summary>Marks the index changed (for <paramref name="key"/>, or all of it); saved with the caller's SaveChanges.</summary>
    public static void IndexChanged(this DbContext db, string index, Guid? key = null) =>
        db.Add(new IndexChange { Index = index, Key = key });

    internal const string CurrentTransactionId = "(pg_current_xact_id()::text)::bigint";

    /// <summary>SQL for a migration, once per database: the function the triggers of <see cref="TriggerSql"/> call.</summary>
    public const string TriggerFunctionSql = """
        CREATE OR REPLACE FUNCTION index_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
        DECLARE
          k text;
        BEGIN
          -- TG_ARGV: the index's name, then the key columns; the old and the new key both changed what the index shows.
          FOREACH k IN ARRAY TG_ARGV[1:] LOOP
            IF TG_OP <> 'INSERT' AND to_jsonb(OLD) ->> k IS NOT NULL THEN
              INSERT INTO "IndexChanges" ("Index", "Key") VALUES (TG_ARGV[0], (to_jsonb(OLD) ->> k)::uuid);
            END IF;
            IF TG_OP <> 'DELETE' AND to_jsonb(NEW) ->> k IS NOT NULL
               AND (TG_OP = 'INSERT' OR (to_jsonb(OLD) ->> k) IS DISTINCT FROM (to_jsonb(NEW) ->> k)) THEN
              INSERT INTO "IndexChanges" ("Index", "Key") VALUES (TG_ARGV[0], (to_jsonb(NEW) ->> k)::uuid);
            END IF;
          END LOOP;
          RETURN NULL;
        END $fn$;
        """;

    /// <summary>
    /// SQL for a migration: triggers recording, for every row inserted, updated or deleted in <paramref name="table"/>,
    /// a change of <paramref name="index"/> per key column, so no write path can forget one. <paramref name="when"/>
    /// narrows updates to those the index reads (e.g. <c>OLD."Status" IS DISTINCT FROM NEW."Status"</c>).
    /// </summary>
    public static string TriggerSql(string table, string index, string[] keyColumns, string? when = null)
    {
        var name = $"{table}_{index}_changed";
        var arguments = string.Join(", ", keyColumns.Prepend(index).Select(a => $"'{a}'"));
        return $"""
            CREATE TRIGGER "{name}" AFTER INSERT OR DELETE ON "{table}" FOR EACH ROW EXECUTE FUNCTION index_changed({arguments});
            CREATE TRIGGER "{name}_update" AFTER UPDATE ON "{table}" FOR EACH ROW {(when is null ? "" : $"WHEN ({when}) ")}EXECUTE FUNCTION index_changed({arguments});
            """;
    }
}
