using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Notifications.Data.Migrations
{
    /// <summary>
    /// Whether a referral keeps its referrer from partners until one accepts. Referrals heard of before read as
    /// confidential (the posting's default): a mail that names no referrer is the safe mistake.
    /// </summary>
    public partial class ConfidentialReferrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Confidential",
                table: "Referrals",
                type: "boolean",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Confidential",
                table: "Referrals");
        }
    }
}
