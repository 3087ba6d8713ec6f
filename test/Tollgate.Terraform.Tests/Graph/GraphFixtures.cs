namespace Tollgate.Terraform.Tests.Graph;

internal static class GraphFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "graph", name);
}
