using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Network.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProfilesAndPartnerships : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<LocalTime>(
                name: "ClosesAt",
                table: "Firms",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(17, 0));

            migrationBuilder.AddColumn<string>(
                name: "Description",
                table: "Firms",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<LocalTime>(
                name: "OpensAt",
                table: "Firms",
                type: "time",
                nullable: false,
                defaultValue: new NodaTime.LocalTime(9, 0));

            migrationBuilder.AddColumn<List<string>>(
                name: "Regions",
                table: "Firms",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]"); // firms registered before profiles existed

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "UpdatedAt",
                table: "Firms",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<List<int>>(
                name: "WorkingDays",
                table: "Firms",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "'{1,2,3,4,5}'::integer[]");

            migrationBuilder.CreateTable(
                name: "Partnerships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    InviterFirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    InviteeFirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    InvitedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    InvitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AnsweredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedByFirmId = table.Column<Guid>(type: "uuid", nullable: true),
                    EndedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PairKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Partnerships", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Agreement",
                columns: table => new
                {
                    PartnershipId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Modes = table.Column<int>(type: "integer", nullable: false),
                    FeeKind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FeePercent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    FeeAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    FeeCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    NonSolicitMonths = table.Column<int>(type: "integer", nullable: false),
                    ResponseSlaBusinessHours = table.Column<int>(type: "integer", nullable: false),
                    MaxConcurrentReferrals = table.Column<int>(type: "integer", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreement", x => new { x.PartnershipId, x.Version });
                    table.ForeignKey(
                        name: "FK_Agreement_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Partnerships_InviteeFirmId",
                table: "Partnerships",
                column: "InviteeFirmId");

            migrationBuilder.CreateIndex(
                name: "IX_Partnerships_InviterFirmId",
                table: "Partnerships",
                column: "InviterFirmId");

            migrationBuilder.CreateIndex(
                name: "IX_Partnerships_PairKey",
                table: "Partnerships",
                column: "PairKey",
                unique: true,
                filter: "\"Status\" IN ('Invited', 'Active')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Agreement");

            migrationBuilder.DropTable(
                name: "Partnerships");

            migrationBuilder.DropColumn(
                name: "ClosesAt",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "Description",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "OpensAt",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "Regions",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "Firms");

            migrationBuilder.DropColumn(
                name: "WorkingDays",
                table: "Firms");
        }
    }
}
