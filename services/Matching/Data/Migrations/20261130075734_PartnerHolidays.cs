using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnerHolidays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "ClosingDays",
                table: "Partners",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "HolidayCountry",
                table: "Partners",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HolidayRegion",
                table: "Partners",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosingDays",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "HolidayCountry",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "HolidayRegion",
                table: "Partners");
        }
    }
}
