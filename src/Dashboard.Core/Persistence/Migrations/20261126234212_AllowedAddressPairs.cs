using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AllowedAddressPairs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AllowedAddressPairs",
                table: "Ports",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // existing ports have no pairs (an empty JSON list, not an empty text)
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AllowedAddressPairs",
                table: "Ports");
        }
    }
}
