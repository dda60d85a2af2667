using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrustBetweenFirms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AboutFirmId",
                table: "ReferralTransitions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AgreementVersion",
                table: "Offers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "PartnershipId",
                table: "Offers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "AnsweredAt",
                table: "Fees",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnsweredBy",
                table: "Fees",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisputeReason",
                table: "Fees",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "JobCurrency",
                table: "Fees",
                type: "character varying(3)",
                maxLength: 3,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<decimal>(
                name: "JobValue",
                table: "Fees",
                type: "numeric(12,2)",
                precision: 12,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<Instant>(
                name: "SettledAt",
                table: "Fees",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettledBy",
                table: "Fees",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SettlementNote",
                table: "Fees",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StatedBy",
                table: "Fees",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Fees",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Instant>(
                name: "CreatedAt",
                table: "AvailabilityLinks",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: NodaTime.Instant.FromUnixTimeTicks(0L));

            // Fees recorded before both sides confirmed job values were the referrer's word alone: pending the partner's answer.
            migrationBuilder.Sql("""
                UPDATE "Fees" f SET "Status" = 'Pending', "JobCurrency" = f."Currency", "JobValue" = COALESCE(r."JobValue", 0)
                FROM "Referrals" r WHERE r."Id" = f."ReferralId";
                UPDATE "AvailabilityLinks" SET "CreatedAt" = "ExpiresAt" - interval '30 days';
                """);

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    Scope = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ResourceId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReservedAt = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.FirmId, x.Scope, x.Key });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Fees_AnsweredAt",
                table: "Fees",
                column: "AnsweredAt",
                filter: "\"Status\" = 'Disputed'");

            migrationBuilder.CreateIndex(
                name: "IX_AvailabilityLinks_ReferrerFirmId_CreatedAt",
                table: "AvailabilityLinks",
                columns: new[] { "ReferrerFirmId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropIndex(
                name: "IX_Fees_AnsweredAt",
                table: "Fees");

            migrationBuilder.DropIndex(
                name: "IX_AvailabilityLinks_ReferrerFirmId_CreatedAt",
                table: "AvailabilityLinks");

            migrationBuilder.DropColumn(
                name: "AboutFirmId",
                table: "ReferralTransitions");

            migrationBuilder.DropColumn(
                name: "AgreementVersion",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "PartnershipId",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "AnsweredAt",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "AnsweredBy",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "DisputeReason",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "JobCurrency",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "JobValue",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "SettledAt",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "SettledBy",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "SettlementNote",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "StatedBy",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Fees");

            migrationBuilder.DropColumn(
                name: "CreatedAt",
                table: "AvailabilityLinks");
        }
    }
}
