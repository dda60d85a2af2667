using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Scheduling.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnerLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PartnerLinks",
                columns: table => new
                {
                    PartnershipId = table.Column<Guid>(type: "uuid", nullable: false),
                    InviterFirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    InviteeFirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    StatusAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerLinks", x => x.PartnershipId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinks_InviteeFirmId",
                table: "PartnerLinks",
                column: "InviteeFirmId");

            migrationBuilder.CreateIndex(
                name: "IX_PartnerLinks_InviterFirmId",
                table: "PartnerLinks",
                column: "InviterFirmId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PartnerLinks");
        }
    }
}
