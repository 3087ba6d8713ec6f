using Tollgate.Domain;
using Tollgate.Domain.Findings;

namespace Tollgate.Terraform.Graph.Config;

/// <summary>
/// What <see cref="HclConfigLoader"/> has read so far, from <c>.tf</c> and <c>.tf.json</c> files alike. While
/// <see cref="Overriding"/> (a module's override files), a block with the address of one already read is merged
/// into it (<see cref="ConfigOverride"/>) instead of added; otherwise a name the module already declares is refused
/// (<see cref="ModuleDeclarations"/>).
/// </summary>
internal sealed record ConfigLoadState(string Root, Dictionary<string, string> Installed)
{
    public List<ConfigResource> Resources { get; } = [];

    public List<ConfigModuleCall> Calls { get; } = [];

    public Dictionary<string, IReadOnlyList<string>> Locals { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IReadOnlyList<string>> Outputs { get; } = new(StringComparer.Ordinal);

    /// <summary>What each variable's validation blocks read (<see cref="TerraformConfig.Validations"/>).</summary>
    public Dictionary<string, IReadOnlyList<string>> Validations { get; } = new(StringComparer.Ordinal);

    public List<AddressMove> Moves { get; } = [];

    /// <summary>Where each local value, variable and output is declared (<see cref="TerraformConfig.ValuePlaces"/>).</summary>
    public Dictionary<string, SourceLocation> ValuePlaces { get; } = new(StringComparer.Ordinal);

    /// <summary>How messages name a file of the configuration, from its full path: as findings name it.</summary>
    public Func<string, string> Shown { get; init; } = path => path;

    public bool Overriding { get; set; }

    /// <summary>The module has override files: keep each block's arguments so they can be merged.</summary>
    public bool KeepArguments { get; set; }

    /// <summary>Names declared so far, by module: a second declaration of one outside an override file is refused.</summary>
    private ModuleDeclarations Declarations { get; } = new();

    /// <summary>
    /// Records a variable, which must be declared once in its module, with what its validation blocks read
    /// (<paramref name="validations"/>, null without one). An override file keeps the original's validations: it may
    /// not have a validation block of its own, which terraform refuses ("Can't override validation blocks").
    /// </summary>
    /// <param name="file">The file relative to the configuration root, as the configuration records it.</param>
    public void Variable(string module, string name, IReadOnlyList<string>? validations, SourceLocation at, string file)
    {
        Declare(module, "variable", name, at);
        if (validations is not null)
        {
            if (Overriding)
            {
                var where = module.Length == 0 ? "" : $" of {module}";
                throw new InvalidInputException($"{at}: the override of variable var.{name}{where} has a validation block: terraform refuses it (Can't override validation blocks)");
            }

            Validations[TerraformConfig.Key(module, name)] = validations;
        }

        Place(module, "var", name, at, file);
    }

    /// <summary>A local value; in an override file it replaces the local of that name.</summary>
    public void Local(string module, string name, IReadOnlyList<string> references, SourceLocation at, string file)
    {
        Declare(module, "local", name, at);
        Locals[TerraformConfig.Key(module, name)] = references;
        Place(module, "local", name, at, file);
    }

    /// <summary>Where a value is declared, the last declaration winning: an override's expression is the one read.</summary>
    private void Place(string module, string kind, string name, SourceLocation at, string file) =>
        ValuePlaces[TerraformConfig.ValueAddress(module, kind, name)] = at with { File = file };

    private void Declare(string module, string kind, string name, SourceLocation at)
    {
        if (!Overriding)
        {
            Declarations.Declare(module, kind, name, at);
        }
    }

    public void Add(ConfigResource resource, SourceLocation at)
    {
        Declare(resource.Module, "resource", resource.LocalAddress, at);
        var index = Overriding ? Overridden(resource) : -1;
        if (index >= 0)
        {
            Resources[index] = ConfigOverride.Merge(Resources[index], resource);
        }
        else
        {
            Resources.Add(resource);
        }
    }

    /// <summary>The resource an override replaces (its own method: a lambda here would cost a closure per resource read).</summary>
    private int Overridden(ConfigResource resource)
    {
        var address = resource.Address;
        return Resources.FindIndex(r => r.Address == address);
    }

    /// <summary>Adds a module call, or merges it into the call it overrides; true when it is new (its module is still to be read).</summary>
    public bool Add(ConfigModuleCall call, SourceLocation at)
    {
        Declare(call.Parent, "module", call.Name, at);
        var index = Overriding ? Calls.FindIndex(c => c.Path == call.Path) : -1;
        if (index >= 0)
        {
            Calls[index] = ConfigOverride.Merge(Calls[index], call);
            return false;
        }

        Calls.Add(call);
        return true;
    }

    /// <summary>An output's value; an override output without <c>value</c> keeps the original's.</summary>
    public void Output(string module, string name, IReadOnlyList<string>? value, SourceLocation at, string file)
    {
        Declare(module, "output", name, at);
        var key = TerraformConfig.Key(module, name);
        if (value is not null || !Overriding || !Outputs.ContainsKey(key))
        {
            Outputs[key] = value ?? [];
            Place(module, "output", name, at, file);
        }
    }
}
