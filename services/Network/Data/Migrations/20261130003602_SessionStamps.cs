using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Network.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Members who exist already get random stamps of their own; new members get theirs from Member.Create.
            migrationBuilder.AddColumn<Guid>(
                name: "SecurityStamp",
                table: "Members",
                type: "uuid",
                nullable: false,
                defaultValueSql: "gen_random_uuid()");

            migrationBuilder.AddColumn<Guid>(
                name: "SignInStamp",
                table: "Members",
                type: "uuid",
                nullable: false,
                defaultValueSql: "gen_random_uuid()");

            // The default was only for the rows above: the application always sets both stamps.
            migrationBuilder.Sql("""ALTER TABLE "Members" ALTER COLUMN "SecurityStamp" DROP DEFAULT, ALTER COLUMN "SignInStamp" DROP DEFAULT;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "SignInStamp",
                table: "Members");
        }
    }
}
