using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class SkillRedirects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SkillRedirects",
                columns: table => new
                {
                    FromSkillId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ToSkillId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    MergedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillRedirects", x => x.FromSkillId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SkillRedirects_ToSkillId",
                table: "SkillRedirects",
                column: "ToSkillId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SkillRedirects");
        }
    }
}
