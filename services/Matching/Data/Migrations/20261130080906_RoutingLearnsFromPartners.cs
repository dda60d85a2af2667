using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <summary>
    /// Issue 20: a referral's wave size may be left to the slack (null), and the ranking index reloads a partner when one
    /// of its offers is answered or expires, since its response history is a ranking input now (before, only new offers
    /// moved it, for fairness).
    /// </summary>
    public partial class RoutingLearnsFromPartners : Migration
    {
        private const string OfferSettled = "OLD.\"Status\" IS DISTINCT FROM NEW.\"Status\" AND NEW.\"Status\" IN ('Accepted', 'Declined', 'Expired')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(IndexChanges.TriggerSql("Offers", "ranking", ["PartnerFirmId"], OfferSettled));
            migrationBuilder.AlterColumn<int>(
                name: "WaveSize",
                table: "Referrals",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(IndexChanges.TriggerSql("Offers", "ranking", ["PartnerFirmId"], "false"));
            migrationBuilder.Sql("""UPDATE "Referrals" SET "WaveSize" = 3 WHERE "WaveSize" IS NULL""");
            migrationBuilder.AlterColumn<int>(
                name: "WaveSize",
                table: "Referrals",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
