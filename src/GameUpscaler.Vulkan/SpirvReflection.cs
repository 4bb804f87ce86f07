namespace GameUpscaler.Vulkan;

/// <summary>What kind of resource a shader binding is.</summary>
internal enum ShaderBindingKind
{
    StorageBuffer,
    UniformBuffer,
    StorageImage,
    SampledImage,
    Sampler,
    CombinedImageSampler,
}

/// <summary>How a shader uses a binding, from its <c>readonly</c>/<c>writeonly</c> qualifiers (NonWritable/NonReadable).</summary>
[Flags]
internal enum ShaderAccess
{
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}

/// <summary>One descriptor binding a shader declares.</summary>
internal readonly record struct ShaderBinding(uint Set, uint Binding, ShaderBindingKind Kind, string Name, ShaderAccess Access = ShaderAccess.ReadWrite);

/// <summary>
/// The interface of a compute shader read from its SPIR-V: descriptor bindings, the push-constant block's size and
/// the specialization constant ids. Pipeline layouts are built from it, and what a pass declares it will bind and
/// push is checked against it at pipeline creation (a mismatch would otherwise be a silent misread on the GPU).
/// </summary>
/// <param name="Bindings">Every descriptor binding, ordered by set then binding.</param>
/// <param name="PushConstantBytes">The size of the push-constant block (0 without one): the end of its last member.</param>
/// <param name="SpecializationIds">The SpecId of every specialization constant, ascending.</param>
internal sealed record ShaderInterface(IReadOnlyList<ShaderBinding> Bindings, int PushConstantBytes, IReadOnlyList<uint> SpecializationIds)
{
    private const uint Magic = 0x07230203;

    // Opcodes and enumerants of the SPIR-V specification (unified 1.6), as far as the reflection needs them.
    private const int OpName = 5;
    private const int OpTypeBool = 20;
    private const int OpTypeInt = 21;
    private const int OpTypeFloat = 22;
    private const int OpTypeVector = 23;
    private const int OpTypeMatrix = 24;
    private const int OpTypeImage = 25;
    private const int OpTypeSampler = 26;
    private const int OpTypeSampledImage = 27;
    private const int OpTypeArray = 28;
    private const int OpTypeRuntimeArray = 29;
    private const int OpTypeStruct = 30;
    private const int OpTypePointer = 32;
    private const int OpConstant = 43;
    private const int OpSpecConstantTrue = 48;
    private const int OpSpecConstantFalse = 49;
    private const int OpSpecConstant = 50;
    private const int OpVariable = 59;
    private const int OpDecorate = 71;
    private const int OpMemberDecorate = 72;
    private const uint DecorationSpecId = 1;
    private const uint DecorationBlock = 2;
    private const uint DecorationBufferBlock = 3;
    private const uint DecorationArrayStride = 6;
    private const uint DecorationMatrixStride = 7;
    private const uint DecorationBinding = 33;
    private const uint DecorationDescriptorSet = 34;
    private const uint DecorationOffset = 35;
    private const uint DecorationNonWritable = 24;
    private const uint DecorationNonReadable = 25;
    private const uint StorageUniformConstant = 0;
    private const uint StorageUniform = 2;
    private const uint StoragePushConstant = 9;
    private const uint StorageStorageBuffer = 12;

    /// <summary>Reads the interface of a SPIR-V module.</summary>
    /// <exception cref="InvalidOperationException">The words are not a SPIR-V module this reader understands.</exception>
    public static ShaderInterface Reflect(ReadOnlySpan<uint> code, string shaderName)
    {
        if (code.Length < 5 || code[0] != Magic)
        {
            throw new InvalidOperationException($"The shader '{shaderName}' is not a SPIR-V module (no magic number).");
        }

        var names = new Dictionary<uint, string>();
        var decorations = new Dictionary<(uint Target, uint Decoration), uint>();
        var memberOffsets = new Dictionary<(uint Struct, uint Member), uint>();
        var memberQualifiers = new Dictionary<(uint Struct, uint Decoration), int>(); // how many members carry NonWritable/NonReadable
        var types = new Dictionary<uint, uint[]>(); // result id -> the instruction's words (opcode first)
        var constants = new Dictionary<uint, uint>();
        var variables = new List<(uint PointerType, uint Id, uint Storage)>();
        var specConstants = new List<uint>();
        for (int at = 5; at < code.Length;)
        {
            int count = (int)(code[at] >> 16), opcode = (int)(code[at] & 0xFFFF);
            if (count == 0 || at + count > code.Length)
            {
                throw new InvalidOperationException($"The shader '{shaderName}' is a malformed SPIR-V module (instruction at word {at}).");
            }

            ReadOnlySpan<uint> op = code.Slice(at, count);
            switch (opcode)
            {
                case OpName when count >= 3:
                    names[op[1]] = DecodeString(op[2..]);
                    break;
                case OpDecorate when count >= 3:
                    decorations[(op[1], op[2])] = count >= 4 ? op[3] : 1;
                    break;
                case OpMemberDecorate when count >= 5 && op[3] == DecorationOffset:
                    memberOffsets[(op[1], op[2])] = op[4];
                    break;
                case OpMemberDecorate when count >= 4 && op[3] is DecorationNonWritable or DecorationNonReadable:
                    memberQualifiers[(op[1], op[3])] = memberQualifiers.GetValueOrDefault((op[1], op[3])) + 1;
                    break;
                case OpTypeBool or OpTypeInt or OpTypeFloat or OpTypeVector or OpTypeMatrix or OpTypeImage or OpTypeSampler
                    or OpTypeSampledImage or OpTypeArray or OpTypeRuntimeArray or OpTypeStruct or OpTypePointer:
                    uint[] words = op.ToArray();
                    words[0] = (uint)opcode; // the word count is not needed once the instruction is cut out
                    types[op[1]] = words;
                    break;
                case OpConstant when count >= 4:
                    constants[op[2]] = op[3];
                    break;
                case OpSpecConstant or OpSpecConstantTrue or OpSpecConstantFalse when count >= 3:
                    specConstants.Add(op[2]);
                    break;
                case OpVariable when count >= 4:
                    variables.Add((op[1], op[2], op[3]));
                    break;
            }

            at += count;
        }

        var bindings = new List<ShaderBinding>();
        int pushBytes = 0;
        foreach ((uint pointerType, uint id, uint storage) in variables)
        {
            uint pointee = Pointee(pointerType);
            if (storage == StoragePushConstant)
            {
                pushBytes = (int)SizeOf(pointee);
                continue;
            }

            if (storage is not (StorageUniformConstant or StorageUniform or StorageStorageBuffer))
            {
                continue;
            }

            uint element = StripArrays(pointee);
            ShaderBindingKind kind = storage switch
            {
                StorageStorageBuffer => ShaderBindingKind.StorageBuffer,
                StorageUniform => decorations.ContainsKey((element, DecorationBufferBlock)) ? ShaderBindingKind.StorageBuffer : ShaderBindingKind.UniformBuffer,
                _ => types[element][0] switch
                {
                    OpTypeImage => types[element][7] == 2 ? ShaderBindingKind.StorageImage : ShaderBindingKind.SampledImage,
                    OpTypeSampler => ShaderBindingKind.Sampler,
                    OpTypeSampledImage => ShaderBindingKind.CombinedImageSampler,
                    _ => throw new InvalidOperationException($"The shader '{shaderName}' declares a uniform-constant variable {id} of an unsupported type."),
                },
            };
            bindings.Add(new ShaderBinding(
                decorations.GetValueOrDefault((id, DecorationDescriptorSet)),
                decorations.TryGetValue((id, DecorationBinding), out uint binding)
                    ? binding
                    : throw new InvalidOperationException($"The shader '{shaderName}' has a resource variable {id} without a binding."),
                kind,
                names.GetValueOrDefault(id) ?? names.GetValueOrDefault(element) ?? $"%{id}",
                AccessOf(id, element)));
        }

        uint[] specIds = specConstants.Select(c => decorations.TryGetValue((c, DecorationSpecId), out uint specId) ? specId : uint.MaxValue)
            .Where(s => s != uint.MaxValue).Order().ToArray();
        return new ShaderInterface(bindings.OrderBy(b => b.Set).ThenBy(b => b.Binding).ToArray(), pushBytes, specIds);

        // readonly/writeonly reach SPIR-V on the variable or, for a block, on every member of its struct.
        ShaderAccess AccessOf(uint variable, uint element)
        {
            int members = types.TryGetValue(element, out uint[]? t) && t[0] == OpTypeStruct ? t.Length - 2 : 0;
            bool Qualified(uint decoration) => decorations.ContainsKey((variable, decoration))
                || (members > 0 && memberQualifiers.GetValueOrDefault((element, decoration)) == members);
            return Qualified(DecorationNonWritable) ? ShaderAccess.Read : Qualified(DecorationNonReadable) ? ShaderAccess.Write : ShaderAccess.ReadWrite;
        }

        uint Pointee(uint pointer) => types.TryGetValue(pointer, out uint[]? p) && p[0] == OpTypePointer
            ? p[3]
            : throw new InvalidOperationException($"The shader '{shaderName}' has a variable whose type {pointer} is not a pointer.");

        uint StripArrays(uint type)
        {
            while (types.TryGetValue(type, out uint[]? t) && t[0] is OpTypeArray or OpTypeRuntimeArray)
            {
                type = t[2];
            }

            return type;
        }

        uint SizeOf(uint type)
        {
            uint[] t = types.TryGetValue(type, out uint[]? found)
                ? found
                : throw new InvalidOperationException($"The shader '{shaderName}' refers to an unknown type {type}.");
            switch (t[0])
            {
                case OpTypeBool:
                    return 4;
                case OpTypeInt or OpTypeFloat:
                    return t[2] / 8;
                case OpTypeVector:
                    return t[3] * SizeOf(t[2]);
                case OpTypeMatrix:
                    return t[3] * (decorations.TryGetValue((type, DecorationMatrixStride), out uint matrixStride) ? matrixStride : SizeOf(t[2]));
                case OpTypeArray:
                    uint length = constants.TryGetValue(t[3], out uint value) ? value : 0;
                    return length * (decorations.TryGetValue((type, DecorationArrayStride), out uint stride) ? stride : SizeOf(t[2]));
                case OpTypeStruct:
                    uint end = 0;
                    for (uint member = 0; member < t.Length - 2; member++)
                    {
                        uint offset = memberOffsets.GetValueOrDefault((type, member));
                        end = Math.Max(end, offset + SizeOf(t[2 + (int)member]));
                    }

                    return end;
                default:
                    throw new InvalidOperationException($"The shader '{shaderName}' has a push-constant member of an unsupported type (opcode {t[0]}).");
            }
        }
    }

    private static string DecodeString(ReadOnlySpan<uint> words)
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(words);
        int end = bytes.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
