using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ComputeNodes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    BridgeMappings = table.Column<string>(type: "text", nullable: false),
                    TunnelIp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastHeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComputeNodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Credentials",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Type = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    UserName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    PasswordCipher = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Credentials", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Instances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    HostName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NetworkAgents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Host = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    AgentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AdminStateUp = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastHeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NetworkAgents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Networks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    AdminStateUp = table.Column<bool>(type: "boolean", nullable: false),
                    Shared = table.Column<bool>(type: "boolean", nullable: false),
                    External = table.Column<bool>(type: "boolean", nullable: false),
                    Mtu = table.Column<int>(type: "integer", nullable: false),
                    PortSecurityEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NetworkType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PhysicalNetwork = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SegmentationId = table.Column<long>(type: "bigint", nullable: true),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Networks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Projects",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    DomainId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Projects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Quotas",
                columns: table => new
                {
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Resource = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Limit = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Quotas", x => new { x.ProjectId, x.Resource });
                });

            migrationBuilder.CreateTable(
                name: "Roles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Roles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SecurityGroups",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Stateful = table.Column<bool>(type: "boolean", nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityGroups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocalVlans",
                columns: table => new
                {
                    HostName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    NetworkId = table.Column<string>(type: "character varying(36)", nullable: false),
                    Vlan = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalVlans", x => new { x.HostName, x.NetworkId });
                    table.ForeignKey(
                        name: "FK_LocalVlans_Networks_NetworkId",
                        column: x => x.NetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Ports",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    NetworkId = table.Column<string>(type: "character varying(36)", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    MacAddress = table.Column<string>(type: "character varying(17)", maxLength: 17, nullable: false),
                    AdminStateUp = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DeviceId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    DeviceOwner = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    PortSecurityEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    BindingHostId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    VifType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Ports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Ports_Networks_NetworkId",
                        column: x => x.NetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Routers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    AdminStateUp = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    GatewayNetworkId = table.Column<string>(type: "character varying(36)", nullable: true),
                    EnableSnat = table.Column<bool>(type: "boolean", nullable: false),
                    L3AgentHost = table.Column<string>(type: "text", nullable: true),
                    Routes = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Routers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Routers_Networks_GatewayNetworkId",
                        column: x => x.GatewayNetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SegmentAllocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NetworkType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PhysicalNetwork = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SegmentationId = table.Column<long>(type: "bigint", nullable: false),
                    NetworkId = table.Column<string>(type: "character varying(36)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SegmentAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SegmentAllocations_Networks_NetworkId",
                        column: x => x.NetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Subnets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    NetworkId = table.Column<string>(type: "character varying(36)", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    IpVersion = table.Column<int>(type: "integer", nullable: false),
                    Cidr = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    GatewayIp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    AllocationPools = table.Column<string>(type: "text", nullable: false),
                    EnableDhcp = table.Column<bool>(type: "boolean", nullable: false),
                    DnsNameservers = table.Column<string>(type: "text", nullable: false),
                    HostRoutes = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Subnets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Subnets_Networks_NetworkId",
                        column: x => x.NetworkId,
                        principalTable: "Networks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    DefaultProjectId = table.Column<string>(type: "character varying(64)", nullable: true),
                    DomainId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Users_Projects_DefaultProjectId",
                        column: x => x.DefaultProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SecurityGroupRules",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    SecurityGroupId = table.Column<string>(type: "character varying(36)", nullable: false),
                    Direction = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    EtherType = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Protocol = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PortRangeMin = table.Column<int>(type: "integer", nullable: true),
                    PortRangeMax = table.Column<int>(type: "integer", nullable: true),
                    RemoteIpPrefix = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RemoteGroupId = table.Column<string>(type: "character varying(36)", nullable: true),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityGroupRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SecurityGroupRules_SecurityGroups_RemoteGroupId",
                        column: x => x.RemoteGroupId,
                        principalTable: "SecurityGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SecurityGroupRules_SecurityGroups_SecurityGroupId",
                        column: x => x.SecurityGroupId,
                        principalTable: "SecurityGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PortSecurityGroups",
                columns: table => new
                {
                    PortId = table.Column<string>(type: "character varying(36)", nullable: false),
                    SecurityGroupId = table.Column<string>(type: "character varying(36)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortSecurityGroups", x => new { x.PortId, x.SecurityGroupId });
                    table.ForeignKey(
                        name: "FK_PortSecurityGroups_Ports_PortId",
                        column: x => x.PortId,
                        principalTable: "Ports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PortSecurityGroups_SecurityGroups_SecurityGroupId",
                        column: x => x.SecurityGroupId,
                        principalTable: "SecurityGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FloatingIps",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    FloatingNetworkId = table.Column<string>(type: "character varying(36)", nullable: false),
                    FloatingIpAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FloatingPortId = table.Column<string>(type: "character varying(36)", nullable: false),
                    PortId = table.Column<string>(type: "character varying(36)", nullable: true),
                    FixedIpAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RouterId = table.Column<string>(type: "character varying(36)", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevisionNumber = table.Column<long>(type: "bigint", nullable: false),
                    Tags = table.Column<string>(type: "text", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
                name: "IpAllocations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PortId = table.Column<string>(type: "character varying(36)", nullable: false),
                    SubnetId = table.Column<string>(type: "character varying(36)", nullable: false),
                    NetworkId = table.Column<string>(type: "text", nullable: false),
                    IpAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IpAllocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IpAllocations_Ports_PortId",
                        column: x => x.PortId,
                        principalTable: "Ports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IpAllocations_Subnets_SubnetId",
                        column: x => x.SubnetId,
                        principalTable: "Subnets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoleAssignments",
                columns: table => new
                {
                    ProjectId = table.Column<string>(type: "character varying(64)", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", nullable: false),
                    RoleId = table.Column<string>(type: "character varying(64)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleAssignments", x => new { x.ProjectId, x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_RoleAssignments_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoleAssignments_Roles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "Roles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RoleAssignments_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Tokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", nullable: false),
                    ProjectId = table.Column<string>(type: "text", nullable: true),
                    Methods = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuditId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Revoked = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Tokens_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComputeNodes_Name",
                table: "ComputeNodes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Credentials_Name",
                table: "Credentials",
                column: "Name",
                unique: true);

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
                name: "IX_Instances_HostName",
                table: "Instances",
                column: "HostName");

            migrationBuilder.CreateIndex(
                name: "IX_Instances_ProjectId",
                table: "Instances",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_IpAllocations_IpAddress",
                table: "IpAllocations",
                column: "IpAddress");

            migrationBuilder.CreateIndex(
                name: "IX_IpAllocations_NetworkId",
                table: "IpAllocations",
                column: "NetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_IpAllocations_PortId",
                table: "IpAllocations",
                column: "PortId");

            migrationBuilder.CreateIndex(
                name: "IX_IpAllocations_SubnetId_IpAddress",
                table: "IpAllocations",
                columns: new[] { "SubnetId", "IpAddress" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LocalVlans_HostName_Vlan",
                table: "LocalVlans",
                columns: new[] { "HostName", "Vlan" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LocalVlans_NetworkId",
                table: "LocalVlans",
                column: "NetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_NetworkAgents_Host_AgentType",
                table: "NetworkAgents",
                columns: new[] { "Host", "AgentType" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Networks_Name",
                table: "Networks",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Networks_ProjectId",
                table: "Networks",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_PortSecurityGroups_SecurityGroupId",
                table: "PortSecurityGroups",
                column: "SecurityGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Ports_BindingHostId",
                table: "Ports",
                column: "BindingHostId");

            migrationBuilder.CreateIndex(
                name: "IX_Ports_DeviceId",
                table: "Ports",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_Ports_MacAddress",
                table: "Ports",
                column: "MacAddress",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Ports_NetworkId",
                table: "Ports",
                column: "NetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_Ports_ProjectId",
                table: "Ports",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_DomainId_Name",
                table: "Projects",
                columns: new[] { "DomainId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_RoleId",
                table: "RoleAssignments",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "IX_RoleAssignments_UserId",
                table: "RoleAssignments",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Roles_Name",
                table: "Roles",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Routers_GatewayNetworkId",
                table: "Routers",
                column: "GatewayNetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_Routers_ProjectId",
                table: "Routers",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityGroupRules_ProjectId",
                table: "SecurityGroupRules",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityGroupRules_RemoteGroupId",
                table: "SecurityGroupRules",
                column: "RemoteGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityGroupRules_SecurityGroupId",
                table: "SecurityGroupRules",
                column: "SecurityGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityGroups_ProjectId",
                table: "SecurityGroups",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_SecurityGroups_ProjectId_Name",
                table: "SecurityGroups",
                columns: new[] { "ProjectId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_SegmentAllocations_NetworkId",
                table: "SegmentAllocations",
                column: "NetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_SegmentAllocations_NetworkType_PhysicalNetwork_Segmentation~",
                table: "SegmentAllocations",
                columns: new[] { "NetworkType", "PhysicalNetwork", "SegmentationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Subnets_NetworkId",
                table: "Subnets",
                column: "NetworkId");

            migrationBuilder.CreateIndex(
                name: "IX_Subnets_ProjectId",
                table: "Subnets",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_ExpiresAt",
                table: "Tokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_UserId",
                table: "Tokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_DefaultProjectId",
                table: "Users",
                column: "DefaultProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Users_DomainId_Name",
                table: "Users",
                columns: new[] { "DomainId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComputeNodes");

            migrationBuilder.DropTable(
                name: "Credentials");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "FloatingIps");

            migrationBuilder.DropTable(
                name: "Instances");

            migrationBuilder.DropTable(
                name: "IpAllocations");

            migrationBuilder.DropTable(
                name: "LocalVlans");

            migrationBuilder.DropTable(
                name: "NetworkAgents");

            migrationBuilder.DropTable(
                name: "PortSecurityGroups");

            migrationBuilder.DropTable(
                name: "Quotas");

            migrationBuilder.DropTable(
                name: "RoleAssignments");

            migrationBuilder.DropTable(
                name: "SecurityGroupRules");

            migrationBuilder.DropTable(
                name: "SegmentAllocations");

            migrationBuilder.DropTable(
                name: "Tokens");

            migrationBuilder.DropTable(
                name: "Routers");

            migrationBuilder.DropTable(
                name: "Subnets");

            migrationBuilder.DropTable(
                name: "Ports");

            migrationBuilder.DropTable(
                name: "Roles");

            migrationBuilder.DropTable(
                name: "SecurityGroups");

            migrationBuilder.DropTable(
                name: "Users");

            migrationBuilder.DropTable(
                name: "Networks");

            migrationBuilder.DropTable(
                name: "Projects");
        }
    }
}
