using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

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
        /// <inheritdoc />
        private const string Index = "ranking";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(IndexChanges.TriggerFunctionSql);
            foreach (var table in new[] { "Partners", "PartnerSkills", "PartnerReputations", "PartnerCapacities" })
            {
                migrationBuilder.Sql(IndexChanges.TriggerSql(table, Index, ["FirmId"]));
            }
            migrationBuilder.Sql(IndexChanges.TriggerSql("PartnerLinks", Index, ["InviterFirmId", "InviteeFirmId"]));
            migrationBuilder.Sql(IndexChanges.TriggerSql("AgreementVersions", Index, ["PartnershipId"]));
            // When a partner was last offered work: only new offers move it.
            migrationBuilder.Sql(IndexChanges.TriggerSql("Offers", Index, ["PartnerFirmId"], "false"));
            // Referrals a partner has taken and not finished (the agreement's max concurrent): status or partner moves.
            migrationBuilder.Sql(IndexChanges.TriggerSql("Referrals", Index, ["PartnerFirmId"],
                "OLD.\"Status\" IS DISTINCT FROM NEW.\"Status\" OR OLD.\"PartnerFirmId\" IS DISTINCT FROM NEW.\"PartnerFirmId\""));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION index_changed() CASCADE;");
        }
    }
}
