using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Network.Data.Migrations
{
    /// <inheritdoc />
    public partial class DirectorySkills : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DirectorySkills",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    SkillId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Verified = table.Column<bool>(type: "boolean", nullable: false),
                    VerifiedUntil = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectorySkills", x => new { x.FirmId, x.SkillId });
                });

            migrationBuilder.CreateTable(
                name: "DirectorySkillsVersions",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    SnapshotAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectorySkillsVersions", x => x.FirmId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DirectorySkills_SkillId_Level",
                table: "DirectorySkills",
                columns: new[] { "SkillId", "Level" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectorySkills");

            migrationBuilder.DropTable(
                name: "DirectorySkillsVersions");
        }
    }
}
