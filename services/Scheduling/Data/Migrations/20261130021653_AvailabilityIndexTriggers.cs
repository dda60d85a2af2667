using Marketplace.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable enable

namespace Marketplace.Scheduling.Data.Migrations
{
    /// <summary>
    /// Every write that moves a firm's free hours, calendar or skills bumps its version in "FirmCapacityChanges" (mostly
    /// with raw SQL); a trigger on that bump records the firm's "availability" index change in the writing transaction,
    /// so every replica's index reloads just that firm (see AvailabilityIndex). The publisher marking a version
    /// published moves nothing the index shows. SQL only: the model is the Initial one's, so no designer copy of it.
    /// </summary>
    [DbContext(typeof(SchedulingDbContext))]
    [Migration("20261130021653_AvailabilityIndexTriggers")]
    public class AvailabilityIndexTriggers : Migration
    {
        private const string Index = "availability";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(IndexChanges.TriggerSql("FirmCapacityChanges", Index, ["FirmId"], "OLD.\"Version\" IS DISTINCT FROM NEW.\"Version\""));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(IndexChanges.DropTriggerSql("FirmCapacityChanges", Index));
        }
    }
}
