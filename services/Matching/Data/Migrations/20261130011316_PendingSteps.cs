using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <inheritdoc />
    public partial class PendingSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Pending",
                table: "Referrals",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PendingAttempt",
                table: "Referrals",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingBy",
                table: "Referrals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Instant>(
                name: "PendingSince",
                table: "Referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_PendingSince",
                table: "Referrals",
                column: "PendingSince",
                filter: "\"PendingSince\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Referrals_PendingSince",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Pending",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PendingAttempt",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PendingBy",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "PendingSince",
                table: "Referrals");
        }
    }
}
