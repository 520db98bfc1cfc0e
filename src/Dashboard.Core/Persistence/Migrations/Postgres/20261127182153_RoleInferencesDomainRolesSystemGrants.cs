using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RoleInferencesDomainRolesSystemGrants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Roles_Name",
                table: "Roles");

            migrationBuilder.AddColumn<string>(
                name: "DomainId",
                table: "Roles",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RoleInferences",
                columns: table => new
                {
                    PriorRoleId = table.Column<string>(type: "character varying(64)", nullable: false),
                    ImpliedRoleId = table.Column<string>(type: "character varying(64)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleInferences", x => new { x.PriorRoleId, x.ImpliedRoleId });
                    table.ForeignKey(
                        name: "FK_RoleInferences_Roles_ImpliedRoleId",
                        column: x => x.ImpliedRoleId,
                        principalTable: "Roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoleInferences_Roles_PriorRoleId",
                        column: x => x.PriorRoleId,
                        principalTable: "Roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SystemRoleAssignments",
                columns: table => new
                {
                    ActorId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "character varying(64)", nullable: false),
                    IsGroup = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SystemRoleAssignments", x => new { x.ActorId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_SystemRoleAssignments_Roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "Roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Roles_DomainId",
                table: "Roles",
                column: "DomainId");

            migrationBuilder.CreateIndex(
                name: "IX_Roles_Name_DomainId",
                table: "Roles",
                columns: new[] { "Name", "DomainId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoleInferences_ImpliedRoleId",
                table: "RoleInferences",
                column: "ImpliedRoleId");

            migrationBuilder.CreateIndex(
                name: "IX_SystemRoleAssignments_RoleId",
                table: "SystemRoleAssignments",
                column: "RoleId");

            migrationBuilder.AddForeignKey(
                name: "FK_Roles_Domains_DomainId",
                table: "Roles",
                column: "DomainId",
                principalTable: "Domains",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            // A database made before the rules were data: keystone-manage bootstrap's admin implies member, member implies reader.
            migrationBuilder.Sql("""
                INSERT INTO "RoleInferences" ("PriorRoleId", "ImpliedRoleId")
                SELECT p."Id", i."Id" FROM "Roles" p, "Roles" i
                WHERE (p."Name" = 'admin' AND i."Name" = 'member') OR (p."Name" = 'member' AND i."Name" = 'reader')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Roles_Domains_DomainId",
                table: "Roles");

            migrationBuilder.DropTable(
                name: "RoleInferences");

            migrationBuilder.DropTable(
                name: "SystemRoleAssignments");

            migrationBuilder.DropIndex(
                name: "IX_Roles_DomainId",
                table: "Roles");

            migrationBuilder.DropIndex(
                name: "IX_Roles_Name_DomainId",
                table: "Roles");

            migrationBuilder.DropColumn(
                name: "DomainId",
                table: "Roles");

            migrationBuilder.CreateIndex(
                name: "IX_Roles_Name",
                table: "Roles",
                column: "Name",
                unique: true);
        }
    }
}
