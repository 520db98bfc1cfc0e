using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NetworkNode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "L3AgentHost",
                table: "Routers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "FloatingIps",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    FloatingNetworkId = table.Column<string>(type: "TEXT", nullable: false),
                    FloatingIpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FloatingPortId = table.Column<string>(type: "TEXT", nullable: false),
                    PortId = table.Column<string>(type: "TEXT", nullable: true),
                    FixedIpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RouterId = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevisionNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FloatingIps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FloatingIps_Networks_FloatingNetworkId",
                        column: x => x.FloatingNetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FloatingIps_Ports_FloatingPortId",
                        column: x => x.FloatingPortId,
                        principalTable: "Ports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_FloatingIps_Ports_PortId",
                        column: x => x.PortId,
                        principalTable: "Ports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_FloatingIps_Routers_RouterId",
                        column: x => x.RouterId,
                        principalTable: "Routers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NetworkAgents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    AgentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AdminStateUp = table.Column<bool>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastHeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkAgents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FloatingIps_FloatingNetworkId",
                table: "FloatingIps",
                column: "FloatingNetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_FloatingIps_FloatingPortId",
                table: "FloatingIps",
                column: "FloatingPortId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FloatingIps_PortId",
                table: "FloatingIps",
                column: "PortId");

            migrationBuilder.CreateIndex(
                name: "IX_FloatingIps_ProjectId",
                table: "FloatingIps",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_FloatingIps_RouterId",
                table: "FloatingIps",
                column: "RouterId");

            migrationBuilder.CreateIndex(
                name: "IX_NetworkAgents_Host_AgentType",
                table: "NetworkAgents",
                columns: new[] { "Host", "AgentType" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FloatingIps");

            migrationBuilder.DropTable(
                name: "NetworkAgents");

            migrationBuilder.DropColumn(
                name: "L3AgentHost",
                table: "Routers");
        }
    }
}
