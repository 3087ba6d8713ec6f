namespace Tollgate.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => TollgateCli.RunAsync(args, CliHost.System());
}
