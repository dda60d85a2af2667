using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Network.Data.Migrations
{
    /// <inheritdoc />
    public partial class AgreementProposals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AnswerReason",
                table: "Agreement",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AnsweredAt",
                table: "Agreement",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AnsweredBy",
                table: "Agreement",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ProposedByFirmId",
                table: "Agreement",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Agreement",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            // Versions written before proposals existed were in force: keep them so, proposed by the inviter.
            migrationBuilder.Sql("""
                UPDATE "Agreement" a SET "Status" = 'Accepted', "ProposedByFirmId" = p."InviterFirmId"
                FROM "Partnerships" p WHERE p."Id" = a."PartnershipId";
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Agreement_OpenProposal",
                table: "Agreement",
                column: "PartnershipId",
                unique: true,
                filter: "\"Status\" = 'Proposed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Agreement_OpenProposal",
                table: "Agreement");

            migrationBuilder.DropColumn(
                name: "AnswerReason",
                table: "Agreement");

            migrationBuilder.DropColumn(
                name: "AnsweredAt",
                table: "Agreement");

            migrationBuilder.DropColumn(
                name: "AnsweredBy",
                table: "Agreement");

            migrationBuilder.DropColumn(
                name: "ProposedByFirmId",
                table: "Agreement");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Agreement");
        }
    }
}
