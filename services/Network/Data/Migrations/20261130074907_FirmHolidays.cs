using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Network.Data.Migrations
{
    /// <inheritdoc />
    public partial class FirmHolidays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "ClosingDays",
                table: "Firms",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "HolidayCountry",
                table: "Firms",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HolidayRegion",
                table: "Firms",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosingDays",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "HolidayCountry",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "HolidayRegion",
                table: "Firms");
        }
    }
}
