using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Marketplace.Catalog.Data.Migrations
{
    /// <inheritdoc />
    public partial class CertificationReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CredentialId",
                table: "HeldCertifications",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectionReason",
                table: "HeldCertifications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                table: "HeldCertifications",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "HeldCertifications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "HeldCertifications",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending"); // nothing stated before was ever checked

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SubmittedAt",
                table: "HeldCertifications",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "VerificationLink",
                table: "HeldCertifications",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MaxValidityYears",
                table: "Certifications",
                type: "integer",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.CreateIndex(
                name: "IX_HeldCertifications_Status_SubmittedAt_Id",
                table: "HeldCertifications",
                columns: new[] { "Status", "SubmittedAt", "Id" });

            // Certifications already stated wait for review as of when their profile was last saved.
            migrationBuilder.Sql("""
                UPDATE "HeldCertifications" h SET "SubmittedAt" = p."UpdatedAt"
                FROM "PartnerProfiles" p WHERE p."FirmId" = h."FirmId";
                """);

            // How long vendors issue for, where it is not the default 3 years (as in taxonomy.json, which seeds new catalogs).
            migrationBuilder.Sql("""
                UPDATE "Certifications" SET "MaxValidityYears" = 1 WHERE "Id" IN ('az-104', 'az-305', 'az-140', 'ms-102', 'md-102', 'sc-200', 'mb-800');
                UPDATE "Certifications" SET "MaxValidityYears" = 2 WHERE "Id" IN ('fortinet-nse-4', 'pcnse', 'cka', 'terraform-associate');
                """);

            // Claims other services hold as verified on the firm's word alone are not: every partner that stated a
            // certification gets a new snapshot (all claims unverified until the operator approves), sent by the outbox.
            migrationBuilder.Sql("""
                WITH snapshots AS (
                    SELECT gen_random_uuid() AS id, p."FirmId" AS firm, now() AS at
                    FROM "PartnerProfiles" p
                    WHERE EXISTS (SELECT 1 FROM "HeldCertifications" h WHERE h."FirmId" = p."FirmId"))
                INSERT INTO "OutboxMessages" ("MessageId", "MessageType", "Body", "AggregateKey", "CreatedAt", "NextAttemptAt", "Attempts")
                SELECT s.id, 'Marketplace.Contracts.PartnerSkillsChanged',
                    jsonb_build_object('eventId', s.id, 'occurredAt', s.at, 'firmId', s.firm, 'skills', COALESCE(
                        (SELECT jsonb_agg(jsonb_build_object('skillId', c."SkillId", 'level', c."Level", 'years', c."Years",
                                'verified', false, 'verifiedUntil', NULL) ORDER BY c."SkillId")
                         FROM "SkillClaims" c WHERE c."FirmId" = s.firm), '[]'::jsonb)),
                    s.firm::text, s.at, s.at, 0
                FROM snapshots s;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HeldCertifications_Status_SubmittedAt_Id",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "CredentialId",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "RejectionReason",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "VerificationLink",
                table: "HeldCertifications");

            migrationBuilder.DropColumn(
                name: "MaxValidityYears",
                table: "Certifications");
        }
    }
}
