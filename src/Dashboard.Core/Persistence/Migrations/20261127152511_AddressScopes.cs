using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AddressScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressScopeId",
                table: "SubnetPools",
                type: "TEXT",
                maxLength: 36,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AddressScopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    IpVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Shared = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevisionNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AddressScopes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubnetPools_AddressScopeId",
                table: "SubnetPools",
                column: "AddressScopeId");

            migrationBuilder.CreateIndex(
                name: "IX_AddressScopes_ProjectId",
                table: "AddressScopes",
                column: "ProjectId");

            migrationBuilder.AddForeignKey(
                name: "FK_SubnetPools_AddressScopes_AddressScopeId",
                table: "SubnetPools",
                column: "AddressScopeId",
                principalTable: "AddressScopes",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SubnetPools_AddressScopes_AddressScopeId",
                table: "SubnetPools");

            migrationBuilder.DropTable(
                name: "AddressScopes");

            migrationBuilder.DropIndex(
                name: "IX_SubnetPools_AddressScopeId",
                table: "SubnetPools");

            migrationBuilder.DropColumn(
                name: "AddressScopeId",
                table: "SubnetPools");
        }
    }
}
