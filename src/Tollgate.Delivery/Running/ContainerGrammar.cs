namespace Tollgate.Delivery.Running;

/// <summary>
/// The options of the commands <see cref="CommandWrapper"/> follows into a container or a remote host: docker's and
/// podman's <c>run</c> and <c>exec</c> (flags read up to the image or container, as their parsers stop there; the words
/// after it are the command, run as argv), and <c>gcloud … ssh</c>, whose flags are read anywhere before <c>--</c>.
/// </summary>
internal static class ContainerGrammar
{
    /// <summary>
    /// <c>docker run</c>'s options that take an argument (docker 28) and podman's that docker lacks; <c>--entrypoint</c>
    /// names the program the command's words go to, <c>--health-cmd</c> is a shell command the container runs.
    /// </summary>
    private static readonly string[] RunArguments =
    [
        "--add-host", "--annotation", "--attach", "--blkio-weight", "--blkio-weight-device", "--cap-add", "--cap-drop", "--cgroup-parent",
        "--cgroupns", "--cidfile", "--cpu-count", "--cpu-percent", "--cpu-period", "--cpu-quota", "--cpu-rt-period", "--cpu-rt-runtime",
        "--cpu-shares", "--cpus", "--cpuset-cpus", "--cpuset-mems", "--detach-keys", "--device", "--device-cgroup-rule", "--device-read-bps",
        "--device-read-iops", "--device-write-bps", "--device-write-iops", "--dns", "--dns-option", "--dns-opt", "--dns-search", "--domainname",
        "--entrypoint", "--env-file", "--expose", "--gpus", "--group-add", "--health-interval", "--health-retries", "--health-start-interval",
        "--health-start-period", "--health-timeout", "--hostname", "--io-maxbandwidth", "--io-maxiops", "--ip", "--ip6", "--ipc", "--isolation",
        "--kernel-memory", "--label", "--label-file", "--link", "--link-local-ip", "--log-driver", "--log-opt", "--mac-address", "--memory",
        "--memory-reservation", "--memory-swap", "--memory-swappiness", "--mount", "--name", "--network", "--net", "--network-alias", "--net-alias",
        "--oom-score-adj", "--pid", "--pids-limit", "--platform", "--publish", "--pull", "--restart", "--runtime", "--security-opt", "--shm-size",
        "--stop-signal", "--stop-timeout", "--storage-opt", "--sysctl", "--tmpfs", "--ulimit", "--user", "--userns", "--uts", "--volume",
        "--volume-driver", "--volumes-from", "--workdir",
        "--arch", "--authfile", "--cert-dir", "--cgroup-conf", "--cgroups", "--chrootdirs", "--conmon-pidfile", "--creds", "--decryption-key",
        "--env-merge", "--gidmap", "--group-entry", "--health-on-failure", "--health-startup-interval", "--health-startup-retries",
        "--health-startup-success", "--health-startup-timeout", "--hostuser", "--hosts-file", "--image-volume", "--init-path", "--os",
        "--passwd-entry", "--personality", "--pidfile", "--pod", "--pod-id-file", "--preserve-fds", "--rdt-class", "--requires", "--retry",
        "--retry-delay", "--sdnotify", "--seccomp-policy", "--secret", "--shm-size-systemd", "--subgidname", "--subuidname", "--systemd",
        "--timeout", "--tz", "--uidmap", "--umask", "--unsetenv", "--variant",
    ];

    private static readonly string[] RunFlags =
    [
        "--detach", "--disable-content-trust", "--help", "--init", "--interactive", "--no-healthcheck", "--oom-kill-disable", "--privileged",
        "--publish-all", "--quiet", "--read-only", "--rm", "--sig-proxy", "--tty", "--use-api-socket",
        "--env-host", "--http-proxy", "--no-hosts", "--passwd", "--read-only-tmpfs", "--replace", "--rootfs", "--tls-verify", "--unsetenv-all",
        "--no-TTY", "--no-deps", "--service-ports", "--use-aliases", "--build", "--quiet-pull", "--remove-orphans",
    ];

    /// <summary>
    /// <c>docker run</c>, <c>podman run</c>, also <c>docker compose run</c> (its <c>-T</c> and other flags, which docker's
    /// run would refuse): options, the image or service, then the command as argv (<c>-e NAME=VALUE</c> an environment assignment).
    /// </summary>
    public static WrapperGrammar Run { get; } = new(
        "acehlmpuvw",
        Long: RunArguments,
        LongCode: ["--health-cmd", "--health-startup-cmd"],
        Skip: 1,
        Kind: WrapperKind.Docker,
        Open: PlaceholderSite.Option,
        Environment: "e",
        LongEnvironment: ["--env"],
        Strict: true,
        Flags: "diPqtT",
        LongFlags: RunFlags);

    /// <summary><c>docker exec</c>, <c>podman exec</c>, <c>docker compose exec</c>: options, the container or service, then the command as argv.</summary>
    public static WrapperGrammar Exec { get; } = new(
        "euw",
        Long: ["--env-file", "--user", "--workdir", "--detach-keys", "--preserve-fds", "--preserve-fd", "--index"],
        Skip: 1,
        Kind: WrapperKind.Docker,
        Open: PlaceholderSite.Option,
        Environment: "e",
        LongEnvironment: ["--env"],
        Strict: true,
        Flags: "ditlT",
        LongFlags: ["--detach", "--interactive", "--tty", "--privileged", "--latest", "--help", "--no-TTY"]);

    /// <summary>
    /// <c>gcloud compute ssh [USER@]INSTANCE</c> (and <c>cloud-shell ssh</c>, <c>compute tpus tpu-vm ssh</c>), as
    /// gcloud 528 builds ssh's words: <c>--command</c> (split at spaces) and <c>--container</c>
    /// (<c>sudo docker exec -i CONTAINER …</c>) become the remote command, which ssh joins for the remote shell to parse;
    /// <c>--ssh-flag</c>'s words are options of the local ssh (<c>-oProxyCommand=…</c> runs a command); the words after
    /// <c>--</c> follow the host, where ssh reads options and then the remote command.
    /// </summary>
    public static WrapperGrammar GcloudSsh { get; } = new(
        "",
        Long: ["--zone", "--project", "--ssh-key-file", "--strict-host-key-checking", "--ssh-key-expiration", "--ssh-key-expire-after", "--account",
            "--billing-project", "--configuration", "--flags-file", "--flatten", "--format", "--impersonate-service-account", "--verbosity",
            "--trace-token", "--network", "--region", "--dest-group", "--worker", "--ssh-key-file"],
        LongCode: ["--ssh-flag"],
        Kind: WrapperKind.Gcloud,
        Open: PlaceholderSite.Option);

    /// <summary>gcloud's options whose argument the remote shell parses.</summary>
    public static readonly string[] RemoteOptions = ["--command", "--container"];
}
