using Dashboard.Core.Extensions;
using Dashboard.Core.Policies;

namespace Dashboard.Core.Tests.Policies;

/// <summary>oslo.policy's check language as this engine reads it, and Neutron's defaults as it decides them.</summary>
public class PolicyEngineTests
{
    private static readonly PolicyEnforcer Defaults = PolicyEnforcer.Create(NeutronResources.Extensions, new PolicyOptions(), Path.GetTempPath());

    private static Caller As(string project, params string[] roles) => Defaults.CallerOf("u-" + project, "user", project, roles);

    private static bool Check(string check, Caller caller, PolicyTarget target) =>
        new PolicyEnforcer([new PolicyRule("x", check, ""), new PolicyRule("admin_only", "role:admin", ""), new PolicyRule("default", "!", "")]).Allows(caller, "x", target);

    [Theory]
    [InlineData("@", true)]
    [InlineData("", true)]
    [InlineData("!", false)]
    [InlineData("role:member", true)]
    [InlineData("role:MEMBER", true)]
    [InlineData("role:reader", false)] // only the roles the token lists: a member's token lists reader (the inference rule), this caller's does not
    [InlineData("role:admin", false)]
    [InlineData("project_id:%(project_id)s", true)]
    [InlineData("project_id:%(missing)s", false)]
    [InlineData("role:admin or project_id:%(project_id)s", true)]
    [InlineData("role:admin and project_id:%(project_id)s", false)]
    [InlineData("not role:admin", true)]
    [InlineData("(role:admin or role:member) and not field:networks:shared=True", false)]
    [InlineData("role:admin or role:member and field:networks:shared=False", false)] // and binds tighter than or
    [InlineData("field:networks:router:external=False", true)]
    [InlineData("'p1':%(project_id)s", true)]
    [InlineData("rule:admin_only or (role:member and (project_id:%(project_id)s))", true)]
    public void Checks_read_as_oslo_policy_reads_them(string check, bool expected)
    {
        var target = PolicyTarget.Of(("project_id", "p1"), ("shared", true), ("router:external", false));

        Assert.Equal(expected, Check(check, As("p1", "member"), target));
    }

    [Theory]
    [InlineData("role:admin or", "ends where a check was expected")]
    [InlineData("(role:admin", "is not closed")]
    [InlineData("role:admin )", "unexpected ')'")]
    [InlineData("and role:admin", "unexpected 'and'")]
    [InlineData("admin", "is not a check")]
    [InlineData("field:networks:shared", "is not a field check")]
    public void A_check_that_is_not_oslo_policy_syntax_is_refused_with_the_reason(string check, string reason)
    {
        var error = Assert.Throws<PolicySyntaxException>(() => PolicyParser.Parse(check));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Neutrons_defaults_let_members_change_their_project_readers_see_it_and_everyone_see_shared_networks()
    {
        var own = PolicyTarget.OfProject("p1");
        var sharedOfAnother = PolicyTarget.OfProject("p2").With("shared", true);

        Assert.True(Defaults.Allows(As("p1", "member"), "create_network", own));
        Assert.False(Defaults.Allows(As("p1", "reader"), "create_network", own));
        Assert.True(Defaults.Allows(As("p1", "reader"), "get_network", own));
        Assert.False(Defaults.Allows(As("p2", "member"), "get_network", own));
        Assert.False(Defaults.Allows(As("p1", "member"), "create_network", PolicyTarget.OfProject("p2")));
        Assert.True(Defaults.Allows(As("p1", "member"), "get_network", sharedOfAnother));
        Assert.False(Defaults.Allows(As("p1", "member"), "update_network", sharedOfAnother));
        Assert.False(Defaults.Allows(As("p1", "member"), "create_network:shared", own));
        Assert.False(Defaults.Allows(As("p1", "member"), "get_port:binding:host_id", own));
        Assert.True(Defaults.Allows(As("p9", "admin"), "get_port:binding:host_id", own));
        Assert.True(Defaults.Allows(As("p9", "admin"), "delete_router", own));
        Assert.True(As("p9", "admin").IsAdmin);
        Assert.False(As("p1", "member").IsAdmin);
    }

    [Fact]
    public void A_subnet_belongs_to_whoever_owns_its_network()
    {
        var onMyNetwork = PolicyTarget.OfProject("p1").With("network:project_id", "p1");
        var onAnothersSharedNetwork = PolicyTarget.OfProject("p1").With("network:project_id", "p2").With("network:shared", true);

        Assert.True(Defaults.Allows(As("p1", "member"), "create_subnet", onMyNetwork));
        Assert.False(Defaults.Allows(As("p1", "member"), "create_subnet", onAnothersSharedNetwork));
        Assert.True(Defaults.Allows(As("p3", "member"), "get_subnet", PolicyTarget.OfProject("p2").With("network:shared", true)));
        Assert.Contains("network:project_id", Defaults.TargetKeys("create_subnet"));
    }

    [Fact]
    public void A_policy_file_overrides_a_default_and_an_unknown_action_falls_back_to_default()
    {
        var file = PolicyFile.Parse("""
            # only admins make networks here
            "create_network": "rule:admin_only"
            "default": "!"
            """, "policy.yaml");
        var enforcer = new PolicyEnforcer([.. NeutronPolicies.Base, .. NeutronPolicies.Resources], file, "policy.yaml");

        Assert.False(enforcer.Allows(As("p1", "member"), "create_network", PolicyTarget.OfProject("p1")));
        Assert.True(enforcer.Allows(As("p1", "member"), "create_port", PolicyTarget.OfProject("p1")));
        Assert.False(enforcer.Allows(As("p1", "member"), "no_such_action", PolicyTarget.OfProject("p1")));
        Assert.True(enforcer.Rules.Single(r => r.Name == "create_network").Overridden);
    }

    [Theory]
    [InlineData("\"create_network\": \"role:admin or\"", 1, "rule 'create_network': the check string ends")]
    [InlineData("\"a\": \"@\"\n\"create_network\": \"rule:no_such_rule\"", 2, "refers to 'rule:no_such_rule'")]
    [InlineData("\"create_network\": [1, 2]", 1, "must be a check string")]
    [InlineData("\"a\": \"@\"\n\"a\": \"!\"", 2, "Duplicate key")]
    [InlineData("- role:admin", 1, "a mapping of rule names")]
    [InlineData("\"a\": \"rule:b\"\n\"b\": \"role:x or rule:a\"", 1, "refers back to itself: a -> b -> a")]
    [InlineData("\"a\": \"@\n", 1, "not valid YAML")]
    public void A_bad_policy_file_is_refused_with_its_line_and_reason(string text, int line, string reason)
    {
        var error = Assert.Throws<PolicyFileException>(() =>
            new PolicyEnforcer([.. NeutronPolicies.Base, .. NeutronPolicies.Resources], PolicyFile.Parse(text, "policy.yaml"), "policy.yaml"));

        Assert.Contains($"policy.yaml:{line}:", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Every_default_rule_parses_and_names_only_rules_that_exist()
    {
        Assert.NotEmpty(Defaults.Rules);
        Assert.All(Defaults.Rules, r => Assert.False(r.Overridden));
        Assert.Contains(Defaults.Rules, r => r.Name == "identity:list_users");
        Assert.Contains(Defaults.Rules, r => r.Name == "create_network:provider:network_type");
    }

    [Fact]
    public void A_policy_file_path_is_read_relative_to_the_content_root_and_a_missing_one_is_refused()
    {
        var root = Directory.CreateTempSubdirectory("policy-root").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "policy.yaml"), "\"create_network\": \"!\"\n");

            var enforcer = PolicyEnforcer.Create(NeutronResources.Extensions, new PolicyOptions { File = "policy.yaml" }, root);
            var missing = Assert.Throws<PolicyFileException>(() => PolicyEnforcer.Create(NeutronResources.Extensions, new PolicyOptions { File = "nowhere.yaml" }, root));

            Assert.False(enforcer.Allows(As("p1", "admin"), "create_network", PolicyTarget.OfProject("p1")));
            Assert.Equal($"Policy file '{Path.Combine(root, "nowhere.yaml")}' does not exist.", missing.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
