using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NodaTime;

#nullable disable

namespace Marketplace.Matching.Data.Migrations
{
    /// <inheritdoc />
    public partial class InboxFactsAndReposts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "ShareLinks",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "ShareLinks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "ShareLinks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RepostOf",
                table: "Referrals",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RepostedAs",
                table: "Referrals",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "Regions",
                table: "Partners",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "DeclineCode",
                table: "Offers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeclineNote",
                table: "Offers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "AvailabilityLinks",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "AvailabilityLinks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SkillName",
                table: "AvailabilityLinks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InboxReads",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReadUpTo = table.Column<Instant>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InboxReads", x => new { x.FirmId, x.Subject });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InboxReads");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "ShareLinks");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "ShareLinks");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "ShareLinks");

            migrationBuilder.DropColumn(
                name: "RepostOf",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "RepostedAs",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "Regions",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "DeclineCode",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "DeclineNote",
                table: "Offers");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "AvailabilityLinks");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "AvailabilityLinks");

            migrationBuilder.DropColumn(
                name: "SkillName",
                table: "AvailabilityLinks");
        }
    }
}
