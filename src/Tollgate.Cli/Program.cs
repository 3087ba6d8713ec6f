using Tollgate.Cli.Hosting;

namespace Tollgate.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => SignalledRun.MainAsync(args);
}
