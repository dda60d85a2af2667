using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class PartnerProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Certifications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Vendor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SkillIds = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PartnerProfiles",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartnerProfiles", x => x.FirmId);
                });

            migrationBuilder.CreateTable(
                name: "HeldCertifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    CertificationId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Engineer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiryAnnounced = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldCertifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HeldCertifications_Certifications_CertificationId",
                        column: x => x.CertificationId,
                        principalTable: "Certifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HeldCertifications_PartnerProfiles_FirmId",
                        column: x => x.FirmId,
                        principalTable: "PartnerProfiles",
                        principalColumn: "FirmId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SkillClaims",
                columns: table => new
                {
                    FirmId = table.Column<Guid>(type: "uuid", nullable: false),
                    SkillId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Years = table.Column<int>(type: "integer", nullable: false),
                    EvidenceDescription = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    EvidenceLinks = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillClaims", x => new { x.FirmId, x.SkillId });
                    table.ForeignKey(
                        name: "FK_SkillClaims_PartnerProfiles_FirmId",
                        column: x => x.FirmId,
                        principalTable: "PartnerProfiles",
                        principalColumn: "FirmId",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SkillClaims_Skills_SkillId",
                        column: x => x.SkillId,
                        principalTable: "Skills",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HeldCertifications_CertificationId",
                table: "HeldCertifications",
                column: "CertificationId");

            migrationBuilder.CreateIndex(
                name: "IX_HeldCertifications_ExpiresOn",
                table: "HeldCertifications",
                column: "ExpiresOn",
                filter: "NOT \"ExpiryAnnounced\"");

            migrationBuilder.CreateIndex(
                name: "IX_HeldCertifications_FirmId",
                table: "HeldCertifications",
                column: "FirmId");

            migrationBuilder.CreateIndex(
                name: "IX_SkillClaims_SkillId_Level",
                table: "SkillClaims",
                columns: new[] { "SkillId", "Level" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeldCertifications");

            migrationBuilder.DropTable(
                name: "SkillClaims");

            migrationBuilder.DropTable(
                name: "Certifications");

            migrationBuilder.DropTable(
                name: "PartnerProfiles");
        }
    }
}
