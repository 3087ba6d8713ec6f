using System.IO.Hashing;
using System.Text;

namespace Tollgate.Terraform.Graph.Dot;

/// <summary>
/// Dense ids for names read as UTF-8 bytes: each occurrence costs one hash and one byte comparison, and each
/// distinct name is decoded to a string once. Open addressing over a power-of-two table kept at most half full.
/// </summary>
internal sealed class NameTable
{
    // A slot holds the upper 32 bits of the name's hash and its id + 1 (0: empty), so a probe that misses
    // reads nothing else.
    private long[] _slots;
    private ulong[] _hashes;
    private int[] _starts;
    private byte[] _arena;
    private int _arenaUsed;
    private readonly List<string> _names;

    public NameTable(int expected = 1024)
    {
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, expected * 2));
        _slots = new long[capacity];
        _hashes = new ulong[Math.Max(16, expected)];
        _starts = new int[Math.Max(16, expected) + 1];
        _arena = new byte[Math.Max(1024, expected * 32)];
        _names = new List<string>(expected);
    }

    public int Count => _names.Count;

    /// <summary>The names, indexed by id, in the order they were first seen.</summary>
    public IReadOnlyList<string> Names => _names;

    public string this[int id] => _names[id];

    /// <summary>The id of <paramref name="name"/>, adding it when it is new.</summary>
    public int Intern(ReadOnlySpan<byte> name)
    {
        var hash = XxHash3.HashToUInt64(name);
        var tag = (long)(hash >> 32) << 32;
        var mask = _slots.Length - 1;
        var slot = (int)hash & mask;
        while (true)
        {
            var entry = _slots[slot];
            if (entry == 0)
            {
                break;
            }

            var id = (int)entry - 1;
            if ((entry & ~0xFFFFFFFFL) == tag && _arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]).SequenceEqual(name))
            {
                return id;
            }

            slot = (slot + 1) & mask;
        }

        return Add(name, hash, slot);
    }

    private int Add(ReadOnlySpan<byte> name, ulong hash, int slot)
    {
        var id = _names.Count;
        if (id + 1 >= _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
            Array.Resize(ref _starts, (_starts.Length * 2) + 1);
        }

        if (_arenaUsed + name.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + name.Length));
        }

        name.CopyTo(_arena.AsSpan(_arenaUsed));
        _starts[id] = _arenaUsed;
        _arenaUsed += name.Length;
        _starts[id + 1] = _arenaUsed;
        _hashes[id] = hash;
        _names.Add(Encoding.UTF8.GetString(name));
        _slots[slot] = Entry(hash, id);
        if ((id + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        return id;
    }

    private void Grow()
    {
        var slots = new long[_slots.Length * 2];
        var mask = slots.Length - 1;
        for (var id = 0; id < _names.Count; id++)
        {
            var slot = (int)_hashes[id] & mask;
            while (slots[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = Entry(_hashes[id], id);
        }

        _slots = slots;
    }

    private static long Entry(ulong hash, int id) => ((long)(hash >> 32) << 32) | (uint)(id + 1);
}
