using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Scheduling.Data.Migrations
{
    /// <inheritdoc />
    public partial class TimeOffAndAvailability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "FirmCapacityVersions");

            migrationBuilder.AddColumn<string>(
                name: "Skills",
                table: "FirmCalendars",
                type: "jsonb",
                nullable: true,
                defaultValueSql: "'[]'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SkillsAt",
                table: "FirmCalendars",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<List<string>>(
                name: "Skills",
                table: "Engineers",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.CreateTable(
                name: "FirmCapacityChanges",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    PublishedVersion = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirmCapacityChanges", x => x.FirmId);
                });

            migrationBuilder.CreateTable(
                name: "TimeOff",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngineerId = table.Column<Guid>(type: "uuid", nullable: false),
                    First = table.Column<LocalDate>(type: "date", nullable: false),
                    Last = table.Column<LocalDate>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TimeOff", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TimeOff_Engineers_EngineerId",
                        column: x => x.EngineerId,
                        principalTable: "Engineers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FirmCapacityChanges_Unpublished",
                table: "FirmCapacityChanges",
                column: "FirmId",
                filter: "\"Version\" > \"PublishedVersion\"");

            migrationBuilder.CreateIndex(
                name: "IX_TimeOff_EngineerId_Last",
                table: "TimeOff",
                columns: new[] { "EngineerId", "Last" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FirmCapacityChanges");

            migrationBuilder.DropTable(
                name: "TimeOff");

            migrationBuilder.DropColumn(
                name: "Skills",
                table: "FirmCalendars");

            migrationBuilder.DropColumn(
                name: "SkillsAt",
                table: "FirmCalendars");

            migrationBuilder.DropColumn(
                name: "Skills",
                table: "Engineers");

            migrationBuilder.DropSequence(
                name: "FirmCapacityVersions");
        }
    }
}
