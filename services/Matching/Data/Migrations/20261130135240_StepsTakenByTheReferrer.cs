using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <summary>
    /// Which steps about a partner's offer the referrer's people took (an answer, an extension): the partner reads
    /// "referrer" for them, not the member who did it. Steps written before are found by their words.
    /// </summary>
    public partial class StepsTakenByTheReferrer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ByFirmId",
                table: "ReferralTransitions",
                type: "uuid",
                nullable: true);
            migrationBuilder.Sql("""
                UPDATE "ReferralTransitions" t SET "ByFirmId" = r."ReferrerFirmId" FROM "Referrals" r
                WHERE t."ReferralId" = r."Id" AND t."AboutFirmId" IS NOT NULL
                  AND (t."Why" LIKE 'referrer answered question %' OR t."Why" LIKE 'deadline of the wave-% offer extended by %')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ByFirmId",
                table: "ReferralTransitions");
        }
    }
}
