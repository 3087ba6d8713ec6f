namespace Tollgate.Delivery.Running;

/// <summary>
/// How <see cref="CommandWrapper"/> reads a program that runs another command: the letters of options that take an
/// argument, those whose argument is code (<paramref name="Code"/>) or an environment assignment
/// (<paramref name="Environment"/>: a value that begins it can name <c>BASH_ENV=$(cmd)</c>, which bash expands when it
/// starts), the long options alike, how many operands come before the command (<paramref name="Skip"/>), whether
/// <c>NAME=VALUE</c> words do, what a word the value begins is where options are read (<paramref name="Open"/>: a
/// value <c>-S…</c> is env's <c>-S</c>), and, for a program whose options are not all known (<paramref name="Strict"/>),
/// its flags that take no argument (<paramref name="Flags"/>, <paramref name="LongFlags"/>): after any other option it
/// is unknown whether the next word is the option's argument or the command.
/// </summary>
internal sealed record WrapperGrammar(
    string Arguments,
    string Code = "",
    string[]? Long = null,
    string[]? LongCode = null,
    int Skip = 0,
    bool Assignments = false,
    WrapperKind Kind = WrapperKind.Plain,
    PlaceholderSite? Open = null,
    string Environment = "",
    string[]? LongEnvironment = null,
    bool Strict = false,
    string Flags = "",
    string[]? LongFlags = null)
{
    public string[] Long { get; } = Long ?? [];

    public string[] LongCode { get; } = LongCode ?? [];

    public string[] LongEnvironment { get; } = LongEnvironment ?? [];

    public string[] LongFlags { get; } = LongFlags ?? [];

    /// <summary>ssh: <c>-o</c>'s argument is a config line (<c>ProxyCommand=…</c> runs a command); the host, then the remote command.</summary>
    public static WrapperGrammar Ssh { get; } = new("bcDEeFIiJLlmOopQRSWw", Code: "o", Skip: 1, Kind: WrapperKind.Ssh, Open: PlaceholderSite.Code);

    /// <summary>
    /// kubectl's flags that take an argument (the global ones and the common ones of its commands), read anywhere before
    /// <c>--</c>: after any other, a word the value begins may be a flag of its own. <c>run --env NAME=VALUE</c> is an
    /// environment assignment, as docker's <c>-e</c> is.
    /// </summary>
    public static WrapperGrammar Kubectl { get; } = new(
        "ncslov",
        Long: ["--namespace", "--container", "--server", "--selector", "--output", "--filename", "--pod", "--v", "--kubeconfig", "--context", "--cluster", "--user", "--token", "--as", "--as-group", "--as-uid", "--cache-dir", "--certificate-authority", "--client-certificate", "--client-key", "--request-timeout", "--tls-server-name", "--profile", "--profile-output", "--username", "--password", "--field-selector", "--template", "--to-revision", "--revision", "--image", "--replicas", "--timeout", "--type", "--port", "--overrides", "--labels", "--pod-running-timeout", "--sort-by", "--since", "--since-time", "--tail", "--grace-period", "--field-manager", "--kustomize", "--patch", "--patch-file", "--subresource", "--for"],
        Kind: WrapperKind.Kubectl,
        Open: PlaceholderSite.Option,
        LongEnvironment: ["--env"]);

    /// <summary>
    /// systemd-run (systemd 252's options, and the newer <c>--expand-environment</c>, <c>--job-mode</c>, <c>-C</c>/<c>--capsule</c>,
    /// <c>--json</c>, <c>--background</c>): a unit property (<c>-p</c>, <c>--path-property</c>, …) is code, systemd reading
    /// <c>ExecStartPre=</c> as a command line and splitting <c>Environment=</c> into assignments; <c>-E NAME=VALUE</c> an
    /// environment assignment; options end at the first operand, the command.
    /// </summary>
    public static WrapperGrammar SystemdRun { get; } = new(
        "HMupEC",
        Code: "p",
        Long: ["--host", "--machine", "--unit", "--description", "--slice", "--service-type", "--uid", "--gid", "--nice", "--working-directory", "--on-active", "--on-boot", "--on-startup", "--on-unit-active", "--on-unit-inactive", "--on-calendar", "--expand-environment", "--job-mode", "--capsule", "--json", "--background"],
        LongCode: ["--property", "--path-property", "--socket-property", "--timer-property"],
        Kind: WrapperKind.SystemdRun,
        Open: PlaceholderSite.Option,
        Environment: "E",
        LongEnvironment: ["--setenv"],
        Strict: true,
        Flags: "hrdtPqGSv",
        LongFlags: ["--help", "--version", "--no-ask-password", "--user", "--system", "--scope", "--slice-inherit", "--no-block", "--remain-after-exit", "--wait", "--send-sighup", "--same-dir", "--pty", "--pipe", "--quiet", "--collect", "--shell", "--on-timezone-change", "--on-clock-change", "--verbose", "--ignore-failure"]);

    /// <summary>The programs read, by name.</summary>
    public static readonly IReadOnlyDictionary<string, WrapperGrammar> Programs = new Dictionary<string, WrapperGrammar>
    {
        ["exec"] = new("a"),
        ["env"] = new("uCS", Code: "S", Long: ["--unset", "--chdir"], LongCode: ["--split-string"], Assignments: true, Open: PlaceholderSite.Code),
        ["sudo"] = new("ugCDhprtUTR", Long: ["--user", "--group", "--close-from", "--chdir", "--host", "--prompt", "--role", "--type", "--other-user", "--command-timeout", "--chroot"]),
        ["timeout"] = new("sk", Long: ["--signal", "--kill-after"], Skip: 1),
        ["nice"] = new("n", Long: ["--adjustment"]),
        ["nohup"] = new(""),
        ["setsid"] = new(""),
        ["stdbuf"] = new("ioe", Long: ["--input", "--output", "--error"]),
        ["xargs"] = new("aEILnPsd", Long: ["--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"]),
        ["find"] = new("", Kind: WrapperKind.Find),
        ["kubectl"] = Kubectl,
        ["docker"] = new("", Kind: WrapperKind.Docker),
        ["podman"] = new("", Kind: WrapperKind.Docker),
        ["su"] = new("cgGsw", Code: "c", Long: ["--group", "--supp-group", "--shell", "--whitelist-environment"], LongCode: ["--command", "--session-command"], Kind: WrapperKind.Su, Open: PlaceholderSite.Code),
        ["runuser"] = new("cgGswu", Code: "c", Long: ["--group", "--supp-group", "--shell", "--whitelist-environment", "--user"], LongCode: ["--command", "--session-command"], Kind: WrapperKind.Runuser, Open: PlaceholderSite.Code),
        ["ssh"] = Ssh,
        ["doas"] = new("aCu"),
        ["chroot"] = new("", Skip: 1),
        ["flock"] = new("wE", Long: ["--timeout", "--conflict-exit-code"], Skip: 1, Kind: WrapperKind.Flock),
        ["script"] = new("IOBTmcEo", Code: "c", Long: ["--log-in", "--log-out", "--log-io", "--log-timing", "--logging-format", "--echo", "--output-limit"], LongCode: ["--command"], Kind: WrapperKind.Script, Open: PlaceholderSite.Code),
        ["watch"] = new("nq", Long: ["--interval", "--equexit"], Kind: WrapperKind.Watch),
        ["systemd-run"] = SystemdRun,
        ["gcloud"] = new("", Kind: WrapperKind.Gcloud),
        ["parallel"] = new("", Kind: WrapperKind.Parallel),
        ["sem"] = new("", Kind: WrapperKind.Parallel),
        ["env_parallel"] = new("", Kind: WrapperKind.Parallel),
        ["nsenter"] = new("tSGW", Long: ["--target", "--setuid", "--setgid", "--wdns"]),
        ["unshare"] = new("RwSG", Long: ["--root", "--wd", "--setuid", "--setgid", "--propagation", "--setgroups", "--map-user", "--map-group", "--map-users", "--map-groups", "--monotonic", "--boottime"]),
        ["chrt"] = new("TPD", Long: ["--sched-runtime", "--sched-period", "--sched-deadline"], Skip: 1),
        ["ionice"] = new("cnpPu", Long: ["--class", "--classdata", "--pid", "--pgid", "--uid"]),
        ["taskset"] = new("", Skip: 1),
        ["prlimit"] = new("po", Long: ["--pid", "--output"]),
    };
}

/// <summary>How a wrapper finds its command, beyond options and operands skipped.</summary>
internal enum WrapperKind { Plain, Find, Kubectl, Docker, Su, Runuser, Ssh, Flock, Script, Watch, SystemdRun, Gcloud, Parallel }
