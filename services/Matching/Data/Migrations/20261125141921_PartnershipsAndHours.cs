using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnershipsAndHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalTime>(
                name: "ClosesAt",
                table: "Partners",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(17, 0));

            migrationBuilder.AddColumn<LocalTime>(
                name: "OpensAt",
                table: "Partners",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(9, 0));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProfileAt",
                table: "Partners",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<List<int>>(
                name: "WorkingDays",
                table: "Partners",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "\'{1,2,3,4,5}\'::integer[]"); // rows projected before hours existed

            migrationBuilder.CreateTable(
                name: "AgreementVersions",
                columns: table => new
                {
                    PartnershipId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    EngagementModes = table.Column<List<string>>(type: "text[]", nullable: false),
                    FeeKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FeePercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    FeeAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    FeeCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    NonSolicitMonths = table.Column<int>(type: "integer", nullable: false),
                    ResponseSlaBusinessHours = table.Column<int>(type: "integer", nullable: false),
                    MaxConcurrentReferrals = table.Column<int>(type: "integer", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementVersions", x => new { x.PartnershipId, x.Version });
                });

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
                name: "AgreementVersions");

            migrationBuilder.DropTable(
                name: "PartnerLinks");

            migrationBuilder.DropColumn(
                name: "ClosesAt",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "OpensAt",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "ProfileAt",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "Partners");
        }
    }
}
