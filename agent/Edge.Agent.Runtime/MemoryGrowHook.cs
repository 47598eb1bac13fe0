namespace Edge.Agent.Runtime;

/// <summary>
/// Makes a refused <c>memory.grow</c> visible. The store limiter (Store.SetLimits) refuses a
/// growth past the workload's memory limit by returning -1 to the guest, which then usually
/// exits or traps on its own, and Wasmtime's C API offers no hook or trap for it. So before
/// compiling, each <c>memory.grow</c> in the module's code becomes a call to a function appended
/// to the module that does the same growth and, when it returns -1, sets an exported global.
/// After a failed run the runtime reads that global: the outcome is a memory failure whatever
/// the size asked for. No existing index moves (the function, type and global are appended),
/// and the guest sees exactly the growth it asked for. A module this reader does not fully
/// understand (GC types, 64-bit memories, an opcode it does not know) is left as it is.
/// </summary>
internal static class MemoryGrowHook
{
    /// <summary>The exported i32 global that is 1 once a memory.grow was refused in this instance.</summary>
    public const string ExportName = "edge:memory-grow-refused";

    private const byte TypeId = 1, ImportId = 2, FunctionId = 3, MemoryId = 5, GlobalId = 6, ExportId = 7, CodeId = 10;

    // Order of known sections in a binary (custom sections, id 0, may sit anywhere).
    private static readonly byte[] SectionOrder = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11];

    /// <summary>The module with its memory.grow instructions hooked, or null when it has none or cannot be rewritten.</summary>
    public static byte[]? TryInstrument(ReadOnlySpan<byte> module)
    {
        try
        {
            return Instrument(module);
        }
        catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // malformed or not understood: compile it as it is and let Wasmtime judge
        }
    }

    private static byte[]? Instrument(ReadOnlySpan<byte> module)
    {
        if (module.Length < 8 || !ModuleLoader.IsBinary(module))
        {
            return null;
        }

        var sections = new List<(byte Id, int Start, int Length)>();
        var pos = 8;
        while (pos < module.Length)
        {
            var id = module[pos++];
            var size = (int)ReadU32(module, ref pos);
            if (size < 0 || pos + size > module.Length)
            {
                throw new FormatException("section past the end");
            }

            sections.Add((id, pos, size));
            pos += size;
        }

        int types = 0, importedFunctions = 0, importedGlobals = 0, definedFunctions = 0, definedGlobals = 0;
        var grows = new List<(int Body, List<(int Offset, int Length, uint Memory)> Sites)>();
        foreach (var (id, start, length) in sections)
        {
            var payload = module.Slice(start, length);
            switch (id)
            {
                case TypeId:
                    types = CountFunctionTypes(payload);
                    break;
                case ImportId:
                    (importedFunctions, importedGlobals) = CountImports(payload);
                    break;
                case FunctionId:
                    var f = 0;
                    definedFunctions = (int)ReadU32(payload, ref f);
                    break;
                case MemoryId:
                    CheckMemories(payload);
                    break;
                case GlobalId:
                    var g = 0;
                    definedGlobals = (int)ReadU32(payload, ref g);
                    break;
                case CodeId:
                    FindGrows(payload, grows);
                    break;
            }
        }

        var memories = grows.SelectMany(g => g.Sites).Select(s => s.Memory).Distinct().Order().ToList();
        if (memories.Count == 0)
        {
            return null;
        }

        var hookType = (uint)types;
        var flagGlobal = (uint)(importedGlobals + definedGlobals);
        var firstHook = (uint)(importedFunctions + definedFunctions);
        var hookOf = memories.Select((m, i) => (m, Index: firstHook + (uint)i)).ToDictionary(x => x.m, x => x.Index);

        var replaced = new Dictionary<byte, byte[]>
        {
            [TypeId] = Append(Find(module, sections, TypeId), 1, [0x60, 0x01, 0x7F, 0x01, 0x7F]),
            [FunctionId] = Append(Find(module, sections, FunctionId), memories.Count, [.. memories.SelectMany(_ => Leb(hookType))]),
            [GlobalId] = Append(Find(module, sections, GlobalId), 1, [0x7F, 0x01, 0x41, 0x00, 0x0B]),
            [ExportId] = Append(Find(module, sections, ExportId), 1, [.. Name(ExportName), 0x03, .. Leb(flagGlobal)]),
            [CodeId] = RewriteCode(Find(module, sections, CodeId), grows, hookOf, memories, flagGlobal),
        };

        using var output = new MemoryStream(module.Length + 256);
        output.Write(module[..8]);
        var written = new HashSet<byte>();
        foreach (var (id, start, length) in sections)
        {
            if (id != 0)
            {
                // A section the module lacks goes in before the first one that comes after it.
                foreach (var missing in replaced.Keys.Where(k => !written.Contains(k) && Rank(k) < Rank(id)).OrderBy(Rank).ToList())
                {
                    WriteSection(output, missing, replaced[missing]);
                    written.Add(missing);
                }
            }

            if (replaced.TryGetValue(id, out var content))
            {
                WriteSection(output, id, content);
                written.Add(id);
            }
            else
            {
                WriteSection(output, id, module.Slice(start, length));
            }
        }

        foreach (var missing in replaced.Keys.Where(k => !written.Contains(k)).OrderBy(Rank))
        {
            WriteSection(output, missing, replaced[missing]);
        }

        return output.ToArray();
    }

    private static int Rank(byte id) => Array.IndexOf(SectionOrder, id) is var i and >= 0 ? i : throw new FormatException($"unknown section {id}");

    private static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> module, List<(byte Id, int Start, int Length)> sections, byte id)
    {
        foreach (var (sid, start, length) in sections)
        {
            if (sid == id)
            {
                return module.Slice(start, length);
            }
        }

        return [0x00]; // an empty vector
    }

    /// <summary>A vector section with <paramref name="added"/> more entries whose bytes are <paramref name="entries"/>.</summary>
    private static byte[] Append(ReadOnlySpan<byte> payload, int added, ReadOnlySpan<byte> entries)
    {
        var pos = 0;
        var count = ReadU32(payload, ref pos);
        return [.. Leb(count + (uint)added), .. payload[pos..], .. entries];
    }

    private static byte[] RewriteCode(
        ReadOnlySpan<byte> payload,
        List<(int Body, List<(int Offset, int Length, uint Memory)> Sites)> grows,
        Dictionary<uint, uint> hookOf,
        List<uint> memories,
        uint flagGlobal)
    {
        var pos = 0;
        var count = ReadU32(payload, ref pos);
        var sites = grows.ToDictionary(g => g.Body, g => g.Sites);
        using var output = new MemoryStream(payload.Length + 64);
        output.Write(Leb(count + (uint)memories.Count));
        for (var body = 0; body < count; body++)
        {
            var size = (int)ReadU32(payload, ref pos);
            var code = payload.Slice(pos, size);
            pos += size;
            if (!sites.TryGetValue(body, out var at))
            {
                output.Write(Leb((uint)size));
                output.Write(code);
                continue;
            }

            var rewritten = new List<byte>(size + (at.Count * 4));
            var from = 0;
            foreach (var (offset, length, memory) in at)
            {
                rewritten.AddRange(code[from..offset]);
                rewritten.Add(0x10); // call
                rewritten.AddRange(Leb(hookOf[memory]));
                from = offset + length;
            }

            rewritten.AddRange(code[from..]);
            output.Write(Leb((uint)rewritten.Count));
            output.Write(rewritten.ToArray());
        }

        foreach (var memory in memories)
        {
            // (local i32) local.get 0 memory.grow m local.tee 1 i32.const -1 i32.eq
            // if i32.const 1 global.set flag end local.get 1 end
            byte[] hook =
            [
                0x01, 0x01, 0x7F,
                0x20, 0x00, 0x40, .. Leb(memory), 0x22, 0x01, 0x41, 0x7F, 0x46,
                0x04, 0x40, 0x41, 0x01, 0x24, .. Leb(flagGlobal), 0x0B,
                0x20, 0x01, 0x0B,
            ];
            output.Write(Leb((uint)hook.Length));
            output.Write(hook);
        }

        return output.ToArray();
    }

    private static void FindGrows(ReadOnlySpan<byte> payload, List<(int Body, List<(int Offset, int Length, uint Memory)> Sites)> grows)
    {
        var pos = 0;
        var count = ReadU32(payload, ref pos);
        for (var body = 0; body < count; body++)
        {
            var size = (int)ReadU32(payload, ref pos);
            if (size < 0 || pos + size > payload.Length)
            {
                throw new FormatException("function body past the end");
            }

            var code = payload.Slice(pos, size);
            pos += size;
            var at = 0;
            var groups = ReadU32(code, ref at);
            for (var i = 0; i < groups; i++)
            {
                ReadU32(code, ref at);
                SkipValueType(code, ref at);
            }

            List<(int, int, uint)>? sites = null;
            while (at < code.Length)
            {
                var start = at;
                if (code[at] == 0x40)
                {
                    at++;
                    var memory = ReadU32(code, ref at);
                    (sites ??= []).Add((start, at - start, memory));
                    continue;
                }

                SkipInstruction(code, ref at);
            }

            if (sites is not null)
            {
                grows.Add((body, sites));
            }
        }
    }

    /// <summary>Steps over one instruction other than memory.grow; throws on one it does not know.</summary>
    private static void SkipInstruction(ReadOnlySpan<byte> code, ref int at)
    {
        var op = code[at++];
        switch (op)
        {
            case 0x00 or 0x01 or 0x05 or 0x0A or 0x0B or 0x0F or 0x19 or 0x1A or 0x1B or 0xD1 or 0xD3 or 0xD4:
            case >= 0x45 and <= 0xC4:
                return;
            case 0x02 or 0x03 or 0x04 or 0x06:
                SkipBlockType(code, ref at);
                return;
            case 0x07 or 0x08 or 0x09 or 0x0C or 0x0D or 0x10 or 0x12 or 0x14 or 0x15 or 0x18 or 0xD2 or 0xD5 or 0xD6:
            case >= 0x20 and <= 0x26:
            case 0x3F or 0x41 or 0x42 or 0xD0:
                SkipLeb(code, ref at);
                return;
            case 0x0E:
                for (var n = ReadU32(code, ref at); n > 0; n--)
                {
                    SkipLeb(code, ref at);
                }

                SkipLeb(code, ref at);
                return;
            case 0x11 or 0x13:
                SkipLeb(code, ref at);
                SkipLeb(code, ref at);
                return;
            case 0x1C:
                for (var n = ReadU32(code, ref at); n > 0; n--)
                {
                    SkipValueType(code, ref at);
                }

                return;
            case 0x1F:
                SkipBlockType(code, ref at);
                for (var n = ReadU32(code, ref at); n > 0; n--)
                {
                    var kind = code[at++];
                    if (kind <= 1)
                    {
                        SkipLeb(code, ref at);
                    }

                    SkipLeb(code, ref at);
                }

                return;
            case >= 0x28 and <= 0x3E:
                SkipMemArg(code, ref at);
                return;
            case 0x43:
                at += 4;
                return;
            case 0x44:
                at += 8;
                return;
            case 0xFC:
                SkipMisc(code, ref at);
                return;
            case 0xFD:
                SkipVector(code, ref at);
                return;
            case 0xFE:
                var atomic = ReadU32(code, ref at);
                if (atomic == 0x03)
                {
                    at++;
                }
                else if (atomic is <= 0x02 or (>= 0x10 and <= 0x4E))
                {
                    SkipMemArg(code, ref at);
                }
                else
                {
                    throw new FormatException($"atomic opcode {atomic}");
                }

                return;
            default:
                throw new FormatException($"opcode 0x{op:x2}");
        }
    }

    private static void SkipMisc(ReadOnlySpan<byte> code, ref int at)
    {
        var sub = ReadU32(code, ref at);
        var immediates = sub switch
        {
            <= 7 => 0,
            8 or 10 or 12 or 14 => 2,
            9 or 11 or 13 or 15 or 16 or 17 => 1,
            _ => throw new FormatException($"0xfc opcode {sub}"),
        };
        for (var i = 0; i < immediates; i++)
        {
            SkipLeb(code, ref at);
        }
    }

    private static void SkipVector(ReadOnlySpan<byte> code, ref int at)
    {
        var sub = ReadU32(code, ref at);
        switch (sub)
        {
            case <= 11 or 92 or 93:
                SkipMemArg(code, ref at);
                break;
            case 12 or 13:
                at += 16;
                break;
            case >= 21 and <= 34:
                at++;
                break;
            case >= 84 and <= 91:
                SkipMemArg(code, ref at);
                at++;
                break;
            case <= 0x113:
                break;
            default:
                throw new FormatException($"0xfd opcode {sub}");
        }
    }

    private static void SkipMemArg(ReadOnlySpan<byte> code, ref int at)
    {
        var align = ReadU32(code, ref at);
        if ((align & 0x40) != 0)
        {
            SkipLeb(code, ref at); // memory index (multi-memory)
        }

        SkipLeb(code, ref at); // offset
    }

    private static void SkipBlockType(ReadOnlySpan<byte> code, ref int at)
    {
        var b = code[at];
        if (b is 0x63 or 0x64)
        {
            at++;
        }

        SkipLeb(code, ref at); // empty (0x40), a value type or a type index
    }

    private static void SkipValueType(ReadOnlySpan<byte> code, ref int at)
    {
        var b = code[at++];
        if (b is 0x63 or 0x64)
        {
            SkipLeb(code, ref at); // the heap type
        }
    }

    /// <summary>Number of types; only plain function types are understood (a GC rec group defines several).</summary>
    private static int CountFunctionTypes(ReadOnlySpan<byte> payload)
    {
        var pos = 0;
        var count = (int)ReadU32(payload, ref pos);
        for (var i = 0; i < count; i++)
        {
            if (payload[pos++] != 0x60)
            {
                throw new FormatException("a type other than a plain function type");
            }

            for (var list = 0; list < 2; list++)
            {
                for (var n = ReadU32(payload, ref pos); n > 0; n--)
                {
                    SkipValueType(payload, ref pos);
                }
            }
        }

        return count;
    }

    private static (int Functions, int Globals) CountImports(ReadOnlySpan<byte> payload)
    {
        var pos = 0;
        var count = ReadU32(payload, ref pos);
        int functions = 0, globals = 0;
        for (var i = 0; i < count; i++)
        {
            for (var name = 0; name < 2; name++)
            {
                var length = (int)ReadU32(payload, ref pos); // module name, then field name
                pos += length;
            }

            switch (payload[pos++])
            {
                case 0x00:
                    SkipLeb(payload, ref pos);
                    functions++;
                    break;
                case 0x01:
                    SkipValueType(payload, ref pos);
                    SkipLimits(payload, ref pos);
                    break;
                case 0x02:
                    if (SkipLimits(payload, ref pos))
                    {
                        throw new FormatException("a 64-bit memory");
                    }

                    break;
                case 0x03:
                    SkipValueType(payload, ref pos);
                    pos++;
                    globals++;
                    break;
                case 0x04:
                    pos++;
                    SkipLeb(payload, ref pos);
                    break;
                default:
                    throw new FormatException("unknown import kind");
            }
        }

        return (functions, globals);
    }

    private static void CheckMemories(ReadOnlySpan<byte> payload)
    {
        var pos = 0;
        for (var n = ReadU32(payload, ref pos); n > 0; n--)
        {
            if (SkipLimits(payload, ref pos))
            {
                throw new FormatException("a 64-bit memory");
            }
        }
    }

    /// <summary>Steps over limits; true when they are 64-bit.</summary>
    private static bool SkipLimits(ReadOnlySpan<byte> payload, ref int pos)
    {
        var flags = payload[pos++];
        SkipLeb(payload, ref pos);
        if ((flags & 0x01) != 0)
        {
            SkipLeb(payload, ref pos);
        }

        if ((flags & 0x08) != 0)
        {
            SkipLeb(payload, ref pos); // custom page size
        }

        return (flags & 0x04) != 0;
    }

    private static uint ReadU32(ReadOnlySpan<byte> data, ref int pos)
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new FormatException("LEB128 past the end");
            }

            var b = data[pos++];
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("LEB128 too long");
    }

    private static void SkipLeb(ReadOnlySpan<byte> data, ref int pos)
    {
        for (var i = 0; i < 10; i++)
        {
            if (pos >= data.Length)
            {
                throw new FormatException("LEB128 past the end");
            }

            if ((data[pos++] & 0x80) == 0)
            {
                return;
            }
        }

        throw new FormatException("LEB128 too long");
    }

    private static byte[] Leb(uint value)
    {
        var bytes = new List<byte>(5);
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Name(string name) => [.. Leb((uint)System.Text.Encoding.UTF8.GetByteCount(name)), .. System.Text.Encoding.UTF8.GetBytes(name)];

    private static void WriteSection(MemoryStream output, byte id, ReadOnlySpan<byte> content)
    {
        output.WriteByte(id);
        output.Write(Leb((uint)content.Length));
        output.Write(content);
    }
}
