using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable enable

namespace Marketplace.Matching.Data.Migrations
{
    /// <summary>
    /// Every table the ranking index reads records the firm (or partnership) whose ranking inputs moved, in the writing
    /// transaction, so every replica's index reloads just those (see RankingIndexSource). SQL only: the model is the
    /// Initial one's, so this migration has no designer copy of it.
    /// </summary>
    [DbContext(typeof(MatchingDbContext))]
    [Migration("20261130021113_RankingIndexTriggers")]
    public class RankingIndexTriggers : Migration
    {
        private const string Index = "ranking";

        // Table, the key columns naming the firms (or partnership) whose ranking inputs a row holds, which updates matter.
        private static readonly (string Table, string[] Keys, string? When)[] Tables =
        [
            ("Partners", ["FirmId"], null),
            ("PartnerSkills", ["FirmId"], null),
            ("PartnerReputations", ["FirmId"], null),
            ("PartnerCapacities", ["FirmId"], null),
            ("PartnerLinks", ["InviterFirmId", "InviteeFirmId"], null),
            ("AgreementVersions", ["PartnershipId"], null),
            // When a partner was last offered work (new offers) and how it answers (an offer answered or expired).
            ("Offers", ["PartnerFirmId"], "OLD.\"Status\" IS DISTINCT FROM NEW.\"Status\" AND NEW.\"Status\" IN ('Accepted', 'Declined', 'Expired')"),
            // Referrals a partner has taken and not finished (the agreement's max concurrent): status or partner moves.
            ("Referrals", ["PartnerFirmId"], "OLD.\"Status\" IS DISTINCT FROM NEW.\"Status\" OR OLD.\"PartnerFirmId\" IS DISTINCT FROM NEW.\"PartnerFirmId\""),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, keys, when) in Tables)
            {
                migrationBuilder.Sql(IndexChanges.TriggerSql(table, Index, keys, when));
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, _, _) in Tables)
            {
                migrationBuilder.Sql(IndexChanges.DropTriggerSql(table, Index));
            }
        }
    }
}
