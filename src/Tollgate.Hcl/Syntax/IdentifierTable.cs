namespace Tollgate.Hcl.Syntax;

/// <summary>
/// The identifiers one parser read lately, so that a name it meets again is the same string: a configuration repeats
/// a few names (<c>resource</c>, its types, <c>input</c>, <c>id</c>) hundreds of thousands of times. A fixed table
/// hashed on the length and three characters; a name that misses replaces the slot's. One per parsing thread.
/// </summary>
internal sealed class IdentifierTable
{
    private const int Longest = 32;

    private readonly string?[] _slots = new string?[1024];

    public string Get(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > Longest)
        {
            return name.ToString();
        }

        ref var slot = ref _slots[(name.Length * 31 + name[0] * 7 + name[name.Length / 2] * 3 + name[^1]) & (_slots.Length - 1)];
        if (slot is null || !name.SequenceEqual(slot))
        {
            slot = name.ToString();
        }

        return slot;
    }
}
