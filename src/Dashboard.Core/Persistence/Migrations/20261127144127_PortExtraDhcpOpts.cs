using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PortExtraDhcpOpts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ExtraDhcpOpts",
                table: "Ports",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // existing ports have no options (an empty JSON list, as the column holds)
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExtraDhcpOpts",
                table: "Ports");
        }
    }
}
