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

    /// <summary>
    /// SQL for a migration: a trigger recording, for every row inserted, updated or deleted in <paramref name="table"/>,
    /// a change of <paramref name="index"/> per key column (the old and the new key), so no write path can forget one.
    /// <paramref name="when"/> narrows updates to those the index reads (e.g. <c>OLD."Status" IS DISTINCT FROM NEW."Status"</c>).
    /// Columns are read directly (no row-to-JSON per write: a few microseconds per row).
    /// </summary>
    public static string TriggerSql(string table, string index, string[] keyColumns, string? when = null)
    {
        var name = $"{table}_{index}_changed";
        string Keys(string row) => string.Join(", ", keyColumns.Select(c => $"{row}.\"{c}\""));
        return $$"""
            CREATE OR REPLACE FUNCTION "{{name}}"() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
              IF TG_OP <> 'INSERT' THEN
                INSERT INTO "IndexChanges" ("Index", "Key") SELECT DISTINCT '{{index}}', k FROM unnest(ARRAY[{{Keys("OLD")}}]::uuid[]) AS k WHERE k IS NOT NULL;
              END IF;
              IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND ROW({{Keys("NEW")}}) IS DISTINCT FROM ROW({{Keys("OLD")}})) THEN
                INSERT INTO "IndexChanges" ("Index", "Key") SELECT DISTINCT '{{index}}', k FROM unnest(ARRAY[{{Keys("NEW")}}]::uuid[]) AS k WHERE k IS NOT NULL;
              END IF;
              RETURN NULL;
            END $fn$;
            CREATE OR REPLACE TRIGGER "{{name}}" AFTER INSERT OR DELETE ON "{{table}}" FOR EACH ROW EXECUTE FUNCTION "{{name}}"();
            CREATE OR REPLACE TRIGGER "{{name}}_update" AFTER UPDATE ON "{{table}}" FOR EACH ROW {{(when is null ? "" : $"WHEN ({when}) ")}}EXECUTE FUNCTION "{{name}}"();
            """;
    }

    /// <summary>SQL for a migration's Down: the trigger of <see cref="TriggerSql"/> and its function.</summary>
    public static string DropTriggerSql(string table, string index) => $"""DROP FUNCTION IF EXISTS "{table}_{index}_changed"() CASCADE;""";
}
