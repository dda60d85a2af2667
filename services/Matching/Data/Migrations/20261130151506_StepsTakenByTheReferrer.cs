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
            migrationBuilder.AddColumn<bool>(
                name: "ByReferrer",
                table: "ReferralTransitions",
                type: "boolean",
                nullable: false,
                defaultValue: false);
            migrationBuilder.Sql("""
                UPDATE "ReferralTransitions" SET "ByReferrer" = true
                WHERE "AboutFirmId" IS NOT NULL
                  AND ("Why" LIKE 'referrer answered question %' OR "Why" LIKE 'deadline of the wave-% offer extended by %')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ByReferrer",
                table: "ReferralTransitions");
        }
    }
}
