using System.Text;

namespace Tollgate.Terraform.Addresses;

/// <summary>
/// A Terraform resource instance address such as <c>module.net["eu"].aws_subnet.a[0]</c>, split into its module
/// path and resource part. Instance keys may hold quoted strings with dots and brackets; they are parsed, not split.
/// </summary>
public sealed record ResourceAddress(string Module, string ModuleConfig, string Resource, string ResourceConfig)
{
    /// <summary>The instance address as Terraform prints it.</summary>
    public string Instance => Module.Length == 0 ? Resource : Module + "." + Resource;

    /// <summary>The configuration address: every instance key removed (<c>module.net.aws_subnet.a</c>).</summary>
    public string Config => ModuleConfig.Length == 0 ? ResourceConfig : ModuleConfig + "." + ResourceConfig;

    public static ResourceAddress Parse(string address)
    {
        var parts = SplitSteps(address);
        var module = new StringBuilder();
        var moduleConfig = new StringBuilder();
        var i = 0;
        while (i + 1 < parts.Count && parts[i].Name == "module")
        {
            Append(module, "module." + parts[i + 1].Name + parts[i + 1].Key);
            Append(moduleConfig, "module." + parts[i + 1].Name);
            i += 2;
        }

        var resource = new StringBuilder();
        var resourceConfig = new StringBuilder();
        for (; i < parts.Count; i++)
        {
            Append(resource, parts[i].Name + parts[i].Key);
            Append(resourceConfig, parts[i].Name);
        }

        return new ResourceAddress(module.ToString(), moduleConfig.ToString(), resource.ToString(), resourceConfig.ToString());
    }

    /// <summary>
    /// True for a module path with no resource after it, with or without instance keys (<c>module.a</c>,
    /// <c>module.a.module.b[0]</c>, <c>module.svc["a.b"]</c>): a module call or instance, which names no resource. Keys
    /// are parsed, not split on dots.
    /// </summary>
    public static bool IsModule(string address) =>
        address.StartsWith("module.", StringComparison.Ordinal) && Parse(address).ResourceConfig.Length == 0;

    /// <summary>
    /// The configuration address of an instance address (<c>module.net["eu"].aws_subnet.a[0]</c> gives
    /// <c>module.net.aws_subnet.a</c>), the same as <see cref="Config"/> of <see cref="Parse"/> but with one
    /// allocation at most: the address itself when it has no instance key. Prior state holds one per resource.
    /// </summary>
    public static string ConfigOf(string address)
    {
        var start = address.IndexOf('[', StringComparison.Ordinal);
        if (start < 0)
        {
            return OnlyModules(address) ? address + "." : address;
        }

        var buffer = address.Length <= 512 ? stackalloc char[address.Length] : new char[address.Length];
        address.AsSpan(0, start).CopyTo(buffer);
        var length = start;
        for (var i = start; i < address.Length; i++)
        {
            if (address[i] == '[')
            {
                i = KeyEnd(address, i);
            }
            else
            {
                buffer[length++] = address[i];
            }
        }

        var config = new string(buffer[..length]);
        return OnlyModules(config) ? config + "." : config;
    }

    /// <summary>True for a module path with no resource after it (<c>module.a.module.b</c>), whose <see cref="Config"/> ends in a dot.</summary>
    private static bool OnlyModules(string config)
    {
        if (!config.StartsWith("module.", StringComparison.Ordinal))
        {
            return false;
        }

        var steps = 0;
        foreach (var range in config.AsSpan().Split('.'))
        {
            if (steps % 2 == 0 && !config.AsSpan(range).SequenceEqual("module"))
            {
                return false;
            }

            steps++;
        }

        return steps % 2 == 0;
    }

    /// <summary>The module path without instance keys of any address, e.g. <c>module.a.module.b</c>.</summary>
    public static string ModuleConfigOf(string moduleAddress) =>
        moduleAddress.Length == 0 ? "" : Parse(moduleAddress + ".x.y").ModuleConfig;

    private static void Append(StringBuilder builder, string step)
    {
        if (builder.Length > 0)
        {
            builder.Append('.');
        }

        builder.Append(step);
    }

    /// <summary>
    /// The index of the <c>]</c> that closes the instance key opening at <paramref name="open"/> (nested brackets and
    /// quoted strings with escapes skipped), or the last index when the key is never closed.
    /// </summary>
    private static int KeyEnd(string address, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < address.Length; i++)
        {
            var c = address[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        return address.Length - 1;
    }

    /// <summary>
    /// The module instances of a module path, outermost first: <c>module.a["x.y"].module.b</c> gives
    /// <c>module.a["x.y"]</c> and <c>module.b</c>; the root module ("") none.
    /// </summary>
    public static IReadOnlyList<string> ModuleSteps(string moduleAddress)
    {
        if (moduleAddress.Length == 0)
        {
            return [];
        }

        var parts = SplitSteps(moduleAddress);
        var steps = new List<string>(parts.Count / 2);
        for (var i = 0; i + 1 < parts.Count; i += 2)
        {
            steps.Add("module." + parts[i + 1].Name + parts[i + 1].Key);
        }

        return steps;
    }

    /// <summary>Splits on dots outside brackets; each step keeps its bracketed keys separately.</summary>
    private static List<(string Name, string Key)> SplitSteps(string address)
    {
        var steps = new List<(string, string)>();
        var name = new StringBuilder();
        var key = new StringBuilder();
        for (var i = 0; i < address.Length; i++)
        {
            var c = address[i];
            switch (c)
            {
                case '[':
                    var end = KeyEnd(address, i);
                    key.Append(address, i, end - i + 1);
                    i = end;
                    break;
                case '.':
                    steps.Add((name.ToString(), key.ToString()));
                    name.Clear();
                    key.Clear();
                    break;
                default:
                    name.Append(c);
                    break;
            }
        }

        steps.Add((name.ToString(), key.ToString()));
        return steps;
    }
}
