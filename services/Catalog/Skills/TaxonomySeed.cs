using Marketplace.Messaging;
using System.Text;
using System.Text.Json;
using Marketplace.Catalog.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Catalog.Skills;

/// <summary>Loads the built-in taxonomy of IT work into an empty catalog.</summary>
public static class TaxonomySeed
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task SeedAsync(CatalogDbContext db, CancellationToken ct)
    {
        var (categories, skills) = Load();
        if (!await db.Categories.AnyAsync(ct))
        {
            db.Categories.AddRange(categories);
            db.Skills.AddRange(skills);
            db.IndexChanged(SkillIndex.Name);
            await db.SaveChangesAsync(ct);
        }
        if (!await db.Certifications.AnyAsync(ct))
        {
            db.Certifications.AddRange(LoadCertifications());
            await db.SaveChangesAsync(ct);
        }
    }

    public static List<Certification> LoadCertifications() =>
        [.. Read().Certifications.Select(c => new Certification
        {
            Id = c.Id, Name = c.Name, Vendor = c.Vendor, SkillIds = [.. c.Skills.Select(Slug)],
            MaxValidityYears = c.MaxValidityYears ?? Certification.DefaultMaxValidityYears,
        })];

    public static (List<Category> Categories, List<Skill> Skills) Load()
    {
        var file = Read();
        var categories = file.Categories.Select(c => new Category { Id = c.Id, Name = c.Name, Aliases = c.Aliases }).ToList();
        var skills = file.Categories
            .SelectMany(c => c.Skills.Select(s => new Skill { Id = Slug(s.Name), Name = s.Name, CategoryId = c.Id, Aliases = s.Aliases }))
            .ToList();
        return (categories, skills);
    }

    /// <summary>"Magento / Adobe Commerce" → "magento-adobe-commerce".</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(ch);
            }
            else if (ch == '+')
            {
                sb.Append("plus");
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }
        return sb.ToString().Trim('-');
    }

    private static TaxonomyFile Read()
    {
        using var stream = typeof(TaxonomySeed).Assembly.GetManifestResourceStream("taxonomy.json")
            ?? throw new InvalidOperationException("taxonomy.json is not embedded.");
        return JsonSerializer.Deserialize<TaxonomyFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("taxonomy.json is empty.");
    }

    private sealed record TaxonomyFile(List<CategoryEntry> Categories, List<CertificationEntry> Certifications);
    private sealed record CertificationEntry(string Id, string Name, string Vendor, List<string> Skills, int? MaxValidityYears);
    private sealed record CategoryEntry(string Id, string Name, List<string> Aliases, List<SkillEntry> Skills);
    private sealed record SkillEntry(string Name, List<string> Aliases);
}
