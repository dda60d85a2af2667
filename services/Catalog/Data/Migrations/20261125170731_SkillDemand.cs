using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class SkillDemand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SkillDemands",
                columns: table => new
                {
                    SkillId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    WeekStart = table.Column<LocalDate>(type: "date", nullable: false),
                    Referrals = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillDemands", x => new { x.SkillId, x.WeekStart });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SkillDemands");
        }
    }
}
