using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations;

/// <inheritdoc />
public partial class Credentials : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Credentials",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                Type = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                UserName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                PasswordCipher = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Credentials", x => x.Id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Credentials_Name",
            table: "Credentials",
            column: "Name",
            unique: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "Credentials");
    }
}
