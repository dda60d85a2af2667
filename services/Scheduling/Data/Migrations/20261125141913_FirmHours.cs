using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Scheduling.Data.Migrations
{
    /// <inheritdoc />
    public partial class FirmHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalTime>(
                name: "ClosesAt",
                table: "FirmCalendars",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(17, 0));

            migrationBuilder.AddColumn<LocalTime>(
                name: "OpensAt",
                table: "FirmCalendars",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(9, 0));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProfileAt",
                table: "FirmCalendars",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<List<int>>(
                name: "WorkingDays",
                table: "FirmCalendars",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "\'{1,2,3,4,5}\'::integer[]"); // rows projected before hours existed
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClosesAt",
                table: "FirmCalendars");

            migrationBuilder.DropColumn(
                name: "OpensAt",
                table: "FirmCalendars");

            migrationBuilder.DropColumn(
                name: "ProfileAt",
                table: "FirmCalendars");

            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "FirmCalendars");
        }
    }
}
