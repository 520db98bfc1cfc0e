using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Postgres
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
                type: "character varying(36)",
                maxLength: 36,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AddressScopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    IpVersion = table.Column<int>(type: "integer", nullable: false),
                    Shared = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
