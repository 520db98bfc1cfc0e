using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AvailabilityZonesAgentDescription : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AvailabilityZoneHints",
                table: "Routers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "AvailabilityZoneHints",
                table: "Networks",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "AgentDescription",
                table: "ComputeNodes",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AvailabilityZone",
                table: "ComputeNodes",
                type: "TEXT",
                maxLength: 255,
                nullable: false,
                defaultValue: "nova");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AvailabilityZoneHints",
                table: "Routers");

            migrationBuilder.DropColumn(
                name: "AvailabilityZoneHints",
                table: "Networks");

            migrationBuilder.DropColumn(
                name: "AgentDescription",
                table: "ComputeNodes");

            migrationBuilder.DropColumn(
                name: "AvailabilityZone",
                table: "ComputeNodes");
        }
    }
}
