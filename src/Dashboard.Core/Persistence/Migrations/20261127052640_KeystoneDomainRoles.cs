using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class KeystoneDomainRoles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DomainId",
                table: "Tokens",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DomainRoleAssignments",
                columns: table => new
                {
                    DomainId = table.Column<string>(type: "TEXT", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    IsGroup = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DomainRoleAssignments", x => new { x.DomainId, x.ActorId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_DomainRoleAssignments_Domains_DomainId",
                        column: x => x.DomainId,
                        principalTable: "Domains",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DomainRoleAssignments_Roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "Roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DomainRoleAssignments_ActorId",
                table: "DomainRoleAssignments",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_DomainRoleAssignments_RoleId",
                table: "DomainRoleAssignments",
                column: "RoleId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DomainRoleAssignments");

            migrationBuilder.DropColumn(
                name: "DomainId",
                table: "Tokens");
        }
    }
}
