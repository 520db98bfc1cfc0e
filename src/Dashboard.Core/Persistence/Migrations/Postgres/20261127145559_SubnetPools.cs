using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SubnetPools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubnetPoolId",
                table: "Subnets",
                type: "character varying(36)",
                maxLength: 36,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SubnetPools",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    IpVersion = table.Column<int>(type: "integer", nullable: false),
                    Prefixes = table.Column<string>(type: "text", nullable: false),
                    MinPrefixLen = table.Column<int>(type: "integer", nullable: false),
                    MaxPrefixLen = table.Column<int>(type: "integer", nullable: false),
                    DefaultPrefixLen = table.Column<int>(type: "integer", nullable: false),
                    DefaultQuota = table.Column<long>(type: "bigint", nullable: true),
                    Shared = table.Column<bool>(type: "boolean", nullable: false),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubnetPools", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Subnets_SubnetPoolId",
                table: "Subnets",
                column: "SubnetPoolId");

            migrationBuilder.CreateIndex(
                name: "IX_SubnetPools_ProjectId",
                table: "SubnetPools",
                column: "ProjectId");

            migrationBuilder.AddForeignKey(
                name: "FK_Subnets_SubnetPools_SubnetPoolId",
                table: "Subnets",
                column: "SubnetPoolId",
                principalTable: "SubnetPools",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Subnets_SubnetPools_SubnetPoolId",
                table: "Subnets");

            migrationBuilder.DropTable(
                name: "SubnetPools");

            migrationBuilder.DropIndex(
                name: "IX_Subnets_SubnetPoolId",
                table: "Subnets");

            migrationBuilder.DropColumn(
                name: "SubnetPoolId",
                table: "Subnets");
        }
    }
}
